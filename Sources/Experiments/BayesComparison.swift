// BayesComparison.swift
//
// What this file teaches: comparing Bayesian optimisation with random search the way
// d2l's HPO chapter insists on: the same budget, the same data and folds for both, and
// several seeds, summarised by how often each won and by the median "best so far"
// curve over the seeds.

import HyperSearch
import LabMath
import TextCharts

public enum BayesComparison {
    /// Everything the comparison produced.
    public struct Outcome {
        /// Random search first, Bayesian optimisation second, maximising.
        public let comparison: PairedComparison
        /// For each seed, the best score after each trial.
        public let bayesCurves: [[Double]]
        public let randomCurves: [[Double]]
        /// The first seed's searcher after its run (for pictures of its model).
        public let firstSearcher: BayesianOptimization?
        public let firstResult: SearchResult?
    }

    /// Runs Bayesian optimisation and random search with `initPoints + nIter` trials on
    /// each seed's objective.
    public static func run(space: SearchSpace, seeds: [UInt64], initPoints: Int, nIter: Int,
                           objective: (UInt64) throws -> Objective,
                           onSeed: (UInt64, PairedComparison.Pairing) -> Void = { _, _ in }) throws -> Outcome {
        var comparison = PairedComparison(firstName: "random search", secondName: "Bayesian optimisation", direction: .maximize)
        var bayesCurves: [[Double]] = [], randomCurves: [[Double]] = []
        var firstSearcher: BayesianOptimization?
        var firstResult: SearchResult?
        let budget = initPoints + nIter
        for seed in seeds {
            let target = try objective(seed)
            var bayes = try Tuner(searcher: BayesianOptimization(space: space, direction: .maximize, initPoints: initPoints,
                                                                 nIter: nIter, settings: .legacy, seed: seed),
                                  objective: target, budget: .trials(budget))
            var random = try Tuner(searcher: RandomSearch(space: space, iterations: budget, seed: seed),
                                   objective: target, budget: .trials(budget))
            let bayesResult = try bayes.run(), randomResult = try random.run()
            if firstSearcher == nil {
                firstSearcher = bayes.searcher as? BayesianOptimization
                firstResult = bayesResult
            }
            bayesCurves.append(bayesResult.trajectory.map { $0.bestScore ?? .nan })
            randomCurves.append(randomResult.trajectory.map { $0.bestScore ?? .nan })
            let pairing = PairedComparison.Pairing(first: randomResult.best?.score ?? .nan, second: bayesResult.best?.score ?? .nan)
            comparison.pairings.append(pairing)
            onSeed(seed, pairing)
        }
        return Outcome(comparison: comparison, bayesCurves: bayesCurves, randomCurves: randomCurves,
                       firstSearcher: firstSearcher, firstResult: firstResult)
    }

    /// The median over seeds of the best score so far, against the trial number.
    public static func convergenceChart(_ outcome: Outcome, title: String) -> String {
        func medianCurve(_ curves: [[Double]]) -> [Double] {
            let length = curves.map(\.count).min() ?? 0
            return (0..<length).map { t in Statistics.median(curves.map { $0[t] }) }
        }
        var chart = LineChart(title: title, xLabel: "trial", yLabel: "best mean accuracy so far")
        chart.height = 10
        chart.integerXTicks = true
        chart.add("random search", values: medianCurve(outcome.randomCurves), mark: "r")
        chart.add("Bayesian optimisation", values: medianCurve(outcome.bayesCurves), mark: "b")
        return chart.render()
    }
}
