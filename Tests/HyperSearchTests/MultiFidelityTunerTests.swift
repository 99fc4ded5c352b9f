// The multi-fidelity tuner: resumed trials continue their own curve (a paused trial is
// not restarted), the epoch budget is exact, results are identical for a seed, every
// searcher feeds every scheduler and sees each trial once, failures are recorded and
// never promoted, exhaustion and impossible jobs end the search with a clear reason.

import Foundation
import Testing
import LabMath
@testable import HyperSearch

/// A run whose scores are a random walk drawn from its own generator: the curve
/// depends on the run's state, so restarting it instead of resuming would show.
final class RandomWalkRun: ResumableRun {
    var rng: SeededGenerator
    var score = 0.5

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    func advance() throws -> Evaluation {
        score += rng.nextDouble(in: -0.05...0.1)
        return .score(score, cost: SearchCost(epochs: 1, updates: 10, evaluations: 1, examples: 100))
    }
}

var randomWalks: MultiFidelityObjective {
    MultiFidelityObjective(name: "random walk", direction: .maximize) { c in
        RandomWalkRun(seed: UInt64(try c.integer("id")))
    }
}

/// A searcher that records what it observes, around any other searcher.
struct RecordingSearcher: Searcher {
    var base: any Searcher
    var observed: [Trial] = []
    var name: String { base.name }
    mutating func suggest() throws -> Configuration? { try base.suggest() }
    mutating func observe(_ trial: Trial) {
        observed.append(trial)
        base.observe(trial)
    }
    var exhaustionNote: String? { base.exhaustionNote }
    var modeledDirection: OptimizationDirection? { base.modeledDirection }
}

/// A scheduler that asks for one impossible job.
struct BrokenScheduler: Scheduler {
    let name = "broken"
    let maxResource = 5
    let job: SchedulerJob
    var summary: String { "asks for \(job)" }
    mutating func nextJob(_ book: TrialBook) -> SchedulerJob { book.trials.isEmpty ? .startNew(epochs: 2) : job }
}

