// TestFunctionSuite.swift
//
// What this file teaches: how to benchmark an optimiser so that the result says
// something about problems it has not seen. Three rules, fixed before any run:
//
// 1. Many functions (16, in 2 to 8 dimensions, 12 of them multimodal), four of them
//    held out: never run while the searcher's defaults were chosen.
// 2. A budget by rule, not by taste: 5 d + 20 evaluations.
// 3. A new instance per seed where the function allows it, as in COCO's BBOB suite
//    (Hansen et al., "Real-parameter black-box optimization benchmarking 2009: noiseless
//    functions definitions"): f_s(v) = f(x* + R (v - v*)), with v* a random point of the
//    box's inner 80% (where the optimum now sits) and R a random rotation, so no
//    default can profit from where an optimum happens to be (at the centre, on a
//    diagonal, aligned with the axes). Functions with a fixed asymmetric box and
//    several minima are used as published.
//
// Tests/References/bo_test_functions.py builds the same instances in Python (the same
// SeededGenerator draws, the same Gram-Schmidt order), so the peers run on them too.

import Foundation
import LabMath

/// One problem of the broad benchmark: a test function, its box and its minimum.
public struct BenchmarkFunction: Sendable {
    public let name: String
    /// The SeededGenerator stream of its instances.
    public let stream: UInt64
    public let lower: [Double]
    public let upper: [Double]
    /// The global minimum value.
    public let minimum: Double
    /// x*, for functions that get a shifted and rotated instance per seed (nil: used
    /// as published).
    public let minimizer: [Double]?
    public let isMultimodal: Bool
    /// Held out while the searcher's defaults were chosen.
    public let isHeldOut: Bool
    /// The noise standard deviation of its noisy variant (nil: no noisy variant): 10% of
    /// the standard deviation of f over its box, to two digits
    /// (Tests/References/bo_test_functions.py, `noise_level`).
    public let noiseStandardDeviation: Double?
    public let formula: @Sendable ([Double]) -> Double

    public init(name: String, stream: UInt64 = 0, lower: [Double], upper: [Double], minimum: Double,
                minimizer: [Double]? = nil, isMultimodal: Bool = true, isHeldOut: Bool = false,
                noiseStandardDeviation: Double? = nil, formula: @escaping @Sendable ([Double]) -> Double) {
        self.name = name
        self.stream = stream
        self.lower = lower
        self.upper = upper
        self.minimum = minimum
        self.minimizer = minimizer
        self.isMultimodal = isMultimodal
        self.isHeldOut = isHeldOut
        self.noiseStandardDeviation = noiseStandardDeviation
        self.formula = formula
    }

    /// The number of dimensions d.
    public var dimension: Int { lower.count }
    /// The evaluation budget: 5 d + 20.
    public var budget: Int { 5 * dimension + 20 }

    /// The instance of `seed`: the function of v in the box, and where its optimum is
    /// (nil for functions used as published).
    public func instance(seed: UInt64) -> (evaluate: @Sendable ([Double]) -> Double, optimum: [Double]?) {
        guard let minimizer else { return (formula, nil) }
        let d = dimension
        var rng = SeededGenerator(seed: seed, stream: stream)
        let optimum = (0..<d).map { j in lower[j] + (upper[j] - lower[j]) * (0.1 + 0.8 * rng.nextDouble()) }
        let normals = (0..<d).map { _ in (0..<d).map { _ in rng.nextNormal() } }
        let rotation = orthonormalRows(normals)
        let formula = self.formula
        let evaluate: @Sendable ([Double]) -> Double = { v in
            var x = [Double](repeating: 0, count: d)
            for j in 0..<d {
                var sum = 0.0
                for k in 0..<d { sum += rotation[j][k] * (v[k] - optimum[k]) }
                x[j] = minimizer[j] + sum
            }
            return formula(x)
        }
        return (evaluate, optimum)
    }
}

