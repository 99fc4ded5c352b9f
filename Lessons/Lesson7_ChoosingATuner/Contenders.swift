// Contenders.swift
//
// What this file teaches: how to line tuners up so that a comparison is fair. Every
// contender gets the same search space, the same budget and the same seeds; the only
// thing that differs is how it chooses what to try. A contender is one entry: a name, a
// mark for the charts, and how to build its searcher. Adding a tuner to the showdown is
// adding one entry to the list in main.swift.
//
// Two of the contenders need a rule to turn "a budget of T trials" into a plan:
//   * manual: a fixed plan written before the search, the routine people follow by
//     hand: every hyperparameter in the middle of its range, then one at a time to a
//     quarter and three quarters of its range, then to the eighths, and so on;
//   * grid: as many values per hyperparameter as T allows, as evenly as possible
//     (a product of counts at most T), at the centres of equal cells of each range.

import Foundation
import HyperSearch
import LabMath
import LessonKit

/// One tuner of the showdown: a searcher whose every trial trains to the end, or an
/// early-stopping tuner that runs its own kind of search on the network only.
struct Contender: Sendable {
    let name: String
    /// Its mark in the charts.
    let mark: Character
    /// Builds the searcher for a space, a direction, a trial budget and a seed (nil for a
    /// tuner that only races on the network).
    let makeSearcher: (@Sendable (SearchSpace, OptimizationDirection, Int, UInt64) throws -> any Searcher)?
    /// Runs a whole search on the network problem within an epoch budget (for tuners that
    /// stop trials early and so decide their own epochs): the network, its space, the
    /// epoch budget and the seed give the race.
    let networkRace: (@Sendable (HoldOutNetwork, SearchSpace, Int, UInt64) throws -> Race)?

    init(name: String, mark: Character,
         makeSearcher: @escaping @Sendable (SearchSpace, OptimizationDirection, Int, UInt64) throws -> any Searcher) {
        self.name = name
        self.mark = mark
        self.makeSearcher = makeSearcher
        networkRace = nil
    }

    init(name: String, mark: Character,
         networkRace: @escaping @Sendable (HoldOutNetwork, SearchSpace, Int, UInt64) throws -> Race) {
        self.name = name
        self.mark = mark
        makeSearcher = nil
        self.networkRace = networkRace
    }
}

/// The --bo-search flag: how Bayesian optimisation looks for its next point.
enum BOSearch {
    /// true for "cheap" (the lesson's default), false for "default" (the library's).
    static func isCheap(_ flag: String?) throws -> Bool {
        switch flag ?? "cheap" {
        case "cheap": return true
        case "default": return false
        case let other: throw UsageError("--bo-search needs cheap or default, got '\(other)'")
        }
    }
}

/// Where the plans of the manual and grid contenders come from.
enum Plans {
    /// The configuration at per-hyperparameter fractions of the ranges (0 = low end,
    /// 1 = high end, on each range's own scale; for a categorical hyperparameter the
    /// choices split [0, 1] into equal cells).
    static func configuration(_ space: SearchSpace, fractions: [Double]) -> Configuration {
        let encoding = SpaceEncoding(space: space)
        var u = [Double](repeating: 0, count: encoding.dimension)
        for (j, parameter) in space.parameters.enumerated() {
            let start = encoding.slices[j].lowerBound
            if case let .categorical(choices) = parameter.domain {
                u[start + min(Int(fractions[j] * Double(choices.count)), choices.count - 1)] = 1
            } else {
                u[start] = fractions[j]
            }
        }
        return encoding.decode(u)
    }

    /// The manual plan: the centre, then one hyperparameter at a time at the fractions
    /// 1/4, 3/4, then 1/8, 3/8, 5/8, 7/8, ... of its range, the others in the middle;
    /// configurations already in the plan are skipped. At most `trials` configurations.
    static func manual(_ space: SearchSpace, trials: Int) -> ManualSearch {
        let d = space.parameters.count
        let centre = [Double](repeating: 0.5, count: d)
        var plan = [configuration(space, fractions: centre)]
        var level = 1
        // Level 20 halves the step to 2^-21: far beyond any budget.
        while plan.count < trials && level <= 20 {
            let cells = 1 << (level + 1)
            for j in 0..<d {
                for k in stride(from: 1, to: cells, by: 2) where k * 2 != cells {
                    var fractions = centre
                    fractions[j] = Double(k) / Double(cells)
                    let candidate = configuration(space, fractions: fractions)
                    if plan.count < trials && !plan.contains(candidate) { plan.append(candidate) }
                }
            }
            level += 1
        }
        return ManualSearch(plan)
    }

