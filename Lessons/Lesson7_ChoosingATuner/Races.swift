// Races.swift
//
// What this file teaches: what to record when tuners race, so that the comparison can
// be read at any budget and over seeds. For every contender and seed we keep the
// incumbent's quality after every unit of compute (a trial for a test function, an
// epoch for the network), the work the searcher did to choose, and, for --timing
// only, the seconds it spent choosing next to the seconds spent evaluating.

import Experiments
import HyperSearch
import LabMath

/// A search run with a stopwatch on its searcher (read only with --timing) and the
/// searcher's work counted.
struct TimedSearch {
    let result: SearchResult
    let work: SearcherWork
    /// Wall-clock seconds spent choosing (suggest and observe) and evaluating.
    let choosingSeconds: Double
    let evaluatingSeconds: Double

    init(_ searcher: any Searcher, objective: Objective, budget: SearchBudget) throws {
        let stopwatch = Stopwatch(), total = Stopwatch()
        var tuner = try Tuner(searcher: MeteredSearcher(searcher, stopwatch: stopwatch), objective: objective,
                              budget: budget)
        result = try total.time { try tuner.run() }
        work = SearcherWork.of(tuner.searcher, in: result)
        choosingSeconds = stopwatch.seconds
        evaluatingSeconds = total.seconds - stopwatch.seconds
    }
}

/// One contender's search on one problem with one seed.
struct Race {
    /// The incumbent's quality after each unit of compute: regret after each trial (test
    /// functions, lower is better) or validation accuracy after each epoch (network,
    /// higher is better); NaN before the first scored trial.
    let curve: [Double]
    /// Trials started within the budget.
    let trials: Int
    let work: SearcherWork
    /// Wall-clock seconds spent choosing and evaluating; printed only with --timing.
    let searcherSeconds: Double
    let objectiveSeconds: Double
    /// The network only: the final incumbent's test accuracy (nil if it had none).
    var testAccuracy: Double?
    /// The configurations of the trials, in order (empty for early stopping's races):
    /// to check that two searchers drew the same ones.
    var configurations: [Configuration] = []

    init(curve: [Double], trials: Int, work: SearcherWork = SearcherWork(), searcherSeconds: Double = 0,
         objectiveSeconds: Double = 0, testAccuracy: Double? = nil) {
        self.curve = curve
        self.trials = trials
        self.work = work
        self.searcherSeconds = searcherSeconds
        self.objectiveSeconds = objectiveSeconds
        self.testAccuracy = testAccuracy
    }

    /// The race of `search`, whose incumbent's quality after each unit of compute is `curve`.
    init(curve: [Double], _ search: TimedSearch) {
        self.init(curve: curve, trials: search.result.trials.count, work: search.work,
                  searcherSeconds: search.choosingSeconds, objectiveSeconds: search.evaluatingSeconds)
        configurations = search.result.trials.map(\.configuration)
    }

    /// The last value of the curve: the result at the full budget.
    var final: Double { curve.last ?? .nan }
}

/// All races on one problem: `races[c][s]` is contender c on the s-th seed.
struct Standings {
    let problem: String
    let summary: String
    let contenders: [Contender]
    let direction: OptimizationDirection
    var races: [[Race]]

    /// - Parameter bySeed: `bySeed[s][c]` is contender c on the s-th seed.
    init(problem: String, summary: String, contenders: [Contender], direction: OptimizationDirection,
         bySeed: [[Race]]) {
        self.problem = problem
        self.summary = summary
        self.contenders = contenders
        self.direction = direction
        races = contenders.indices.map { c in bySeed.map { $0[c] } }
    }

    /// Median and quartiles over seeds of contender c's curve, point by point (NaN
    /// points, before a first score, are left out of each point's statistics).
    func quartileCurves(_ c: Int) -> (median: [Double], lower: [Double], upper: [Double]) {
        let length = races[c].map(\.curve.count).min() ?? 0
        var median: [Double] = [], lower: [Double] = [], upper: [Double] = []
        for t in 0..<length {
            let values = races[c].map { $0.curve[t] }.filter { !$0.isNaN }
            median.append(values.isEmpty ? .nan : Statistics.median(values))
            lower.append(values.isEmpty ? .nan : Statistics.quantile(values, 0.25))
            upper.append(values.isEmpty ? .nan : Statistics.quantile(values, 0.75))
        }
        return (median, lower, upper)
    }

    /// The final results of contender c, one per seed.
    func finals(_ c: Int) -> [Double] { races[c].map(\.final) }

    /// Contender c (second) against contender `baseline` (first), seed by seed, on the
    /// final results (or on test accuracy when `onTest`), for the exact sign test.
    func comparison(_ c: Int, against baseline: Int, onTest: Bool = false) -> PairedComparison {
        let value: (Race) -> Double = onTest ? { $0.testAccuracy ?? .nan } : { $0.final }
        return PairedComparison(firstName: contenders[baseline].name, secondName: contenders[c].name,
                                direction: direction,
                                pairings: zip(races[baseline], races[c]).map { .init(first: value($0.0), second: value($0.1)) })
    }

    /// On how many seeds contender c's first `count` trials (or all, if fewer) were the
    /// same configurations as contender `other`'s first ones.
    func sharedOpening(_ c: Int, _ other: Int, count: Int) -> Int {
        zip(races[c], races[other]).filter { a, b in
            let n = min(count, a.configurations.count)
            return n > 0 && b.configurations.count >= n
                && Array(a.configurations.prefix(n)) == Array(b.configurations.prefix(n))
        }.count
    }

    /// The index of the contender with the best median final result (the first on ties).
    func leader(excluding excluded: Set<Int> = []) -> Int? {
        var best: Int?
        for c in races.indices where !excluded.contains(c) && !races[c].isEmpty {
            let m = Statistics.median(finals(c))
            if best == nil || direction.isBetter(m, than: Statistics.median(finals(best!))) { best = c }
        }
        return best
    }
}

extension HoldOutNetwork {
    /// The incumbent's validation accuracy after every epoch of an `epochs`-epoch budget,
    /// counting only trials that finished within it (a trial that crosses the budget was
    /// allowed to finish by the tuner, but its result came too late), and that incumbent.
    static func epochCurve(_ result: SearchResult, budget epochs: Int) -> (curve: [Double], incumbent: Trial?) {
        var curve = [Double](repeating: .nan, count: epochs)
        var spent = 0
        var best: Trial?
        for trial in result.trials {
            spent += trial.cost.epochs
            guard spent <= epochs else { break }
            if let score = trial.score, best == nil || result.direction.isBetter(score, than: best!.score!) { best = trial }
            if let score = best?.score, spent >= 1 {
                for e in (spent - 1)..<epochs { curve[e] = score }
            }
        }
        return (curve, best)
    }
}
