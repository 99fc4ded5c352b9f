// EarlyStoppingRace.swift
//
// What this file teaches: how an early-stopping tuner joins a race at equal compute. A
// plain searcher trains every trial for R epochs; Hyperband (Li, Jamieson, DeSalvo,
// Rostamizadeh and Talwalkar 2018) lets random search propose configurations and
// decides itself how long each one trains: many start with a few epochs, and only the
// best of each rung are resumed towards R (Lesson 6 takes it apart). So it gets the
// same *epoch* budget, not the same number of trials, and its result after every epoch
// is its incumbent: the best trial trained to R, as for everyone else. The network is
// the same split, network and seed as HoldOutNetwork's (a trial trained to R epochs
// scores exactly what HoldOutNetwork's objective gives it), and the chosen network is
// scored once on the test rows.

import Experiments
import HyperSearch
import LabMath

enum EarlyStoppingRace {
    /// Hyperband with eta 3 from 1 epoch to R: its brackets, before anything runs.
    static func hyperband(maxEpochs: Int) throws -> Hyperband {
        try Hyperband(eta: 3, minResource: 1, maxResource: maxEpochs)
    }

    /// Random search proposing, Hyperband scheduling, within `budget` epochs on `network`.
    static func hyperbandRace(_ network: HoldOutNetwork, space: SearchSpace, budget: Int, seed: UInt64) throws -> Race {
        let tuning = ResumableNetworkTuning(data: network.data, defaults: network.defaults, seed: network.seed)
        let stopwatch = Stopwatch(), total = Stopwatch()
        // Random search never runs out here: the epoch budget ends the search.
        let searcher = MeteredSearcher(try RandomSearch(space: space, iterations: 100_000, seed: seed),
                                       stopwatch: stopwatch)
        var tuner = try MultiFidelityTuner(searcher: searcher, scheduler: hyperband(maxEpochs: network.epochs),
                                           objective: tuning.objective(), budget: .epochs(budget))
        let result = try total.time { try tuner.run() }
        return Race(curve: curve(result, budget: budget), trials: result.trials.count,
                    searcherSeconds: stopwatch.seconds, objectiveSeconds: total.seconds - stopwatch.seconds,
                    testAccuracy: try result.best.flatMap { try tuning.testAccuracy(ofTrial: $0.number, in: tuner) })
    }

    /// The incumbent's validation accuracy after every epoch of the budget (NaN until a
    /// trial has trained to R; the last value carried on if the search ended early).
    static func curve(_ result: MultiFidelityResult, budget: Int) -> [Double] {
        var curve = [Double](repeating: .nan, count: budget)
        for point in result.trajectory where point.cost.epochs >= 1 && point.cost.epochs <= budget {
            curve[point.cost.epochs - 1] = point.bestScore ?? .nan
        }
        for e in curve.indices.dropFirst() where curve[e].isNaN && result.totalCost.epochs < e + 1 {
            curve[e] = curve[e - 1]
        }
        return curve
    }
}