/// Modified Gram-Schmidt on the rows, in order (COCO's way to a random rotation).
func orthonormalRows(_ rows: [[Double]]) -> [[Double]] {
    let d = rows.count
    var q: [[Double]] = []
    for i in 0..<d {
        var v = rows[i]
        for k in 0..<i {
            var projection = 0.0
            for j in 0..<d { projection += v[j] * q[k][j] }
            for j in 0..<d { v[j] -= projection * q[k][j] }
        }
        var norm = 0.0
        for j in 0..<d { norm += v[j] * v[j] }
        norm = norm.squareRoot()
        q.append(v.map { $0 / norm })
    }
    return q
}

extension TestFunctions {
    /// The broad benchmark's 16 functions (the order and streams of
    /// Tests/References/bo_test_functions.py's SUITE).
    public static let suite: [BenchmarkFunction] = {
        func box(_ d: Int, _ low: Double, _ high: Double) -> ([Double], [Double]) {
            (Array(repeating: low, count: d), Array(repeating: high, count: d))
        }
        func make(_ name: String, _ stream: UInt64, _ bounds: ([Double], [Double]), _ minimum: Double,
                  minimizer: [Double]? = nil, multimodal: Bool = true, heldOut: Bool = false, noise: Double? = nil,
                  _ formula: @escaping @Sendable ([Double]) -> Double) -> BenchmarkFunction {
            BenchmarkFunction(name: name, stream: stream, lower: bounds.0, upper: bounds.1, minimum: minimum,
                              minimizer: minimizer, isMultimodal: multimodal, isHeldOut: heldOut,
                              noiseStandardDeviation: noise, formula: formula)
        }
        let dixonPriceMinimizer: [Double] = (1...8).map { i in
            let twoToThe: Double = pow(2.0, Double(i))
            return pow(2.0, -(twoToThe - 2) / twoToThe)
        }
        return [
            make("branin", 1, ([-5, 0], [10, 15]), braninMinimum, noise: 5.1) { branin($0[0], $0[1]) },
            make("six-hump-camel", 2, ([-3, -2], [3, 2]), -1.031628453489877, noise: 2.7, sixHumpCamel),
            make("michalewicz-2", 3, box(2, 0, Double.pi), -1.801303410098554, michalewicz),
            make("goldstein-price", 4, box(2, -2, 2), 3, goldsteinPrice),
            make("hartmann-3", 5, box(3, 0, 1), -3.8627797873326593, noise: 0.096, hartmann3),
            make("ackley-3", 6, box(3, -32.768, 32.768), 0, minimizer: [0, 0, 0], ackley),
            make("levy-4", 7, box(4, -10, 10), 0, minimizer: [1, 1, 1, 1], levy),
            make("shekel-4", 8, box(4, 0, 10), -10.536443153483528, shekel),
            make("styblinski-tang-5", 9, box(5, -5, 5), -39.16616570377142 * 5,
                 minimizer: Array(repeating: -2.903534027771178, count: 5), styblinskiTang),
            make("hartmann-6", 10, box(6, 0, 1), hartmann6Minimum, noise: 0.039, hartmann6),
            make("rosenbrock-4", 11, box(4, -5, 10), 0, minimizer: [1, 1, 1, 1], multimodal: false, rosenbrock),
            make("dixon-price-8", 12, box(8, -10, 10), 0, minimizer: dixonPriceMinimizer, multimodal: false, dixonPrice),
            make("griewank-4", 13, box(4, -600, 600), 0, minimizer: [0, 0, 0, 0], heldOut: true, griewank),
            make("rastrigin-3", 14, box(3, -5.12, 5.12), 0, minimizer: [0, 0, 0], heldOut: true, rastrigin),
            make("zakharov-5", 15, box(5, -5, 10), 0, minimizer: [0, 0, 0, 0, 0], multimodal: false, heldOut: true,
                 zakharov),
            make("powell-4", 16, box(4, -4, 5), 0, minimizer: [0, 0, 0, 0], multimodal: false, heldOut: true, powell),
        ]
    }()
}
