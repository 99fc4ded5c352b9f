// BayesOptCases.swift: Bayesian optimisation quality (median simple regret over 20
// seeds) on three standard test functions, and the time of one suggestion.
//
// Simple regret = the best value found minus the known global minimum. The budgets
// (10, 30 and 60 evaluations) and the peers' figures are those of the issue; the
// searcher uses the same settings on every function (not tuned per function).

import Foundation
import HyperSearch
import LabMath

/// A test function with its domain and known minimum.
struct TestFunction: Sendable {
    let name: String
    let bounds: [Bounds]
    struct Bounds: Sendable { let low: Double; let high: Double }
    let minimum: Double
    let budget: Int
    let f: @Sendable ([Double]) -> Double
}

/// Forrester et al. (2008): (6x - 2)^2 sin(12x - 4) on [0, 1]; minimum -6.020740 at
/// x = 0.757249 (a local minimum near x = 0.14 traps greedy methods).
let forresterProblem = TestFunction(name: "forrester", bounds: [.init(low: 0, high: 1)], minimum: -6.020_740_055_767_083, budget: 10) { x in
    let t = 6 * x[0] - 2
    return t * t * sin(12 * x[0] - 4)
}

/// Branin-Hoo on [-5, 10] x [0, 15]; three global minima of 0.397887.
let braninProblem = TestFunction(name: "branin", bounds: [.init(low: -5, high: 10), .init(low: 0, high: 15)], minimum: 0.397_887_357_729_738, budget: 30) { x in
    let (a, b, c, r, s, t) = (1.0, 5.1 / (4 * Double.pi * Double.pi), 5 / Double.pi, 6.0, 10.0, 1 / (8 * Double.pi))
    let u = x[1] - b * x[0] * x[0] + c * x[0] - r
    return a * u * u + s * (1 - t) * cos(x[0]) + s
}

/// Hartmann 6-D on [0, 1]^6; minimum -3.322368 (Dixon and Szego 1978; values from
/// Surjanovic and Bingham's Virtual Library of Simulation Experiments).
let hartmann6Problem = TestFunction(name: "hartmann6", bounds: Array(repeating: .init(low: 0, high: 1), count: 6),
                             minimum: -3.322_368_011_415_515, budget: 60) { x in
    let alpha = [1.0, 1.2, 3.0, 3.2]
    let a: [[Double]] = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                         [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
    let p: [[Double]] = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
                         [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
    var total = 0.0
    for i in 0..<4 {
        var inner = 0.0
        for j in 0..<6 { inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]) }
        total += alpha[i] * exp(-inner)
    }
    return -total
}

/// The default searcher for a d-dimensional function: max(5, d + 2) initial points
/// (5 is bayes_opt's default `init_points`), the rest guided by expected improvement.
func bayesianOptimizer(for function: TestFunction, seed: UInt64) throws -> BayesianOptimization {
    let space = try SearchSpace(function.bounds.enumerated().map { .real("x\($0.offset + 1)", low: $0.element.low, high: $0.element.high) })
    let initial = max(5, function.bounds.count + 2)
    return try BayesianOptimization(space: space, direction: .minimize, initPoints: initial,
                                    nIter: function.budget - initial, seed: seed)
}

/// The simple regret of one run.
func regret(_ function: TestFunction, seed: UInt64) throws -> Double {
    let objective = Objective(name: function.name, direction: .minimize) { c in
        .score(function.f(try (0..<function.bounds.count).map { try c.double("x\($0 + 1)") }))
    }
    var tuner = try Tuner(searcher: bayesianOptimizer(for: function, seed: seed), objective: objective,
                          budget: .trials(function.budget))
    return (try tuner.run().best?.score ?? .infinity) - function.minimum
}

/// Median simple regret over 20 seeds.
func medianRegret(_ function: TestFunction) throws -> Double {
    Statistics.median(try (0..<20).map { try regret(function, seed: UInt64($0)) })
}

/// One suggestion with 25 Branin observations in 2-D (scaled to the unit square), fit
/// included, in milliseconds (best of 9).
func suggestionTime() throws -> Double {
    let function = TestFunction(name: "branin", bounds: braninProblem.bounds, minimum: braninProblem.minimum, budget: 26, f: braninProblem.f)
    var template = try bayesianOptimizer(for: function, seed: 7)
    template = try BayesianOptimization(space: template.space, direction: .minimize, initPoints: 25, nIter: 1, seed: 7)
    // Feed it 25 observations from its own initial design.
    for number in 1...25 {
        guard let c = try template.suggest() else { break }
        let x = try (0..<2).map { try c.double("x\($0 + 1)") }
        template.observe(Trial(number: number, configuration: c, evaluation: .score(braninProblem.f(x))))
    }
    var best = Double.infinity
    for _ in 0..<9 {
        var searcher = template
        best = min(best, try seconds { _ = try searcher.suggest() })
    }
    return best * 1000
}

func bayesianOptimizationCases() -> [BenchmarkCase] {
    [
        BenchmarkCase(name: "bo-regret-forrester", unit: "regret") { try medianRegret(forresterProblem) },
        BenchmarkCase(name: "bo-regret-branin", unit: "regret") { try medianRegret(braninProblem) },
        BenchmarkCase(name: "bo-regret-hartmann6", unit: "regret") { try medianRegret(hartmann6Problem) },
        BenchmarkCase(name: "bo-suggest-n25", unit: "ms") { try suggestionTime() },
    ]
}
