// WinnerOptimism.swift
//
// What this file teaches: measuring how much the winner's score flatters it, and how that
// grows with the number of trials. The more configurations a search tries, the more
// chances one of them has to be lucky on the validation folds, so the best inner CV
// score drifts upwards faster than the winner's real quality does. The gap between the
// winner's inner CV score and its score on rows the search never saw is the *optimism*
// of the selection.
//
// For each seed and each outer fold of a nested cross-validation, one search of
// max(trialCounts) trials is run. The winner after n trials is that search's incumbent
// at trial n: exactly what a search with a budget of n trials would have found, for any
// searcher whose proposals do not depend on its budget (random search, TPE, Bayesian
// optimisation with a fixed initial design). Each distinct winner is refitted and
// scored on the outer test rows once. Per seed, the scores are averaged over the outer
// folds; the curve reports the median and quartiles over seeds.

import LabData
import LabMath

/// The winner's optimism after a given number of trials, over seeds.
public struct OptimismPoint: Sendable, Equatable {
    /// The number of trials of the search.
    public let trials: Int
    /// Per seed (in the order given): the mean over outer folds of the winners' inner
    /// CV scores, held-out scores, and optimism (nil for a seed without any fold that
    /// has both scores).
    public let innerScores: [Double?]
    public let heldOutScores: [Double?]
    public let optimism: [Double?]

    /// Mean over seeds of the winners' inner CV score (what the searches reported).
    public var meanInnerScore: Double { Statistics.mean(innerScores.compactMap { $0 }) }
    /// Mean over seeds of the held-out score (what the winners were really worth).
    public var meanHeldOutScore: Double { Statistics.mean(heldOutScores.compactMap { $0 }) }
    /// The median and quartiles of the optimism over seeds.
    public var medianOptimism: Double { Statistics.median(optimism.compactMap { $0 }) }
    public var lowerQuartileOptimism: Double { Statistics.quantile(optimism.compactMap { $0 }, 0.25) }
    public var upperQuartileOptimism: Double { Statistics.quantile(optimism.compactMap { $0 }, 0.75) }
    public var meanOptimism: Double { Statistics.mean(optimism.compactMap { $0 }) }
}

/// The optimism of the winner's score as a function of the number of trials.
public enum WinnerOptimism {
    /// The seed of the search inside outer fold `k` (0-based) for experiment seed
    /// `seed`: seed x 31 + k, wrapping around after the largest UInt64, so that each
    /// outer fold's search draws its own configurations and every (seed, fold) pair
    /// gets the same ones on every run.
    public static func searchSeed(_ seed: UInt64, outerFold k: Int) -> UInt64 {
        seed &* 31 &+ UInt64(k)
    }

    /// Measures the optimism curve.
    ///
    /// ```swift
    /// let curve = try WinnerOptimism.measure(trialCounts: [1, 4, 16, 64], seeds: Array(0..<20),
    ///                                        name: "accuracy", direction: .maximize,
    ///                                        folds: { seed in try .stratified(labels: labels, seed: seed) },
    ///                                        searcher: { seed, k in try RandomSearch(space: space, iterations: 64,
    ///                                                                               seed: searchSeed(seed, outerFold: k)) },
    ///                                        evaluate: trainAndScore)
    /// for point in curve { print(point.trials, point.medianOptimism) }
    /// ```
    /// - Parameters:
    ///   - trialCounts: increasing, at least 1.
    ///   - seeds: each gives its own folds (`folds(seed)`) and searchers.
    ///   - searcher: a fresh searcher for (seed, outer fold k, 0-based).
    ///   - evaluate: as in `NestedCrossValidation.run`.
    /// - Returns: one point per trial count, in order.
    /// - Throws: `SearchError.invalidArgument` for empty or unordered counts or no seed;
    ///   what the folds, searchers or tuner throw.
    /// - Complexity: seeds x outer folds searches of max(trialCounts) trials, plus one
    ///   refit per distinct winner.
    public static func measure(trialCounts: [Int], seeds: [UInt64], name: String, direction: OptimizationDirection,
                               folds: (UInt64) throws -> NestedCrossValidation,
                               searcher: (UInt64, Int) throws -> any Searcher,
                               evaluate: @escaping (Configuration, Fold) throws -> Evaluation) throws -> [OptimismPoint] {
        guard let longest = trialCounts.last, trialCounts.first! >= 1,
              zip(trialCounts, trialCounts.dropFirst()).allSatisfy({ $0 < $1 }), !seeds.isEmpty else {
            throw SearchError.invalidArgument("the optimism curve needs increasing trial counts from 1 up and at least one seed "
                                              + "(got \(trialCounts), \(seeds.count) seeds)")
        }
        // [count][seed] -> (inner, held-out, optimism), each averaged over outer folds.
        var inner = [[Double?]](repeating: [], count: trialCounts.count)
        var heldOut = inner, optimism = inner
        for seed in seeds {
            let nested = try folds(seed)
            // [count][fold] results for this seed.
            var perCount = [[NestedFoldResult]](repeating: [], count: trialCounts.count)
            for k in nested.outerFolds.indices {
                let search = try nested.innerSearch(k, name: name, direction: direction, budget: .trials(longest),
                                                    searcher: searcher(seed, k), evaluate: evaluate)
                var tested: [Int: NestedFoldResult] = [:]     // by winner's trial number; only looked up
                for (c, count) in trialCounts.enumerated() {
                    guard !search.trajectory.isEmpty else { continue }
                    let point = search.trajectory[min(count, search.trajectory.count) - 1]
                    guard let number = point.incumbent else { continue }
                    if tested[number] == nil {
                        tested[number] = nested.heldOut(k, winner: search.trials[number - 1], search: search, evaluate: evaluate)
                    }
                    perCount[c].append(tested[number]!)
                }
            }
            for c in trialCounts.indices {
                let complete = perCount[c].filter { $0.optimism != nil }
                inner[c].append(complete.isEmpty ? nil : Statistics.mean(complete.map { $0.innerScore! }))
                heldOut[c].append(complete.isEmpty ? nil : Statistics.mean(complete.map { $0.heldOutScore! }))
                optimism[c].append(complete.isEmpty ? nil : Statistics.mean(complete.map { $0.optimism! }))
            }
        }
        return trialCounts.indices.map {
            OptimismPoint(trials: trialCounts[$0], innerScores: inner[$0], heldOutScores: heldOut[$0], optimism: optimism[$0])
        }
    }
}
