// Issue 8, item 4.9: a Gaussian process on huge finite targets (1e300, 1e308) used to
// report success with an infinite target scale and return NaN predictions. Targets
// beyond +/-1e150 are now refused with a message that says why and what to do; below
// the limit, predictions are finite and scale exactly with the targets.

import Testing
import LabMath
@testable import GaussianProcesses
import TestSupport

@Suite("Hostile input: Gaussian processes")
struct HostileInputGaussianProcessTests {
    let inputs = Matrix([[0.1], [0.5], [0.9]])
    let hyperparameters = KernelHyperparameters(signalVariance: 1, lengthScales: [0.3], noiseVariance: 1e-4)

    @Test(arguments: [1e300, 1e308, -1e200, 1.0000001e150])
    func item4_9_hugeTargetsAreRefusedNotReturnedAsNaN(magnitude: Double) {
        let targets = [magnitude, magnitude / 2, -magnitude / 3]
        for normalizes in [true, false] {
            let message = thrownMessage {
                _ = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: .matern52,
                                                 hyperparameters: hyperparameters, normalizesTargets: normalizes)
            }
            #expect(message?.hasPrefix("target out of range: target 0 is") == true, "\(magnitude): \(message ?? "none")")
            #expect(message?.contains("divide the targets by a constant first") == true)
        }
        var rng = SeededGenerator(seed: 1)
        #expect(throws: GaussianProcessError.self) {
            try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: .matern52, restarts: 1, rng: &rng)
        }
    }

    @Test func item4_9_largeTargetsBelowTheLimitScaleExactly() throws {
        let unit = [1.0, 3.0, 2.0]
        let points = Matrix([[0.1], [0.3], [0.7]])
        let small = try GaussianProcessRegressor(inputs: inputs, targets: unit, kernel: .matern52,
                                                 hyperparameters: hyperparameters).predict(points)
        // 2^490 (about 3.2e147) is a power of two, so scaling by it is exact: with
        // normalised targets the GP sees the same z, and every prediction must scale
        // by the same factor (the variance by its square, 1e295, still finite).
        let factor = Double(sign: .plus, exponent: 490, significand: 1)
        let large = try GaussianProcessRegressor(inputs: inputs, targets: unit.map { $0 * factor }, kernel: .matern52,
                                                 hyperparameters: hyperparameters).predict(points)
        #expect(large.mean.allSatisfy(\.isFinite) && large.standardDeviation.allSatisfy(\.isFinite))
        #expect(maximumRelativeError(large.mean, small.mean.map { $0 * factor }) < 1e-12)
        #expect(maximumRelativeError(large.standardDeviation, small.standardDeviation.map { $0 * factor }) < 1e-12)
    }
}
