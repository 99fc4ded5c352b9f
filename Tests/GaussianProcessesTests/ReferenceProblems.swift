// ReferenceProblems.swift: the small data sets the tests share, written out so that
// Tests/References/gp_reference_values.py can rebuild them exactly for scikit-learn.

import HyperSearch
import LabMath
@testable import GaussianProcesses

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

/// The benchmark's problem (Sources/Benchmarks/GPCases.swift and
/// Tests/References/gp_benchmark_problem.py): 30 noisy Branin values on the unit square.
func braninObservations(count: Int = 30) -> (inputs: Matrix, targets: [Double]) {
    TestFunctions.noisyBraninObservations(count: count)
}
