// The posterior's gradient with respect to the test point, against central
// differences of `predict` (the values themselves must agree exactly).

import Foundation
import Testing
import LabMath
@testable import GaussianProcesses
import TestSupport

@Suite("Prediction gradient")
struct PredictionGradientTests {
    @Test(arguments: Kernel.allCases)
    func gradientsMatchCentralDifferences(kernel: Kernel) throws {
        var rng = SeededGenerator(seed: 8)
        let inputs = Matrix(rows: 12, columns: 3, elements: (0..<36).map { _ in rng.nextDouble() })
        let targets = (0..<12).map { i in sin(6 * inputs[i, 0]) + inputs[i, 1] * inputs[i, 2] + 0.1 * rng.nextNormal() }
        let gp = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: kernel,
                                              hyperparameters: KernelHyperparameters(signalVariance: 1.3, lengthScales: [0.3, 0.5, 0.8],
                                                                                     noiseVariance: 0.01))
        for _ in 0..<5 {
            let x = (0..<3).map { _ in rng.nextDouble() }
            let p = try gp.predictWithGradient(at: x)
            let direct = try gp.predict(Matrix(rows: 1, columns: 3, elements: x))
            #expect(isClose(p.mean, direct.mean[0], relative: 1e-12))
            #expect(isClose(p.variance, direct.variance[0], relative: 1e-10, absolute: 1e-14))
            // Central differences with h = 1e-6: truncation ~1e-12, rounding ~1e-10
            // relative to values of order 1; 1e-6 relative leaves a wide margin.
            let h = 1e-6
            for j in 0..<3 {
                var plus = x, minus = x
                plus[j] += h
                minus[j] -= h
                let up = try gp.predict(Matrix(rows: 1, columns: 3, elements: plus))
                let down = try gp.predict(Matrix(rows: 1, columns: 3, elements: minus))
                let dMean = (up.mean[0] - down.mean[0]) / (2 * h)
                let dVariance = (up.variance[0] - down.variance[0]) / (2 * h)
                #expect(isClose(p.meanGradient[j], dMean, relative: 1e-6, absolute: 1e-8), "mean, dimension \(j)")
                #expect(isClose(p.varianceGradient[j], dVariance, relative: 1e-6, absolute: 1e-8), "variance, dimension \(j)")
            }
        }
        #expect(throws: GaussianProcessError.self) { try gp.predictWithGradient(at: [0.5]) }
    }
}
