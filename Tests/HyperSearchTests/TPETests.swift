// TPE as a searcher: gamma and the good/bad split (ties, direction, failures), the
// random startup, determinism, every kind of hyperparameter, the ratio it maximises,
// failed trials kept out of the good group, and clear errors.

import Foundation
import Testing
import LabMath
@testable import HyperSearch
import TestSupport

@Suite("TPE")
struct TPETests {
    let line = try! SearchSpace([.real("x", low: 0, high: 1)])

    /// Feeds `scores` (nil = diverged) to a TPE as trials 1, 2, ... at x = k / 100.
    func observed(_ scores: [Double?], direction: OptimizationDirection = .minimize,
                  settings: TPESettings = TPESettings()) throws -> TreeParzenEstimator {
        var tpe = try TreeParzenEstimator(space: line, direction: direction, seed: 1, settings: settings)
        for (k, score) in scores.enumerated() {
            let c = Configuration(checkedNames: ["x"], values: [.number(Double(k) / 100)])
            tpe.observe(Trial(number: k + 1, configuration: c, evaluation: score.map { .score($0) } ?? .diverged("NaN loss")))
        }
        return tpe
    }

    /// gamma(n) = min(ceil(0.1 n), 25), Optuna's default_gamma.
    @Test func gammaIsOptunas() {
        let s = TPESettings()
        #expect([1, 9, 10, 11, 20, 21, 30, 249, 250, 251, 1000].map(s.goodCount) == [1, 1, 1, 2, 2, 3, 3, 25, 25, 25, 25])
    }

    /// 12 trials: gamma(12) = 2 good. Scores 5, 3, 9, 3, 7, ... : the two 3s are the best
    /// (trial 2 before trial 4 on the tie); trial 6 diverged and is bad, never good.
    @Test func splitsGoodAndBad() throws {
        let scores: [Double?] = [5, 3, 9, 3, 7, nil, 8, 6, 4, 10, 11, 12]
        let split = try observed(scores).split()
        #expect(split.good == [2, 4])
        #expect(split.bad == [1, 3, 5, 6, 7, 8, 9, 10, 11, 12])
        // Maximising: the two largest, 12 and 11.
        #expect(try observed(scores, direction: .maximize).split().good == [12, 11])
        // With 11 trials of which all but one failed, the one score is good and the
        // failures are bad.
        let mostlyFailed = try observed([nil, nil, nil, 2, nil, nil, nil, nil, nil, nil, nil])
        #expect(mostlyFailed.split().good == [4] && mostlyFailed.split().bad.count == 10)
        // Optuna's way: failed trials are left out, so n = 11 scored trials.
        var ignore = TPESettings()
        ignore.failedTrials = .ignore
        let ignored = try observed(scores, settings: ignore).split()
        #expect(ignored.good == [2, 4] && !ignored.bad.contains(6) && ignored.bad.count == 9)
    }

    /// The startup proposals are random search's: the same seed draws the same points.
    @Test func startupIsRandomSearch() throws {
        let space = try SearchSpace([.real("lr", low: 1e-4, high: 0.1, scale: .log), .integer("batch", low: 10, high: 40),
                                     .categorical("act", names: ["relu", "tanh"])])
        var tpe = try TreeParzenEstimator(space: space, direction: .minimize, seed: 9)
        var random = try RandomSearch(space: space, iterations: 10, seed: 9)
        for number in 1...10 {
            let c = tpe.suggest()!
            #expect(c == random.suggest()!)
            tpe.observe(Trial(number: number, configuration: c, evaluation: .score(Double(number))))
            #expect(tpe.steps.last!.isStartup)
        }
        _ = tpe.suggest()
        #expect(!tpe.steps.last!.isStartup && tpe.steps.last!.goodCount == 1 && tpe.steps.last!.badCount == 9)
        #expect(tpe.steps.last!.threshold == 1)
    }

    @Test func sameSeedSameProposals() throws {
        let space = try SearchSpace([.real("x", low: -5, high: 10), .real("y", low: 0, high: 15)])
        let branin = Objective(name: "branin", direction: .minimize) { c in
            .score(TestFunctions.branin(try c.double("x"), try c.double("y")))
        }
        func run(_ seed: UInt64, multivariate: Bool) throws -> [Configuration] {
            var settings = TPESettings()
            settings.multivariate = multivariate
            var tuner = try Tuner(searcher: TreeParzenEstimator(space: space, direction: .minimize, seed: seed, settings: settings),
                                  objective: branin, budget: .trials(25))
            return try tuner.run().trials.map(\.configuration)
        }
        for multivariate in [false, true] {
            #expect(try run(4, multivariate: multivariate) == run(4, multivariate: multivariate))
            #expect(try run(4, multivariate: multivariate) != run(5, multivariate: multivariate))
        }
    }

