// Schedulers on cheap synthetic learning curves: successive halving promotes exactly
// the best floor(k / eta) of each rung (ties to the earlier trial, in either
// direction); Hyperband runs its planned brackets; ASHA's promotions follow a hand
// trace of Li et al.'s Algorithm 2; the median pruner follows Optuna's rules and never
// stops a trial that already matches the incumbent.

import Foundation
import Testing
import LabMath
@testable import HyperSearch

/// Configurations "id" = 1...n in order (trial k gets id k), plus a group "g" that
/// decides the curve, so that trials of one group have equal curves (ties).
func numberedConfigurations(_ n: Int, groups: Int? = nil) -> ManualSearch {
    ManualSearch((1...n).map { id in
        Configuration(checkedNames: ["id", "g"], values: [.number(Double(id)), .number(Double(groups.map { id % $0 } ?? id))])
    })
}

/// Crossing curves: a_g + b_g ln(epoch) with a, b drawn once from a seeded generator,
/// so that the ranking after 1 epoch differs from the ranking after 9.
struct CrossingCurves {
    var intercepts: [Double] = []
    var slopes: [Double] = []

    init(groups: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for _ in 0...groups {
            intercepts.append(rng.nextDouble(in: 0.2...0.6))
            slopes.append(rng.nextDouble(in: 0...0.15))
        }
    }

    func score(group: Int, epoch: Int) -> Double { intercepts[group] + slopes[group] * log(Double(epoch)) }

    func objective(direction: OptimizationDirection = .maximize) -> MultiFidelityObjective {
        MultiFidelityObjective.learningCurves(name: "synthetic accuracy", direction: direction) { c, epoch in
            let value = score(group: try c.integer("g"), epoch: epoch)
            return direction == .maximize ? value : -value
        }
    }
}

/// A table of curves: trial k's score after epoch e is `table[k - 1][e - 1]`.
func tabulatedObjective(_ table: [[Double]]) -> MultiFidelityObjective {
    MultiFidelityObjective.learningCurves(name: "tabulated", direction: .maximize) { c, epoch in
        table[try c.integer("id") - 1][epoch - 1]
    }
}