@Suite("Multi-fidelity tuner")
struct MultiFidelityTunerTests {
    @Test func resumedTrialsContinueTheirOwnCurve() throws {
        func run(_ scheduler: any Scheduler, workers: Int) throws -> MultiFidelityResult {
            var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(9), scheduler: scheduler,
                                               objective: randomWalks, budget: .epochs(1000), workers: workers)
            return try tuner.run()
        }
        let full = try run(FullTraining(maxResource: 9), workers: 1)
        let halving = try run(SuccessiveHalving(eta: 3, minResource: 1, maxResource: 9, brackets: 1), workers: 2)
        #expect(halving.trials.contains { $0.jobCount == 3 })   // paused twice and resumed
        for trial in halving.trials {
            #expect(trial.scores == Array(full.trials[trial.number - 1].scores.prefix(trial.epochs)))
            #expect(trial.cost.epochs == trial.epochs && trial.cost.examples == 100 * trial.epochs)
        }
        #expect(halving.totalCost.epochs == 9 + 3 * 2 + 1 * 6)
    }

    @Test(arguments: ["full", "halving", "hyperband", "median", "asha"])
    func theEpochBudgetIsExactAndTheTrajectoryMonotone(_ which: String) throws {
        let scheduler: any Scheduler
        switch which {
        case "full": scheduler = try FullTraining(maxResource: 9)
        case "halving": scheduler = try SuccessiveHalving(minResource: 1, maxResource: 9)
        case "hyperband": scheduler = try Hyperband(minResource: 1, maxResource: 9)
        case "median": scheduler = try MedianPruner(maxResource: 9)
        default: scheduler = try ASHA(minResource: 1, maxResource: 9)
        }
        let space = try SearchSpace([.integer("id", low: 1, high: 1_000_000)])
        var tuner = try MultiFidelityTuner(searcher: RandomSearch(space: space, iterations: 10_000, seed: 4),
                                           scheduler: scheduler, objective: randomWalks, budget: .epochs(100), workers: 3)
        let result = try tuner.run()
        #expect(result.totalCost.epochs == 100 && result.trajectory.count == 100)
        #expect(result.trajectory.map(\.cost.epochs) == Array(1...100))
        #expect(result.stopReason == "the budget of 100 epochs is spent")
        let scores = result.trajectory.compactMap(\.bestScore)
        #expect(!scores.isEmpty && zip(scores, scores.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(result.bestScore(withinEpochs: 100) == result.best?.score(afterEpochs: 9))
        #expect(result.trials.allSatisfy { $0.epochs <= 9 })
        #expect(result.trials.reduce(0) { $0 + $1.cost.epochs } == 100)
    }

    @Test func sameSeedSameSearch() throws {
        func run() throws -> MultiFidelityResult {
            let space = try SearchSpace([.integer("id", low: 1, high: 1_000_000)])
            var tuner = try MultiFidelityTuner(searcher: RandomSearch(space: space, iterations: 500, seed: 8),
                                               scheduler: ASHA(minResource: 1, maxResource: 27), objective: randomWalks,
                                               budget: .epochs(400), workers: 3)
            return try tuner.run()
        }
        let a = try run(), b = try run()
        #expect(a.trials == b.trials && a.jobs == b.jobs && a.trajectory == b.trajectory && a.rungs == b.rungs)
        #expect(MultiFidelityReport.trialTable(a) == MultiFidelityReport.trialTable(b))
        #expect(a.jobs.contains { $0.worker == 2 } && a.best != nil)
    }

    /// Random search and Bayesian optimisation each feed every scheduler; the searcher
    /// sees every trial exactly once, when its first job ends.
    @Test func anySearcherFeedsAnyScheduler() throws {
        let space = try SearchSpace([.real("plateau", low: 0.5, high: 1), .real("speed", low: 0.05, high: 2, scale: .log)])
        let objective = MultiFidelityObjective.learningCurves(name: "accuracy", direction: .maximize) { c, epoch in
            try c.double("plateau") * (1 - exp(-(try c.double("speed")) * Double(epoch)))
        }
        let schedulers: [any Scheduler] = [try FullTraining(maxResource: 9), try SuccessiveHalving(minResource: 1, maxResource: 9),
                                           try Hyperband(minResource: 1, maxResource: 9), try MedianPruner(maxResource: 9),
                                           try ASHA(minResource: 1, maxResource: 9)]
        for scheduler in schedulers {
            let searchers: [any Searcher] = [try RandomSearch(space: space, iterations: 200, seed: 2),
                                             try BayesianOptimization(space: space, direction: .maximize, initPoints: 4,
                                                                      nIter: 30, seed: 2)]
            for searcher in searchers {
                var tuner = try MultiFidelityTuner(searcher: RecordingSearcher(base: searcher), scheduler: scheduler,
                                                   objective: objective, budget: .epochs(60), workers: 2)
                let result = try tuner.run()
                let observed = (tuner.searcher as! RecordingSearcher).observed
                let ended = Set(result.jobs.filter { $0.ending != .budgetSpent }.map(\.trial))
                #expect(observed.map(\.number).sorted() == ended.sorted(), "\(scheduler.name), \(searcher.name)")
                #expect(Set(observed.map(\.number)).count == observed.count)
                #expect(result.best != nil, "\(scheduler.name), \(searcher.name)")
            }
        }
    }

    @Test func failuresAreRecordedAndNeverPromoted() throws {
        struct Boom: Error, CustomStringConvertible { var description: String { "no network for this one" } }
        final class DivergingRun: ResumableRun {
            func advance() throws -> Evaluation { .diverged("loss became NaN", cost: SearchCost(epochs: 1, updates: 5)) }
        }
        // id % 5 == 0 cannot start; id % 4 == 0 diverges in its first epoch; the others are random walks.
        let objective = MultiFidelityObjective(name: "fragile", direction: .maximize) { c in
            let id = try c.integer("id")
            if id % 5 == 0 { throw Boom() }
            if id % 4 == 0 { return DivergingRun() }
            return RandomWalkRun(seed: UInt64(id))
        }
        var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(27),
                                           scheduler: SuccessiveHalving(minResource: 1, maxResource: 27, brackets: 1),
                                           objective: objective, budget: .epochs(1000))
        let result = try tuner.run()
        #expect(result.trials[4].status == "failed: no network for this one" && result.trials[4].cost == .zero)
        #expect(result.trials[3].status == "diverged: loss became NaN" && result.trials[3].cost.epochs == 1)
        let rung0 = result.rungs[0]
        #expect(rung0.trials.count == 27 && rung0.promoted.count == 9)
        #expect(rung0.promoted.allSatisfy { $0 % 5 != 0 && $0 % 4 != 0 })
        #expect(result.trials.allSatisfy { $0.epochs <= 27 })
        // Networks that will never train again are freed; the incumbent's is kept.
        #expect(tuner.resumableRun(ofTrial: 4) == nil && tuner.resumableRun(ofTrial: 5) == nil)
        #expect(tuner.resumableRun(ofTrial: result.best!.number) != nil)
        let stopped = try #require(rung0.trials.first { !rung0.promoted.contains($0) && result.trials[$0 - 1].state == .paused })
        #expect(tuner.resumableRun(ofTrial: stopped) == nil)
    }

    @Test func exhaustionAndTrialBudgetsEndTheSearch() throws {
        // A grid of 5 cannot fill a rung of 9: 5 start, floor(5/3) = 1 goes on, then the bracket ends.
        let grid = try GridSearch([.values("id", [1, 2, 3, 4, 5])], limit: 10)
        var tuner = try MultiFidelityTuner(searcher: grid, scheduler: SuccessiveHalving(minResource: 1, maxResource: 9),
                                           objective: randomWalks, budget: .epochs(1000))
        let result = try tuner.run()
        #expect(result.rungs.map(\.trials.count) == [5, 1] && result.rungs[1].promoted.isEmpty)
        #expect(result.stopReason == "all 5 grid points were tried")
        #expect(result.best == nil)      // nothing reached 9 epochs
        // Four trials at most: ASHA promotes what it can, then stops.
        let constant = tabulatedObjective([0.5, 0.9, 0.3, 0.8].map { Array(repeating: $0, count: 4) })
        var limited = try MultiFidelityTuner(searcher: numberedConfigurations(50),
                                             scheduler: ASHA(eta: 2, minResource: 1, maxResource: 4), objective: constant,
                                             budget: SearchBudget(maxTrials: 4, maxEpochs: 1000))
        let four = try limited.run()
        #expect(four.trials.count == 4)
        #expect(four.stopReason == "the budget of 4 trials is spent; no trial can be promoted")
        #expect(four.rungs[0].promoted == [2, 4] && four.rungs[1].promoted == [2] && four.best?.number == 2)
    }

    @Test func impossibleJobsAndBadSettingsAreClearErrors() throws {
        func message(_ job: SchedulerJob) -> String {
            do {
                var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(5), scheduler: BrokenScheduler(job: job),
                                                   objective: randomWalks, budget: .epochs(100))
                _ = try tuner.run()
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(message(.resume(trial: 9, toEpochs: 3)) == "broken asked to resume trial 9, which is unknown")
        #expect(message(.resume(trial: 1, toEpochs: 2)) == "broken asked to resume trial 1 from 2 to 2 epochs; allowed: 3 to 5")
        #expect(message(.resume(trial: 1, toEpochs: 6)) == "broken asked to resume trial 1 from 2 to 6 epochs; allowed: 3 to 5")
        #expect(message(.startNew(epochs: 0)) == "broken asked for a new trial of 0 epochs; allowed: 1 to 5")
        #expect(message(.wait) == "no error")       // waiting with nothing running ends the search
        let scheduler = try FullTraining(maxResource: 3)
        #expect(throws: SearchError.self) {
            try MultiFidelityTuner(searcher: numberedConfigurations(2), scheduler: scheduler, objective: randomWalks,
                                   budget: .epochs(10), workers: 0)
        }
        #expect(throws: SearchError.self) {
            try MultiFidelityTuner(searcher: numberedConfigurations(2), scheduler: scheduler, objective: randomWalks,
                                   budget: SearchBudget())
        }
        let space = try SearchSpace([.real("x", low: 0, high: 1)])
        let minimizing = try BayesianOptimization(space: space, direction: .minimize, initPoints: 2, nIter: 2, seed: 1)
        #expect(throws: SearchError.self) {
            try MultiFidelityTuner(searcher: minimizing, scheduler: scheduler, objective: randomWalks, budget: .epochs(10))
        }
    }

    @Test func rankCorrelationComparesEarlyAndFinalOrders() throws {
        // After epoch 1 the order is the reverse of the final one; after epoch 2 it is the same.
        let table: [[Double]] = [[0.9, 0.2, 0.6], [0.8, 0.3, 0.7], [0.7, 0.4, 0.8], [0.6, 0.5, 0.9]]
        var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(4), scheduler: FullTraining(maxResource: 3),
                                           objective: tabulatedObjective(table), budget: .epochs(12))
        let result = try tuner.run()
        #expect(result.completedTrials.count == 4)
        #expect(result.rankCorrelation(afterEpochs: 1) == -1)
        #expect(result.rankCorrelation(afterEpochs: 2) == 1 && result.rankCorrelation(afterEpochs: 3) == 1)
        #expect(result.rankCorrelation(afterEpochs: 4) == nil)     // no trial trained 4 epochs
    }

    @Test func reportsListRungsAndTrials() throws {
        var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(9),
                                           scheduler: SuccessiveHalving(minResource: 1, maxResource: 9, brackets: 1),
                                           objective: randomWalks, budget: .epochs(100))
        let result = try tuner.run()
        let rungs = MultiFidelityReport.rungTable(result).split(separator: "\n")
        #expect(rungs.count == 2 + 3 + 1)
        #expect(rungs[2].hasPrefix("        0  2     0       1     9/9         3"))
        let trials = MultiFidelityReport.trialTable(result).split(separator: "\n")
        #expect(trials.count == 2 + 9 && trials.contains { $0.hasSuffix("completed") })
        #expect(trials.filter { $0.hasSuffix("paused after 1 epoch") }.count == 6)
    }
}
