// DataChecks.swift
//
// What this file teaches: why a trainer refuses bad data before it starts, and how to
// look at every number of a data set quickly enough to do it on every call.
//
// A NaN or an infinity in the inputs does not always show up in the loss (ReLU's
// max(0, z) turns a NaN into 0), and a cross-entropy target of 2 rewards wrong answers.
// So `fit`, `evaluate`, `predict` and `TrainingSession` check their data first and name
// the first bad value by row and column.
//
// The checks run on every call (a `TrainingSession` calls `fit` once per epoch), so
// they are written to be cheap: one pass that compares 8 values at a time in SIMD
// registers and keeps a running "all good so far" mask, with no branch per value. Only
// when that pass finds a problem does a second, plain search look for the first bad
// value, to name it in the message.

import LabMath

extension Sequential {
    /// Checks that the model is compiled and `x` has its input width and only finite
    /// values. `role` names the data in the message ("training inputs").
    ///
    /// Why refuse NaN and infinities up front: a NaN input does not always make the loss
    /// NaN. ReLU's max(0, z) drops it (max(0, NaN) is 0), so training "completes" and
    /// `evaluate` returns a finite loss for a batch with a NaN row: silently wrong.
    func checkInput(_ x: Matrix, role: String = "inputs") throws {
        guard isCompiled else { throw ModelError.notCompiled }
        guard x.columns == shapes[0].elementCount else {
            throw ModelError.dataShapeMismatch(
                "the model expects \(shapes[0].elementCount) input values per example \(shapes[0]), but the data has \(x.columns) columns")
        }
        try Sequential.checkFinite(x, role: role)
    }

    /// Checks the targets' shape, that they are finite, and that they are in the range
    /// the loss is defined on: probabilities in [0, 1] for the cross-entropies (a target
    /// of 2 would make binary cross-entropy reward wrong answers and go negative).
    func checkTargets(_ y: Matrix, rows: Int, role: String = "targets") throws {
        let outputs = shapes.last!.elementCount
        guard y.rows == rows else {
            throw ModelError.dataShapeMismatch("\(rows) examples but \(y.rows) targets")
        }
        guard y.columns == outputs else {
            throw ModelError.dataShapeMismatch(
                "the model outputs \(outputs) values per example but the targets have \(y.columns) columns"
                    + (outputs > 1 && y.columns == 1 ? " (one-hot encode the labels for categorical cross-entropy)" : ""))
        }
        try Sequential.checkFinite(y, role: role)
        if loss == .binaryCrossEntropy || loss == .categoricalCrossEntropy, !allSatisfy(y.elements, isProbability),
           let e = y.elements.firstIndex(where: { !(0...1).contains($0) }) {
            throw ModelError.invalidArgument(
                "\(loss.kerasName) compares probabilities, so \(role) must be between 0 and 1; row \(e / y.columns + 1), "
                    + "column \(e % y.columns + 1) is \(y.elements[e])")
        }
    }

    /// A chunk of 0 rows would never advance (the loop ran forever); a negative one trapped.
    static func checkChunkSize(_ batchSize: Int, _ call: String) throws {
        try require(batchSize >= 1, "\(call)(batchSize: \(batchSize))", "the batch size must be at least 1")
    }

    /// Throws naming the first NaN or infinite value of `m` (row and column, 1-based).
    static func checkFinite(_ m: Matrix, role: String) throws {
        guard !allSatisfy(m.elements, isFiniteNumber), let e = m.elements.firstIndex(where: { !$0.isFinite }) else {
            return
        }
        throw ModelError.invalidArgument("\(role): row \(e / m.columns + 1), column \(e % m.columns + 1) is "
                                         + "\(m.elements[e]); every value must be a finite number")
    }
}

/// The comparison `allSatisfy` makes, on 8 values at once: true in each lane whose value
/// passes.
typealias LaneTest = (SIMD8<Double>) -> SIMDMask<SIMD8<Int64>>

/// x - x == 0: true for every finite x, false for both infinities (inf - inf is NaN)
/// and for NaN (every comparison with NaN is false), the same values as
/// `Double.isFinite`. Written with arithmetic so that it stays in the floating-point
/// SIMD instructions (a subtraction and a comparison for 4 values at once with AVX).
@inline(__always)
func isFiniteNumber(_ x: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>> {
    (x - x) .== 0
}

/// 0 <= x <= 1, as `(0...1).contains(x)` (false for NaN).
@inline(__always)
func isProbability(_ x: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>> {
    (x .>= 0) .& (x .<= 1)
}

/// True when every value passes `test`: 8 values per step, their results combined with
/// "and" into one mask, checked once at the end. The last `count % 8` values are padded
/// with copies of the first value, which the full pass tests anyway.
@inline(__always)
func allSatisfy(_ values: [Double], _ test: LaneTest) -> Bool {
    values.withUnsafeBufferPointer { buffer in
        guard let start = buffer.baseAddress else { return true }
        var passing = SIMDMask<SIMD8<Int64>>(repeating: true)
        var i = 0
        while i + 8 <= buffer.count {
            passing .&= test(UnsafeRawPointer(start + i).loadUnaligned(as: SIMD8<Double>.self))
            i += 8
        }
        var last = SIMD8<Double>(repeating: start[0])
        for lane in 0..<(buffer.count - i) { last[lane] = start[i + lane] }
        passing .&= test(last)
        return all(passing)
    }
}
