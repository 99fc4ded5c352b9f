// The Parzen estimator under TPE: kernel widths and weights worked out by hand, log
// densities of every kind of hyperparameter against Optuna 5.0.0's own `_ParzenEstimator`
// (cross-checked there against the formulas with scipy.stats.truncnorm, to 1e-12; see
// Tests/References/tpe_reference_values.py, whose output lines are quoted by name), and
// draws that follow the mixture.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import LabMath
@testable import HyperSearch
import TestSupport

@Suite("Parzen estimator")
struct ParzenEstimatorTests {
    let x = Hyperparameter.real("x", low: 0, high: 10)

    /// Observations 2, 3, 7.5 in [0, 10]. Sorted with the bounds: 0 | 2 3 7.5 | 10.
    /// Widths: 2 -> its inner neighbour only (no endpoints): 1; 3 -> max(1, 4.5) = 4.5;
    /// 7.5 -> its inner neighbour: 4.5. Magic clip: at least 10 / min(100, 3 + 2) = 2, so
    /// 1 becomes 2. Prior kernel: mean 5, width 10. Weights: (1, 1, 1, 1) / 4.
    @Test func widthsAndWeightsByHand() {
        let l = ParzenEstimator(parameters: [x], observations: [[2], [3], [7.5]])
        guard case let .numeric(kernels, _, _, _) = l.kernels[0] else { Issue.record("numeric kernels expected"); return }
        #expect(kernels.map(\.standardDeviation) == [2, 4.5, 4.5, 10])
        #expect(kernels.map(\.mean) == [2, 3, 7.5, 5])
        #expect(l.weights == [0.25, 0.25, 0.25, 0.25])
        // One observation: the larger distance to a bound (9 - 0 = 9 vs 10 - 9 = 1).
        let one = ParzenEstimator(parameters: [x], observations: [[9]])
        guard case let .numeric(single, _, _, _) = one.kernels[0] else { return }
        #expect(single.map(\.standardDeviation) == [9, 10])
        // Optuna's default_weights: 1 for the last 25, numpy.linspace(1/30, 1, 5) before.
        let w = ParzenEstimator.defaultWeights(30)
        #expect(w.count == 30 && w[5...].allSatisfy { $0 == 1 })
        let ramp = [1.0 / 30, 1.0 / 30 + (1 - 1.0 / 30) / 4, 1.0 / 30 + (1 - 1.0 / 30) / 2, 1.0 / 30 + 3 * (1 - 1.0 / 30) / 4, 1]
        for k in 0..<5 { #expect(isClose(w[k], ramp[k], relative: 1e-15)) }
        #expect(ParzenEstimator.defaultWeights(26) == [1.0 / 26] + [Double](repeating: 1, count: 25))
        #expect(ParzenEstimator.defaultWeights(3) == [1, 1, 1])
    }

    /// Categorical kernels: observations relu, relu, sigmoid of (relu, tanh, sigmoid);
    /// w0 = 1 / (3 + 1) = 1/4, so an observed relu gives (1.25, 0.25, 0.25) / 1.75 =
    /// (5/7, 1/7, 1/7); the prior row is uniform.
    @Test func categoricalRowsByHand() {
        let act = Hyperparameter.categorical("act", names: ["relu", "tanh", "sigmoid"])
        let l = ParzenEstimator(parameters: [act], observations: [[0], [0], [2]])
        guard case let .categorical(rows) = l.kernels[0] else { Issue.record("categorical kernels expected"); return }
        let expected: [[Double]] = [[5.0 / 7, 1.0 / 7, 1.0 / 7], [5.0 / 7, 1.0 / 7, 1.0 / 7], [1.0 / 7, 1.0 / 7, 5.0 / 7],
                                    [1.0 / 3, 1.0 / 3, 1.0 / 3]]
        for (row, want) in zip(rows, expected) { #expect(maximumRelativeError(row, want) < 1e-15) }
        // p(relu) = (5/7 + 5/7 + 1/7 + 1/3) / 4 by hand; log = -0.7419373447293773 (Optuna).
        #expect(isClose(l.logDensity([0]), log((11.0 / 7 + 1.0 / 3) / 4), relative: 1e-14))
    }

    /// Log densities against Optuna (lines "realLinear:", "realLog:", ... of the script).
    @Test func logDensitiesMatchOptuna() {
        func check(_ name: String, _ parameters: [Hyperparameter], _ observations: [[Double]], _ points: [[Double]],
                   _ expected: [Double]) {
            let estimator = ParzenEstimator(parameters: parameters, observations: observations)
            for (point, want) in zip(points, expected) {
                #expect(isClose(estimator.logDensity(point), want, relative: 1e-12), "\(name) at \(point)")
            }
        }
        check("realLinear", [x], [[2], [3], [7.5]], [[0], [2.5], [5], [9.9]],
              [-2.374263352457625, -2.019194650307786, -2.271653992041567, -2.779466226211566])
        check("realLinearOne", [x], [[9]], [[0], [5], [9]], [-2.515352985477957, -2.261765425868734, -2.2484074806691883])
        check("realLinearNone", [x], [], [[0], [5]], [-2.386607292503096, -2.261607292503096])
        check("realLog", [.real("lr", low: 1e-4, high: 1e-1, scale: .log)], [[1e-3], [3e-3], [5e-2], [2e-4]],
              [[1e-4], [2e-3], [0.01], [0.1]], [-1.9989925890117775, -1.7893511026019875, -2.0606552495070405, -2.3924262672345393])
        check("integer", [.integer("batch", low: 10, high: 40)], [[16], [20], [32]], [[10], [17], [40]],
              [-3.5377940800777288, -3.159176382177266, -3.9473741793264576])
        check("integerLog", [.integer("units", low: 2, high: 64, scale: .log)], [[4], [8], [8], [50]], [[2], [8], [33], [64]],
              [-2.2715799639446868, -3.0991727258270645, -5.1296197249907705, -5.959921382590945])
        let act = Hyperparameter.categorical("act", names: ["relu", "tanh", "sigmoid"])
        check("categorical", [act], [[0], [0], [2]], [[0], [1], [2]], [-0.7419373447293773, -1.6582280766035324, -1.0986122886681098])
        check("joint", [x, act], [[2, 0], [3, 1], [7.5, 0]], [[2.5, 0], [2.5, 1], [8, 2]],
              [-2.704439719138221, -3.168181781369256, -4.158927708097654])
        let many: [[Double]] = [0.0, 0.37, 0.74, 1.11, 1.48, 1.85, 2.22, 2.59, 2.96, 3.33, 3.7, 4.07, 4.44, 4.81, 5.18, 5.55,
                                5.92, 6.29, 6.66, 7.03, 7.4, 7.77, 8.14, 8.51, 8.88, 9.25, 9.62, 9.99, 0.36, 0.73].map { [$0] }
        check("rampWeights", [x], many, [[0.5], [4.4], [9]], [-2.1560420134040825, -2.320815004482413, -2.2902096852313836])
    }

    /// Integer probabilities sum to 1 over the integers, and draws follow them: counts
    /// of each of 10...14 within 4 standard deviations of n p.
    @Test func integerDrawsFollowTheProbabilities() {
        let batch = Hyperparameter.integer("batch", low: 10, high: 14)
        let estimator = ParzenEstimator(parameters: [batch], observations: [[11], [11], [14]])
        let p = (10...14).map { exp(estimator.logDensity([Double($0)])) }
        #expect(isClose(p.reduce(0, +), 1, relative: 1e-12))
        var rng = SeededGenerator(seed: 3)
        let n = 20_000
        var counts = [Int](repeating: 0, count: 5)
        for _ in 0..<n {
            let draw = estimator.sample(&rng)[0]
            #expect(draw == draw.rounded() && draw >= 10 && draw <= 14)
            counts[Int(draw) - 10] += 1
        }
        for k in 0..<5 {
            let sd = (Double(n) * p[k] * (1 - p[k])).squareRoot()
            #expect(abs(Double(counts[k]) - Double(n) * p[k]) < 4 * sd, "\(k + 10): \(counts[k]) of \(n), p = \(p[k])")
        }
        // Log-scaled reals stay inside their bounds, including the end points' neighbourhoods.
        let lr = ParzenEstimator(parameters: [.real("lr", low: 1e-4, high: 1e-1, scale: .log)], observations: [[1e-4], [0.1]])
        for _ in 0..<2000 {
            let v = lr.sample(&rng)[0]
            #expect(v >= 1e-4 && v <= 1e-1)
        }
    }
}
