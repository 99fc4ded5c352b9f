// ShowdownProblems.swift
//
// What this file teaches: how to test tuners on problems whose answer is known. Each
// problem is a search space, a function to minimise and its true minimum, so the
// *simple regret* (the true value at the configuration a tuner ends with, minus the
// minimum) says exactly how far from the best it stopped. The four problems each pose
// one of the questions of "which tuner when": few hyperparameters (Branin), many
// (Hartmann-6), noisy scores (Branin seen through noise) and a categorical
// hyperparameter (Branin with one axis turned into unordered choices).

import HyperSearch
import LabMath
import TextCharts

/// A test problem of the showdown.
struct TestProblem: Sendable {
    let name: String
    /// Its hyperparameters (and noise), e.g. "2 real".
    let summary: String
    let space: SearchSpace
    /// The trial budget every tuner gets (equal compute).
    let trials: Int
    /// The true minimum of `truth` over the space.
    let minimum: Double
    /// The objective a tuner sees for one seed, and the true value of a configuration.
    let instance: @Sendable (UInt64) -> (objective: Objective, truth: (Configuration) throws -> Double)

    /// The true regret of the incumbent after every trial of `result`: the true value at
    /// the trial the tuner believes best (by the scores it saw), minus the minimum.
    /// Before the first scored trial the regret is infinite.
    func regretCurve(_ result: SearchResult, truth: (Configuration) throws -> Double) throws -> [Double] {
        var curve: [Double] = []
        var cache: [Int: Double] = [:]     // true value by trial number; only looked up
        for point in result.trajectory {
            guard let number = point.incumbent else { curve.append(.infinity); continue }
            if cache[number] == nil { cache[number] = try truth(result.trials[number - 1].configuration) - minimum }
            curve.append(cache[number]!)
        }
        return curve
    }
}

enum ShowdownProblems {
    /// Branin on the unit square: 2 real hyperparameters, three global minima.
    static func branin(trials: Int) throws -> TestProblem {
        let space = try SearchSpace([.real("x1", low: 0, high: 1), .real("x2", low: 0, high: 1)])
        @Sendable func value(_ c: Configuration) throws -> Double {
            TestFunctions.braninOnUnitSquare(try c.double("x1"), try c.double("x2"))
        }
        return TestProblem(name: "Branin", summary: "2 real", space: space, trials: trials,
                           minimum: TestFunctions.braninMinimum) { _ in
            (Objective(name: "Branin", direction: .minimize) { .score(try value($0)) }, value)
        }
    }

    /// Hartmann 6-D: 6 real hyperparameters, one narrow global minimum.
    static func hartmann6(trials: Int) throws -> TestProblem {
        let names = (1...6).map { "x\($0)" }
        let space = try SearchSpace(names.map { .real($0, low: 0, high: 1) })
        @Sendable func value(_ c: Configuration) throws -> Double { TestFunctions.hartmann6(try names.map { try c.double($0) }) }
        return TestProblem(name: "Hartmann-6", summary: "6 real", space: space, trials: trials,
                           minimum: TestFunctions.hartmann6Minimum) { _ in
            (Objective(name: "Hartmann-6", direction: .minimize) { .score(try value($0)) }, value)
        }
    }

    /// Branin seen through noise: each evaluation adds a normal draw with standard
    /// deviation `noise` (the noise of the library's GP benchmark problem is 1). The k-th
    /// evaluation of every tuner gets the same draw for a given seed (common random
    /// numbers: the tuners face the same luck). Regret uses the noise-free value.
    static func noisyBranin(trials: Int, noise: Double) throws -> TestProblem {
        let clean = try branin(trials: trials)
        return TestProblem(name: "noisy Branin", summary: "2 real, noise sd \(Format.compact(noise))",
                           space: clean.space, trials: trials, minimum: clean.minimum) { seed in
            let truth = clean.instance(seed).truth
            let draws = NoiseDraws(seed: seed, stream: 77)
            let objective = Objective(name: "noisy Branin", direction: .minimize) { configuration in
                .score(try truth(configuration) + noise * draws.next())
            }
            return (objective, truth)
        }
    }

    /// The names of the categorical levels.
    static let levelNames = ["a", "b", "c", "d", "e", "f", "g", "h"]

    /// Branin with x2 restricted to 8 unordered levels: x1 real, "level" categorical. The
    /// levels stand for 8 values of x2, two of them at global minima of Branin
    /// (x2 = 2.275 and 12.275, i.e. 2.275 / 15 and 12.275 / 15 on the unit square), so
    /// the minimum is Branin's own. Which name stands for which value is shuffled for
    /// every seed: a tuner cannot rely on an order of the names, as with an optimizer
    /// or an activation function.
    static func categoricalBranin(trials: Int) throws -> TestProblem {
        let space = try SearchSpace([.real("x1", low: 0, high: 1), .categorical("level", names: levelNames)])
        let x2Values = [2.275 / 15, 12.275 / 15, 0.05, 0.3, 0.45, 0.6, 0.7, 0.95]
        return TestProblem(name: "categorical Branin", summary: "1 real, 1 categorical", space: space,
                           trials: trials, minimum: TestFunctions.braninMinimum) { seed in
            var rng = SeededGenerator(seed: seed, stream: 78)
            let order = rng.permutation(x2Values.count)
            @Sendable func value(_ c: Configuration) throws -> Double {
                guard let level = levelNames.firstIndex(of: try c.text("level")) else {
                    throw SearchError.invalidArgument("unknown level")
                }
                return TestFunctions.braninOnUnitSquare(try c.double("x1"), x2Values[order[level]])
            }
            return (Objective(name: "categorical Branin", direction: .minimize) { .score(try value($0)) }, value)
        }
    }
}

/// Normal draws handed out in order (a class: the objective's closure keeps drawing).
final class NoiseDraws {
    private var rng: SeededGenerator
    init(seed: UInt64, stream: UInt64) { rng = SeededGenerator(seed: seed, stream: stream) }
    func next() -> Double { rng.nextNormal() }
}