    /// Every kind of hyperparameter, each on its own (one-parameter spaces, 40 trials,
    /// seeds 1 to 3). "Near" the optimum means as close as the nearest 10% of uniform
    /// draws (at least 10%: for the categorical, the 25% that pick tanh). The 30 guided
    /// proposals of each run must be valid and land near the optimum at least twice as
    /// often as uniform draws do. (Not far more: TPE keeps exploring, because where
    /// neither group has observations the prior kernels make l / g about
    /// (n_bad + 1) / (n_good + 1), which is large.) Optima: lr = 1e-3 (log scale),
    /// batch = 32, units = 8 (log scale), act = tanh, x = 0.7.
    @Test func guidesEveryKindOfHyperparameter() throws {
        let cases: [(Hyperparameter, (Configuration) throws -> Double)] = [
            (.real("lr", low: 1e-5, high: 1, scale: .log), { abs(log10(try $0.double("lr")) + 3) }),
            (.integer("batch", low: 1, high: 64), { abs(Double(try $0.integer("batch")) - 32) }),
            (.integer("units", low: 1, high: 256, scale: .log), { abs(log2(Double(try $0.integer("units"))) - 3) }),
            (.categorical("act", names: ["relu", "tanh", "sigmoid", "gelu"]), { try $0.text("act") == "tanh" ? 0 : 1 }),
            (.real("x", low: 0, high: 1), { abs(try $0.double("x") - 0.7) }),
        ]
        for (parameter, distance) in cases {
            let space = try SearchSpace([parameter])
            let objective = Objective(name: "distance", direction: .minimize) { .score(try distance($0)) }
            var rng = SeededGenerator(seed: 5)
            let uniform = try (0..<2000).map { _ in try distance(Configuration(checkedNames: [parameter.name], values: [parameter.sample(&rng)])) }
            let near = Statistics.quantile(uniform, 0.1)
            let uniformNear = Double(uniform.filter { $0 <= near }.count) / Double(uniform.count)
            var guided: [Trial] = []
            for seed: UInt64 in 1...3 {
                var tuner = try Tuner(searcher: TreeParzenEstimator(space: space, direction: .minimize, seed: seed),
                                      objective: objective, budget: .trials(40))
                guided += try tuner.run().trials.dropFirst(10)
            }
            #expect(guided.allSatisfy { parameter.contains($0.configuration.values[0]) })
            let tpeNear = Double(guided.filter { $0.score! <= near }.count) / Double(guided.count)
            #expect(tpeNear >= 2 * uniformNear, "\(parameter.name): \(tpeNear) of TPE's proposals near the optimum, \(uniformNear) of uniform draws")
        }
        // All kinds at once: every proposal is a valid configuration.
        let mixed = try SearchSpace(cases.map(\.0))
        var tpe = try TreeParzenEstimator(space: mixed, direction: .minimize, seed: 3)
        for number in 1...30 {
            let c = tpe.suggest()!
            #expect(zip(mixed.parameters, c.values).allSatisfy { $0.contains($1) }, "\(c)")
            tpe.observe(Trial(number: number, configuration: c, evaluation: .score(try cases.map { try $0.1(c) }.reduce(0, +))))
        }
    }

    /// The recorded log l - log g of a proposal is what l and g give at that point, and
    /// no other candidate scored higher than the chosen one (checked on a fresh copy
    /// drawing the same candidates).
    @Test func proposesTheLargestRatio() throws {
        var tpe = try observed((0..<30).map { k in pow(Double(k) / 100 - 0.2, 2) })
        let before = tpe
        let proposal = try tpe.suggest()!.double("x")
        let (l, g) = before.estimators(for: "x")!
        let ratio = l.logDensity([proposal]) - g.logDensity([proposal])
        #expect(isClose(tpe.steps.last!.logRatio!, ratio, relative: 1e-12))
        var rng = SeededGenerator(seed: 1)
        let candidates = (0..<24).map { _ in l.sample(&rng)[0] }
        #expect(candidates.contains(proposal))
        #expect(candidates.allSatisfy { l.logDensity([$0]) - g.logDensity([$0]) <= ratio })
        // The good trials are the gamma(30) = 3 scores nearest x = 0.2: trials 20, 21, 22.
        #expect(Set(before.split().good) == [20, 21, 22])
    }

    /// Right of x = 0.6 every trial diverges. Counting failures as bad keeps TPE away
    /// from there: of its 40 model-guided proposals fewer than 10% fall in the failing
    /// region (40% would, at random); the best trial is near the optimum x = 0.2.
    @Test func failedTrialsKeepTheModelAway() throws {
        let objective = Objective(name: "f", direction: .minimize) { c in
            let x = try c.double("x")
            return x > 0.6 ? .diverged("loss was NaN at epoch 1") : .score(pow(x - 0.2, 2))
        }
        var tuner = try Tuner(searcher: TreeParzenEstimator(space: line, direction: .minimize, seed: 3),
                              objective: objective, budget: .trials(50))
        let result = try tuner.run()
        let guided = result.trials.dropFirst(10)
        let failing = guided.filter { $0.score == nil }.count
        #expect(failing < 4, "\(failing) of 40 guided proposals diverged")
        #expect(abs(try result.best!.configuration.double("x") - 0.2) < 0.02)
    }

    @Test func refusesBadSettingsAndDirections() throws {
        var settings = TPESettings()
        settings.candidates = 0
        #expect(throws: SearchError.self) { try TreeParzenEstimator(space: line, direction: .minimize, seed: 1, settings: settings) }
        settings = TPESettings()
        settings.goodFraction = 1.5
        #expect(throws: SearchError.self) { try TreeParzenEstimator(space: line, direction: .minimize, seed: 1, settings: settings) }
        let accuracy = Objective(name: "accuracy", direction: .maximize) { _ in .score(0.5) }
        let tpe = try TreeParzenEstimator(space: line, direction: .minimize, seed: 1)
        #expect(throws: SearchError.self) { try Tuner(searcher: tpe, objective: accuracy, budget: .trials(5)) }
    }
}
