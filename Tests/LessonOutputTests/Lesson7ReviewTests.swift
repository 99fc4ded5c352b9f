// Lesson 7 after the second student-eye review: TPE's startup trials are random
// search's own draws (checked on real searches, not assumed), the EI sentence holds
// only for gamma below 1, the gap sentence says how its medians are taken, the
// timing sentence says its seconds are summed over both cores, and the nested-CV
// seed has a name.

import Foundation
import HyperSearch
import LabMath
import Testing
import TestSupport
@testable import Lesson7_ChoosingATuner

@Suite("Lesson 7 after review 2")
struct Lesson7ReviewTests {
    /// Random search and TPE with the same seeds on a cheap 2-D objective, as races.
    func standings(trials: Int, seeds: [UInt64]) throws -> Standings {
        let space = try SearchSpace([.real("x", low: 0, high: 1), .real("y", low: 0, high: 1)])
        let objective = Objective(name: "bowl", direction: .minimize) { c in
            let (x, y) = (try c.double("x"), try c.double("y"))
            return .score((x - 0.3) * (x - 0.3) + (y - 0.6) * (y - 0.6))
        }
        let contenders = [
            Contender(name: "random", mark: "r") { space, _, n, seed in
                try RandomSearch(space: space, iterations: n, seed: seed) },
            Contender(name: "TPE", mark: "t") { space, direction, _, seed in
                try TreeParzenEstimator(space: space, direction: direction, seed: seed) },
        ]
        let bySeed = try seeds.map { seed in
            try contenders.map { contender in
                let search = try TimedSearch(contender.makeSearcher!(space, .minimize, trials, seed),
                                             objective: objective, budget: .trials(trials))
                var best = Double.infinity
                let curve = search.result.trials.map { trial in
                    best = min(best, trial.score ?? .infinity)
                    return best
                }
                return Race(curve: curve, search)
            }
        }
        return Standings(problem: "bowl", summary: "2 real", contenders: contenders, direction: .minimize,
                         bySeed: bySeed)
    }

    /// The claim the lesson prints, measured: with the same seed TPE's first 10
    /// trials are random search's first 10, so a budget of 8 makes them one search.
    @Test func tpesStartupTrialsAreRandomSearchsDraws() throws {
        let short = try standings(trials: 8, seeds: [1, 2, 3])
        #expect(short.sharedOpening(1, 0, count: 10) == 3)
        #expect(short.comparison(1, against: 0).ties == 3)             // identical searches
        let note = try #require(ShowdownReport.sharedStartNote(short, baseline: 0))
        #expect(note.contains("on 3 of 3 seeds: on this budget TPE is random search (TPE tied random search on 3 of 3)"))
        let long = try standings(trials: 14, seeds: [1, 2])
        #expect(long.sharedOpening(1, 0, count: 10) == 2)
        let after = zip(long.races[0], long.races[1]).filter { $0.0.configurations[10] == $0.1.configurations[10] }
        #expect(after.isEmpty)                                          // the model takes over at trial 11
        let full = try #require(ShowdownReport.sharedStartNote(long, baseline: 0))
        #expect(full.contains("the two searches are one until trial 11"))
        #expect(ShowdownReport.sharedStartNote(long, baseline: 0, explain: false)!.hasPrefix("(TPE's first 10 trials"))
        // Different seeds: no shared opening, no note.
        var shifted = long
        shifted.races[1] = try standings(trials: 14, seeds: [5, 6]).races[1]
        #expect(shifted.sharedOpening(1, 0, count: 10) == 0 && ShowdownReport.sharedStartNote(shifted, baseline: 0) == nil)
    }

    /// seed x 31 + k, wrapping around (the formula the lesson used before it had a name).
    @Test func theNestedSearchSeedIsNamed() {
        #expect(WinnerOptimism.searchSeed(42, outerFold: 2) == 1_304)
        #expect(WinnerOptimism.searchSeed(UInt64.max, outerFold: 1) == UInt64.max &* 31 &+ 1)
    }

    /// The review's reproducing runs: --gamma 1, --quick, --timing.
    @Test func sentencesFollowTheirConditions() throws {
        let allGood = try LessonRunner.run("Lesson7_ChoosingATuner", ["--quick", "--gamma", "1"])
        #expect(allGood.status == 0, "\(allGood.standardError)")
        let one = LessonRunner.flattened(allGood.standardOutput)
        #expect(one.contains("= 15/15 = 1.000 here. With every trial good, 1 - gamma = 0 and the expression is 1"))
        #expect(!one.contains("which grows with l(x) / g(x): look"))
        let timed = try LessonRunner.run("Lesson7_ChoosingATuner", ["--quick", "--timing"])
        let text = LessonRunner.flattened(timed.standardOutput)
        #expect(text.contains("which grows with l(x) / g(x): look"))
        #expect(text.contains("proposals per search, on average: TPE 0, BO"))
        #expect(text.contains("each tuner's gap, validation minus test, was taken seed by seed"))
        #expect(text.contains("summed over its searches; step 2 runs the seeds on both cores at once"))
        #expect(text.contains("seed: WinnerOptimism.searchSeed(seed, outerFold: k)") && !text.contains("&+"))
        #expect(LessonRunner.layoutProblems(in: timed.standardOutput).isEmpty)
    }
}
