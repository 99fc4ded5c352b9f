// BayesOptCases.swift: Bayesian optimisation quality (median simple regret over 20
// seeds) on three standard test functions, and the time of one suggestion.
//
// Simple regret = the value at the recommended point minus the known global minimum.
// The budgets (10, 30 and 60 evaluations) are those of the first BO issue; the
// searcher runs with the library's defaults (`BayesianOptimization.Settings.standard`,
// `initPoints` by `defaultInitialPoints`), the same on every function. The broad
// benchmark (BroadBayesCases.swift) measures many more functions against the peers.

import Foundation
import HyperSearch
import LabMath

let forresterProblem = BenchmarkFunction(name: "forrester", lower: [0], upper: [1], minimum: TestFunctions.forresterMinimum) {
    TestFunctions.forrester($0[0])
}
let braninProblem = TestFunctions.suite.first { $0.name == "branin" }!
let hartmann6Problem = TestFunctions.suite.first { $0.name == "hartmann-6" }!

/// The simple regret of one run of `BayesianOptimization.minimize` on the instance of
/// `seed` (noise added when `noisy`; regret measured noise-free at the recommendation).
func regret(_ function: BenchmarkFunction, budget: Int, seed: UInt64, noisy: Bool = false,
            settings: BayesianOptimization.Settings = .standard) throws -> Double {
    try benchmarkRun(function, budget: budget, seed: seed, noisy: noisy, settings: settings).regret
}

/// One run: its simple regret, and the fraction of its guided proposals that have a
/// coordinate exactly on a face of the box (the boundary pile-up of issue 11).
func benchmarkRun(_ function: BenchmarkFunction, budget: Int, seed: UInt64, noisy: Bool = false,
                  settings: BayesianOptimization.Settings = .standard) throws -> (regret: Double, onFace: Double) {
    let instance = function.instance(seed: seed)
    var noise = SeededGenerator(seed: seed, stream: 1_000 + function.stream)
    let sigma = noisy ? function.noiseStandardDeviation ?? 0 : 0
    let result = try BayesianOptimization.minimize({ x in instance.evaluate(x) + sigma * noise.nextNormal() },
                                                   bounds: zip(function.lower, function.upper).map { $0...$1 },
                                                   budget: budget,
                                                   // Settings that insist on the best observation
                                                   // (legacy, bo-broad-observed) keep it under noise.
                                                   noisy: noisy && settings.recommendationRule != .bestObservation,
                                                   settings: settings, seed: seed)
    let guided = result.searcher.steps.filter { !$0.isInitialDesign }
    let onFace = guided.filter { step in result.searcher.encoding.encode(step.configuration).contains { $0 == 0 || $0 == 1 } }
    return (instance.evaluate(result.x) - function.minimum, guided.isEmpty ? 0 : Double(onFace.count) / Double(guided.count))
}

/// Median simple regret over `seeds` seeds.
func medianRegret(_ function: BenchmarkFunction, budget: Int, seeds: Int = 20) throws -> Double {
    Statistics.median(try (0..<seeds).map { try regret(function, budget: budget, seed: UInt64($0)) })
}

/// One suggestion with 25 Branin observations in 2-D (scaled to the unit square), fit
/// included, in milliseconds (best of 9).
func suggestionTime(observations: Int = 25) throws -> Double {
    let space = try SearchSpace([.real("x1", low: -5, high: 10), .real("x2", low: 0, high: 15)])
    var template = try BayesianOptimization(space: space, direction: .minimize, initPoints: observations, nIter: 1, seed: 7)
    // Feed it the observations from its own initial design.
    for number in 1...observations {
        guard let c = try template.suggest() else { break }
        let x = try [c.double("x1"), c.double("x2")]
        template.observe(Trial(number: number, configuration: c, evaluation: .score(braninProblem.formula(x))))
    }
    var best = Double.infinity
    for _ in 0..<9 {
        var searcher = template
        best = min(best, try seconds { _ = try searcher.suggest() })
    }
    return best * 1000
}

/// The cases; `smoke` runs each on 2 seeds with tiny budgets (seconds in total).
func bayesianOptimizationCases(smoke: Bool = false) -> [BenchmarkCase] {
    let seeds = smoke ? 2 : 20
    return [
        BenchmarkCase(name: "bo-regret-forrester", unit: "regret") {
            try medianRegret(forresterProblem, budget: smoke ? 6 : 10, seeds: seeds)
        },
        BenchmarkCase(name: "bo-regret-branin", unit: "regret") {
            try medianRegret(braninProblem, budget: smoke ? 8 : 30, seeds: seeds)
        },
        BenchmarkCase(name: "bo-regret-hartmann6", unit: "regret") {
            try medianRegret(hartmann6Problem, budget: smoke ? 14 : 60, seeds: seeds)
        },
        BenchmarkCase(name: "bo-suggest-n25", unit: "ms") { try suggestionTime(observations: smoke ? 8 : 25) },
    ]
}