@Suite("Schedulers on synthetic curves")
struct SchedulerTests {
    @Test(arguments: [OptimizationDirection.maximize, .minimize])
    func successiveHalvingPromotesExactlyTheTopOneOverEta(direction: OptimizationDirection) throws {
        let curves = CrossingCurves(groups: 7, seed: 11)
        let halving = try SuccessiveHalving(eta: 3, minResource: 1, maxResource: 27, brackets: 1)
        var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(27, groups: 7), scheduler: halving,
                                           objective: curves.objective(direction: direction), budget: .epochs(1000))
        let result = try tuner.run()
        #expect(result.stopReason == "all 1 bracket is done")
        #expect(result.rungs.map(\.trials.count) == [27, 9, 3, 1])
        #expect(result.rungs.map(\.epochs) == [1, 3, 9, 27])
        for rung in result.rungs.dropLast() {
            // Independent ranking: by the curve formula (higher accuracy first), ties by trial number.
            let expected = rung.trials.sorted { a, b in
                let sa = curves.score(group: a % 7, epoch: rung.epochs), sb = curves.score(group: b % 7, epoch: rung.epochs)
                return sa != sb ? sa > sb : a < b
            }.prefix(rung.trials.count / 3)
            #expect(rung.promoted == Array(expected))
            #expect(rung.promoted.count == rung.trials.count / 3)
            for number in rung.trials where !rung.promoted.contains(number) {
                #expect(result.trials[number - 1].epochs == rung.epochs && result.trials[number - 1].state == .paused)
            }
        }
        // Ties decided by trial number: groups repeat every 7 trials, so some promoted
        // trials share a curve with a trial that was not promoted, which comes later.
        #expect(result.rungs[0].promoted.contains { p in result.rungs[0].trials.contains { $0 > p && $0 % 7 == p % 7 && !result.rungs[0].promoted.contains($0) } })
        // Promoted trials resume: the bracket costs 27 + 9*2 + 3*6 + 1*18 epochs.
        #expect(result.totalCost.epochs == halving.plan.epochs && halving.plan.epochs == 81)
        #expect(result.trials.allSatisfy { $0.cost.epochs == $0.epochs })
        #expect(result.best?.number == result.rungs[3].trials[0] && result.best?.state == .completed)
    }

    @Test func hyperbandRunsEveryPlannedBracket() throws {
        let curves = CrossingCurves(groups: 50, seed: 3)
        let hyperband = try Hyperband(eta: 3, minResource: 1, maxResource: 9, loops: 1)
        var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(50), scheduler: hyperband,
                                           objective: curves.objective(), budget: .epochs(10_000), workers: 2)
        let result = try tuner.run()
        #expect(result.stopReason == "all 3 brackets are done")
        #expect(result.trials.count == 9 + 5 + 3)
        for plan in hyperband.plans {
            let rungs = result.rungs.filter { $0.s == plan.s }
            #expect(rungs.map(\.trials.count) == plan.rungs.map(\.trials))
            #expect(rungs.map(\.epochs) == plan.rungs.map(\.epochs))
            for rung in rungs.dropLast() { #expect(rung.promoted.count == rung.trials.count / 3) }
        }
        #expect(result.totalCost.epochs == 69)
        // Two workers wait at synchronous rungs, but never longer than the work left.
        #expect(result.idleWorkerTime >= 0 && result.elapsedTime < 69)
    }

    /// Li et al. 2020, Algorithm 2, traced by hand: eta 2, rungs at 1, 2, 4 epochs,
    /// constant scores, one worker, a budget of 12 epochs.
    @Test func ashaFollowsAHandTrace() throws {
        let scores = [0.5, 0.9, 0.3, 0.8, 0.6, 0.7, 0.1, 0.95]
        let objective = tabulatedObjective(scores.map { Array(repeating: $0, count: 4) })
        let asha = try ASHA(eta: 2, minResource: 1, maxResource: 4)
        #expect(asha.rungEpochs == [1, 2, 4])
        var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(8), scheduler: asha, objective: objective,
                                           budget: .epochs(12))
        let result = try tuner.run()
        let jobs = result.jobs.map { "\($0.trial):\($0.fromEpochs)->\($0.reachedEpochs)" }
        #expect(jobs == ["1:0->1", "2:0->1", "2:1->2", "3:0->1", "4:0->1", "4:1->2", "2:2->4", "5:0->1", "6:0->1",
                         "6:1->2", "7:0->1"])
        #expect(result.rungs[0].trials == [1, 2, 3, 4, 5, 6, 7] && result.rungs[0].promoted == [2, 4, 6])
        #expect(result.rungs[1].trials == [2, 4, 6] && result.rungs[1].promoted == [2])
        #expect(result.best?.number == 2 && result.totalCost.epochs == 12)
        #expect(result.stopReason == "the budget of 12 epochs is spent")
    }

    @Test func ashaKeepsWorkersBusyWhereSynchronousRungsWait() throws {
        let curves = CrossingCurves(groups: 200, seed: 5)
        func run(_ scheduler: any Scheduler) throws -> MultiFidelityResult {
            var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(200), scheduler: scheduler,
                                               objective: curves.objective(), budget: .epochs(300), workers: 4)
            return try tuner.run()
        }
        let asha = try run(ASHA(minResource: 1, maxResource: 27))
        let halving = try run(SuccessiveHalving(minResource: 1, maxResource: 27))
        #expect(asha.totalCost.epochs == 300 && halving.totalCost.epochs == 300)
        #expect(asha.idleWorkerTime < 4)          // only the jobs cut by the budget
        #expect(halving.idleWorkerTime > asha.idleWorkerTime + 10)
        #expect(asha.elapsedTime < halving.elapsedTime)
    }

    /// Completed trials 1-5 give medians 0.5, 0.55, 0.6, 0.7 after epochs 1-4.
    let startupCurves: [[Double]] = [[0.5, 0.6, 0.7, 0.8], [0.4, 0.5, 0.6, 0.7], [0.6, 0.7, 0.8, 0.9],
                                     [0.3, 0.4, 0.5, 0.6], [0.5, 0.55, 0.6, 0.65]]

    func prune(_ pruner: MedianPruner, extra: [[Double]]) throws -> (MultiFidelityResult, [PruningDecision]) {
        var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(5 + extra.count), scheduler: pruner,
                                           objective: tabulatedObjective(startupCurves + extra), budget: .epochs(1000))
        let result = try tuner.run()
        return (result, (tuner.scheduler as! MedianPruner).decisions)
    }

    @Test func medianPrunerFollowsOptunasRules() throws {
        let extra: [[Double]] = [[0.45, 0.9, 0.9, 0.9], [0.5, 0.52, 0.58, 0.6], [0.2, 0.3, 0.95, 0.99]]
        let (result, decisions) = try prune(MedianPruner(maxResource: 4), extra: extra)
        // Trial 4 is the worst at every epoch but runs to the end: 5 startup trials.
        #expect(result.trials.prefix(5).allSatisfy { $0.state == .completed })
        #expect(decisions == [PruningDecision(trial: 6, epochs: 1, bestScore: 0.45, median: 0.5, completedTrials: 5),
                              PruningDecision(trial: 7, epochs: 2, bestScore: 0.52, median: 0.55, completedTrials: 5),
                              PruningDecision(trial: 8, epochs: 1, bestScore: 0.2, median: 0.5, completedTrials: 5)])
        // Trial 7 equals the median after epoch 1 and is not pruned then (strictly worse only).
        #expect(result.trials[6].epochs == 2 && result.trials[6].state == .pruned)
        // Trial 8 would have finished best (0.99): a slow starter, pruned all the same.
        #expect(result.best?.number == 3)
        #expect(result.totalCost.epochs == 5 * 4 + 1 + 2 + 1)
        // Warm-up 1 epoch: nothing is pruned after epoch 1; trial 8 goes after epoch 2.
        let (_, warm) = try prune(MedianPruner(maxResource: 4, warmupEpochs: 1), extra: extra)
        #expect(warm.map { "\($0.trial)@\($0.epochs)" } == ["7@2", "8@2"])
        // Checks every 2 epochs (after epochs 1 and 3): trial 7 goes after epoch 3.
        let (_, sparse) = try prune(MedianPruner(maxResource: 4, intervalEpochs: 2), extra: extra)
        #expect(sparse.map { "\($0.trial)@\($0.epochs)" } == ["6@1", "7@3", "8@1"])
        // With 9 startup trials none of the 8 is ever pruned.
        let (patient, none) = try prune(MedianPruner(maxResource: 4, startupTrials: 9), extra: extra)
        #expect(none.isEmpty && patient.trials.allSatisfy { $0.state == .completed })
    }

    @Test func pruningNeverStopsATrialThatMatchesTheIncumbent() throws {
        // Two completed trials that overfit: after epoch 1 their median is 0.925, but the
        // incumbent (trial 1) ends at 0.80. Trial 3 is at 0.82: Optuna's rule alone would
        // prune it; it already beats the incumbent, so it runs on, and becomes it.
        let table: [[Double]] = [[0.9, 0.85, 0.8], [0.95, 0.9, 0.7], [0.82, 0.83, 0.84], [0.7, 0.99, 0.99]]
        var tuner = try MultiFidelityTuner(searcher: numberedConfigurations(4),
                                           scheduler: MedianPruner(maxResource: 3, startupTrials: 2),
                                           objective: tabulatedObjective(table), budget: .epochs(100))
        let result = try tuner.run()
        #expect(result.trials[2].state == .completed && result.best?.number == 3)
        #expect((tuner.scheduler as! MedianPruner).decisions.map(\.trial) == [4])
    }

    /// The pruner's decision on random books: whenever it stops a trial, the trial's
    /// best score is strictly worse than the median, than the incumbent's final score,
    /// and than the best completed trial at the same epoch.
    @Test func prunedTrialsAreBehindTheMedianAndTheIncumbent() throws {
        var rng = SeededGenerator(seed: 99)
        var pruned = 0
        for _ in 0..<500 {
            let direction: OptimizationDirection = rng.nextDouble() < 0.5 ? .maximize : .minimize
            var book = TrialBook(direction: direction, maxResource: 6)
            let completed = 1 + rng.nextInt(below: 8)
            for number in 1...(completed + 1) {
                var trial = MultiFidelityTrial(number: number, configuration: Configuration(checkedNames: [], values: []))
                let epochs = number <= completed ? 6 : 1 + rng.nextInt(below: 5)
                trial.scores = (0..<epochs).map { _ in rng.nextDouble() }
                trial.state = number <= completed ? .completed : .running
                book.trials.append(trial)
            }
            var pruner = try MedianPruner(maxResource: 6, startupTrials: rng.nextInt(below: 4))
            let running = book.trials.last!
            guard !pruner.shouldContinue(running, book) else { continue }
            pruned += 1
            let best = running.scores.reduce(running.scores[0]) { direction.best($0, $1) }
            let decision = pruner.decisions[0]
            #expect(decision.bestScore == best && direction.isBetter(decision.median, than: best))
            #expect(direction.isBetter(book.incumbent!.scores[5], than: best))
            let atEpoch = book.trials.prefix(completed).map { $0.scores[running.epochs - 1] }
            #expect(atEpoch.contains { direction.isBetter($0, than: best) })
        }
        #expect(pruned > 100)   // the property was exercised
    }
}
