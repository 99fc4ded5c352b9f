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

/// The three functions of the issue, from `TestFunctions`, with the budgets it names.
let forresterProblem = TestFunction(name: "forrester", bounds: [.init(low: 0, high: 1)],
                                    minimum: TestFunctions.forresterMinimum, budget: 10) { x in
    TestFunctions.forrester(x[0])
}
let braninProblem = TestFunction(name: "branin", bounds: [.init(low: -5, high: 10), .init(low: 0, high: 15)],
                                 minimum: TestFunctions.braninMinimum, budget: 30) { x in
    TestFunctions.branin(x[0], x[1])
}
let hartmann6Problem = TestFunction(name: "hartmann6", bounds: Array(repeating: .init(low: 0, high: 1), count: 6),
                                    minimum: TestFunctions.hartmann6Minimum, budget: 60) { x in
    TestFunctions.hartmann6(x)
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

/// Median simple regret over 20 seeds (2 in the smoke run).
func medianRegret(_ function: TestFunction, size: BenchmarkSize) throws -> Double {
    Statistics.median(try (0..<size.pick(20, smoke: 2)).map { try regret(function, seed: UInt64($0)) })
}

/// One suggestion with 25 Branin observations in 2-D (scaled to the unit square), fit
/// included, in milliseconds (best of 9).
func suggestionTime(size: BenchmarkSize) throws -> Double {
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
    for _ in 0..<size.repetitions(9) {
        var searcher = template
        best = min(best, try seconds { _ = try searcher.suggest() })
    }
    return best * 1000
}

func bayesianOptimizationCases(size: BenchmarkSize) -> [BenchmarkCase] {
    [
        BenchmarkCase(name: "bo-regret-forrester", unit: "regret") { try medianRegret(forresterProblem, size: size) },
        BenchmarkCase(name: "bo-regret-branin", unit: "regret") { try medianRegret(braninProblem, size: size) },
        BenchmarkCase(name: "bo-regret-hartmann6", unit: "regret") { try medianRegret(hartmann6Problem, size: size) },
        BenchmarkCase(name: "bo-suggest-n25", unit: "ms") { try suggestionTime(size: size) },
    ]
}
