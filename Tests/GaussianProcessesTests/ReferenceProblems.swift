// ReferenceProblems.swift: the small data sets the tests share, written out so that
// Tests/References/gp_reference_values.py can rebuild them exactly for scikit-learn.

import LabMath
@testable import GaussianProcesses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seven points in the unit square, targets chosen by hand, four test points (the last
/// one is the training point [0.35, 0.80]); hyperparameters 1.7, [0.3, 0.8], 0.05.
enum SmallProblem {
    static let inputs = Matrix([[0.10, 0.20], [0.35, 0.80], [0.50, 0.45], [0.72, 0.10],
                                [0.90, 0.65], [0.25, 0.55], [0.60, 0.95]])
    static let targets: [Double] = [1.2, -0.4, 0.9, 2.1, -1.3, 0.3, -0.8]
    static let testPoints = Matrix([[0.15, 0.25], [0.50, 0.50], [0.95, 0.95], [0.35, 0.80]])
    static let hyperparameters = KernelHyperparameters(signalVariance: 1.7, lengthScales: [0.3, 0.8],
                                                       noiseVariance: 0.05)
}

/// Branin (Dixon and Szego 1978) on [-5, 10] x [0, 15], at a point of the unit square.
func branin(_ u1: Double, _ u2: Double) -> Double {
    let x1 = 15.0 * u1 - 5.0
    let x2 = 15.0 * u2
    let b = 5.1 / (4.0 * Double.pi * Double.pi)
    let c = 5.0 / Double.pi
    let t = 1.0 / (8.0 * Double.pi)
    let square = x2 - b * x1 * x1 + c * x1 - 6.0
    return square * square + 10.0 * (1.0 - t) * cos(x1) + 10.0
}

/// The benchmark's problem (Sources/Benchmarks/GPCases.swift and
/// Tests/References/gp_benchmark_problem.py): `count` uniform points from SeededGenerator(2024),
/// drawn per point as u1, u2, then N(0, 1) noise on the Branin value.
func braninObservations(count: Int = 30) -> (inputs: Matrix, targets: [Double]) {
    var rng = SeededGenerator(seed: 2024)
    var inputs = Matrix(rows: count, columns: 2)
    var targets: [Double] = []
    for i in 0..<count {
        inputs[i, 0] = rng.nextDouble()
        inputs[i, 1] = rng.nextDouble()
        targets.append(branin(inputs[i, 0], inputs[i, 1]) + rng.nextNormal(standardDeviation: 1))
    }
    return (inputs, targets)
}
