// Tuner.swift
//
// What this file teaches: the bookkeeping of a search (d2l's "Tuner"). The tuner asks
// the searcher for a configuration, evaluates the objective, tells the searcher the
// result, and records everything: each trial, the incumbent (best so far), its
// trajectory and the cumulative cost. It stops when the budget is spent (a number of
// trials, or a number of training epochs) or when the searcher has nothing left.

import LabMath
import TextCharts

/// How much a search may spend. At least one limit must be set.
public struct SearchBudget: Sendable, Equatable {
    /// The largest number of trials.
    public var maxTrials: Int?
    /// The largest total number of training epochs over all trials. A trial is only
    /// started while the total is below the limit, and the one that crosses it is
    /// allowed to finish (we cannot know a trial's cost before it runs).
    public var maxEpochs: Int?

    public init(maxTrials: Int? = nil, maxEpochs: Int? = nil) {
        self.maxTrials = maxTrials
        self.maxEpochs = maxEpochs
    }

    public static func trials(_ n: Int) -> SearchBudget { SearchBudget(maxTrials: n) }
    public static func epochs(_ n: Int) -> SearchBudget { SearchBudget(maxEpochs: n) }

    /// - Throws: `SearchError.invalidBudget` when no limit is set or a limit is below 1.
    public func validate() throws {
        guard maxTrials != nil || maxEpochs != nil else {
            throw SearchError.invalidBudget("a search budget needs a maximum number of trials or of epochs")
        }
        if let n = maxTrials, n < 1 { throw SearchError.invalidBudget("the trial budget must be at least 1, got \(n)") }
        if let n = maxEpochs, n < 1 { throw SearchError.invalidBudget("the epoch budget must be at least 1, got \(n)") }
    }
}

/// Everything a search produced.
public struct SearchResult: Sendable {
    public let searcherName: String
    public let objectiveName: String
    public let direction: OptimizationDirection
    /// All trials, in order.
    public let trials: [Trial]
    /// The state after each trial (same length as `trials`).
    public let trajectory: [TrajectoryPoint]
    /// Why the search ended.
    public let stopReason: String

    /// The incumbent: the best successful trial (the earliest one on ties).
    public var best: Trial? {
        guard let number = trajectory.last?.incumbent else { return nil }
        return trials[number - 1]
    }

    /// The cost of all trials.
    public var totalCost: SearchCost { trajectory.last?.cost ?? .zero }
    /// Trials that ended with a score (not diverged or failed).
    public var scoredTrials: Int { trials.filter { $0.score != nil }.count }

    /// The trials that have a score, best first; equal scores in trial order.
    public var scoredTrialsByRank: [Trial] {
        trials.filter { $0.score != nil }.sorted { a, b in
            direction.isBetter(a.score!, than: b.score!) || (a.score! == b.score! && a.number < b.number)
        }
    }

    /// Ranks as in scikit-learn's `rank_test_score`: 1 for the best score; equal
    /// scores share the smaller rank; failed and diverged trials get no rank.
    public var ranks: [Int?] {
        let scores = trials.map(\.score)
        return scores.map { score in
            guard let score else { return nil }
            return 1 + scores.filter { other in other.map { direction.isBetter($0, than: score) } ?? false }.count
        }
    }
}

/// Runs a searcher against an objective within a budget.
///
/// ```swift
/// var tuner = try Tuner(searcher: grid, objective: objective, budget: .trials(9))
/// let result = try tuner.run { trial, state in print(trial.number, trial.configuration, trial.score ?? .nan) }
/// result.best?.configuration
/// ```
public struct Tuner {
    public private(set) var searcher: any Searcher
    public let objective: Objective
    public let budget: SearchBudget
    public private(set) var trials: [Trial] = []
    public private(set) var trajectory: [TrajectoryPoint] = []
    private var incumbent: Trial?
    private var cost = SearchCost.zero
    private var stopReason: String?

    /// - Throws: `SearchError.invalidBudget` when no limit is set or a limit is below 1.
    public init(searcher: any Searcher, objective: Objective, budget: SearchBudget) throws {
        try budget.validate()
        try Tuner.checkDirection(of: searcher, against: objective.name, objective.direction)
        self.searcher = searcher
        self.objective = objective
        self.budget = budget
    }

    /// Refuses a searcher that models the other direction than the objective's: a
    /// model that minimises an accuracy would chase the worst configurations.
    static func checkDirection(of searcher: any Searcher, against objectiveName: String,
                               _ direction: OptimizationDirection) throws {
        if let modeled = searcher.modeledDirection, modeled != direction {
            throw SearchError.invalidArgument("\(searcher.name) was built to \(modeled.rawValue) but the objective "
                                              + "'\(objectiveName)' is to be \(direction.rawValue)d")
        }
    }

    /// Runs one more trial, or returns nil when the search is over (budget spent or
    /// searcher exhausted; `result().stopReason` says which).
    public mutating func step() throws -> Trial? {
        guard stopReason == nil else { return nil }
        if let n = budget.maxTrials, trials.count >= n {
            stopReason = "the budget of \(Format.counted(n, "trial")) is spent"
            return nil
        }
        if let n = budget.maxEpochs, cost.epochs >= n {
            stopReason = "the budget of \(Format.counted(n, "epoch")) is spent (\(cost.epochs) used)"
            return nil
        }
        guard let configuration = try searcher.suggest() else {
            stopReason = searcher.exhaustionNote ?? "\(searcher.name) has nothing left to propose"
            return nil
        }
        let trial = Trial(number: trials.count + 1, configuration: configuration,
                          evaluation: objective.evaluate(configuration))
        trials.append(trial)
        cost = cost + trial.cost
        if let score = trial.score {
            // A new incumbent when there is none yet or this score is strictly better.
            // (Written without Optional.map: Swift 6.3's optimizer crashed on that form
            // in release builds, "Found ownership error" in CopyPropagation.)
            var improves = true
            if let current = incumbent, let best = current.score {
                improves = objective.direction.isBetter(score, than: best)
            }
            if improves { incumbent = trial }
        }
        trajectory.append(TrajectoryPoint(trials: trials.count, bestScore: incumbent?.score,
                                          incumbent: incumbent?.number, cost: cost))
        searcher.observe(trial)
        return trial
    }

    /// Runs trials until the search is over, calling `onTrial` after each one.
    public mutating func run(onTrial: ((Trial, TrajectoryPoint) -> Void)? = nil) throws -> SearchResult {
        while let trial = try step() {
            onTrial?(trial, trajectory.last!)
        }
        return result()
    }

    /// The search so far.
    public func result() -> SearchResult {
        SearchResult(searcherName: searcher.name, objectiveName: objective.name, direction: objective.direction,
                     trials: trials, trajectory: trajectory, stopReason: stopReason ?? "still running")
    }
}