    /// Values per hyperparameter for a grid of at most `trials` points: start from one
    /// value each and add a value to each hyperparameter in turn while the product stays
    /// within the budget (and the hyperparameter has values left).
    static func gridShape(_ space: SearchSpace, trials: Int) -> [Int] {
        var counts = [Int](repeating: 1, count: space.parameters.count)
        var grew = true
        while grew {
            grew = false
            for j in counts.indices {
                let available = space.parameters[j].valueCount ?? Int.max
                let product = counts.enumerated().reduce(1) { $0 * ($1.offset == j ? $1.element + 1 : $1.element) }
                if counts[j] < available && product <= trials {
                    counts[j] += 1
                    grew = true
                }
            }
        }
        return counts
    }

    /// The grid search of `gridShape`: k values of a hyperparameter at the centres of k
    /// equal cells of its range, (i + 1/2) / k.
    static func grid(_ space: SearchSpace, trials: Int) throws -> GridSearch {
        let shape = gridShape(space, trials: trials)
        let axes = space.parameters.enumerated().map { j, parameter -> GridAxis in
            var values: [HyperparameterValue] = []
            for i in 0..<shape[j] {
                var fractions = [Double](repeating: 0.5, count: space.parameters.count)
                fractions[j] = (Double(i) + 0.5) / Double(shape[j])
                let value = configuration(space, fractions: fractions).values[j]
                // Rounding an integer range can give one value twice; keep it once.
                if !values.contains(value) { values.append(value) }
            }
            let names = values.compactMap { if case let .name(text) = $0 { return text } else { return nil } }
            return names.count == values.count ? .names(parameter.name, names)
                                               : .values(parameter.name, values.compactMap(\.number))
        }
        return try GridSearch(axes, limit: trials)
    }
}

/// What a searcher did to choose its configurations, counted (deterministic).
struct SearcherWork: Equatable {
    /// Models fitted: Parzen estimator pairs l and g for TPE (one pair per proposal, or
    /// one per hyperparameter and proposal for independent TPE), Gaussian processes for
    /// Bayesian optimisation (each fit runs its restarts of the likelihood optimiser).
    var modelFits = 0
    /// Candidates scored by the model: TPE scores its draws from l by l/g; Bayesian
    /// optimisation scores random candidates and candidates near the best trials by the
    /// acquisition (before it refines the best few and re-scores the finalists).
    var candidatesScored = 0

    static func + (a: SearcherWork, b: SearcherWork) -> SearcherWork {
        SearcherWork(modelFits: a.modelFits + b.modelFits, candidatesScored: a.candidatesScored + b.candidatesScored)
    }

    /// The work `searcher` did in the search that produced `result`.
    static func of(_ searcher: any Searcher, in result: SearchResult) -> SearcherWork {
        let inner = (searcher as? MeteredSearcher)?.inner ?? searcher
        if let tpe = inner as? TreeParzenEstimator {
            let guided = tpe.steps.filter { !$0.isStartup }.count
            let perProposal = tpe.settings.multivariate ? 1 : tpe.space.parameters.count
            return SearcherWork(modelFits: guided * perProposal, candidatesScored: guided * perProposal * tpe.settings.candidates)
        }
        if let bo = inner as? BayesianOptimization {
            var work = SearcherWork()
            for step in bo.steps where !step.isInitialDesign {
                // Random candidates, plus candidateCount / 16 near each of the (up to) 3
                // best successful trials before this proposal.
                let successes = result.trials.prefix(step.number - 1).filter { $0.score != nil }.count
                work = work + SearcherWork(modelFits: 1,
                                           candidatesScored: bo.candidateCount + min(3, successes) * (bo.candidateCount / 16))
            }
            return work
        }
        return SearcherWork()
    }
}

/// A searcher that measures the wall-clock time spent choosing (suggest and observe),
/// for `--timing`; it changes nothing else.
struct MeteredSearcher: Searcher {
    var inner: any Searcher
    let stopwatch: Stopwatch

    init(_ inner: any Searcher, stopwatch: Stopwatch = Stopwatch()) {
        self.inner = inner
        self.stopwatch = stopwatch
    }

    var name: String { inner.name }
    var exhaustionNote: String? { inner.exhaustionNote }
    var modeledDirection: OptimizationDirection? { inner.modeledDirection }

    mutating func suggest() throws -> Configuration? {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { stopwatch.add(since: start) }
        return try inner.suggest()
    }

    mutating func observe(_ trial: Trial) {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { stopwatch.add(since: start) }
        inner.observe(trial)
    }
}

/// Accumulated wall-clock seconds (a class, so every copy of a searcher adds to it).
final class Stopwatch {
    private(set) var seconds = 0.0
    func add(since start: UInt64) { seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Runs `body` and adds its duration.
    func time<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { add(since: start) }
        return try body()
    }
}
