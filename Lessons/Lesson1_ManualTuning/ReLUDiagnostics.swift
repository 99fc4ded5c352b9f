// ReLUDiagnostics.swift
//
// What this file teaches: a ReLU unit whose weighted sum is negative for every input
// outputs 0 for every input, so its gradient is 0 too and it never recovers: a "dead"
// unit. Counting them explains why a network stopped learning.

import LabMath
import TrainingEngine

enum ReLUDiagnostics {
    /// The number of units of the first layer (if it is a ReLU Dense layer) that output
    /// 0 for every row of `x`, and the layer's unit count.
    static func deadUnits(of model: Sequential, on x: Matrix) throws -> (dead: Int, units: Int)? {
        guard let first = model.layers.first as? Dense, first.activation == .relu else { return nil }
        _ = try model.predict(x, batchSize: x.rows)
        let output = first.output
        var dead = 0
        for unit in 0..<output.columns where (0..<output.rows).allSatisfy({ output[$0, unit] == 0 }) {
            dead += 1
        }
        return (dead, output.columns)
    }
}
