// GridVersusRandom.swift
//
// What this file teaches: when a grid loses to random search. Bergstra and Bengio
// (JMLR 2012) showed that random search beats a grid when only a few hyperparameters
// matter: with 9 trials a 3 x 3 grid tries only 3 values of the important one, while
// random search tries up to 9. When every hyperparameter matters equally, the
// advantage shrinks or disappears. Both cases are measured below; how to compare two
// methods honestly is in PairedComparison.swift.

import HyperSearch
import LabMath
import TextCharts

public enum GridVersusRandom {
    /// A comparison with the grid as the first method and random search as the second.
    public typealias Summary = PairedComparison

    static func emptySummary(_ direction: OptimizationDirection) -> PairedComparison {
        PairedComparison(firstName: "grid search", secondName: "random search", direction: direction)
    }

    /// The 3 x 3 grid and 9 random points on [0, 1]^2, on a family of quadratic bowls
    /// f(x, y) = (x - a)^2 + w (y - b)^2 whose optimum (a, b) is drawn at random for each
    /// problem. With weight w = 0 only x matters; with w = 1 both matter equally. The
    /// minimum of every bowl is 0, so the best value found is the *regret*.
    ///
    /// The grid uses the centres of a 3 x 3 partition, {1/6, 1/2, 5/6}: the best any
    /// 3-value grid can do without knowing where the optimum is.
    public static func syntheticBowls(weight: Double, problems: Int, seed: UInt64) -> Summary {
        var problemRng = SeededGenerator(seed: seed)
        var summary = emptySummary(.minimize)
        let gridValues = [1.0 / 6, 0.5, 5.0 / 6]
        for p in 0..<problems {
            let a = problemRng.nextDouble(), b = problemRng.nextDouble()
            func f(_ x: Double, _ y: Double) -> Double { (x - a) * (x - a) + weight * (y - b) * (y - b) }
            var gridBest = Double.infinity
            for x in gridValues { for y in gridValues { gridBest = min(gridBest, f(x, y)) } }
            var rng = SeededGenerator(seed: seed, stream: UInt64(p) &+ 1)
            var randomBest = Double.infinity
            for _ in 0..<9 { randomBest = min(randomBest, f(rng.nextDouble(), rng.nextDouble())) }
            summary.pairings.append(PairedComparison.Pairing(first: gridBest, second: randomBest))
        }
        return summary
    }

    /// The article's 3 x 3 grid (learning rate {0.001, 0.01, 0.1} x batch size
    /// {10, 20, 40}) against 9 random configurations (log-uniform learning rate in
    /// [0.001, 0.1], integer batch size in [10, 40]) on the network, for several seeds.
    /// Each seed draws a new split, folds and initial weights, shared by both methods;
    /// the pairing compares the best mean CV accuracy each method found.
    public static func network(makeTuning: (UInt64) throws -> NetworkTuning, seeds: [UInt64],
                               onSeed: (UInt64, PairedComparison.Pairing) -> Void = { _, _ in }) throws -> Summary {
        var summary = emptySummary(.maximize)
        let randomSpace = try SearchSpace([.real("learningRate", low: 0.001, high: 0.1, scale: .log),
                                           .integer("batchSize", low: 10, high: 40)])
        for seed in seeds {
            let tuning = try makeTuning(seed)
            let grid = try GridSearch([.values("learningRate", [0.001, 0.01, 0.1]), .values("batchSize", [10, 20, 40])],
                                      limit: 9)
            var gridTuner = try Tuner(searcher: grid, objective: tuning.objective(), budget: .trials(9))
            var randomTuner = try Tuner(searcher: RandomSearch(space: randomSpace, iterations: 9, seed: seed),
                                        objective: tuning.objective(), budget: .trials(9))
            let gridBest = try gridTuner.run().best?.score ?? .nan
            let randomBest = try randomTuner.run().best?.score ?? .nan
            let pairing = PairedComparison.Pairing(first: gridBest, second: randomBest)
            summary.pairings.append(pairing)
            onSeed(seed, pairing)
        }
        return summary
    }

    /// For a finished 2-D grid: the mean score for each value of each axis (averaged
    /// over the other axis), and the range of those means: a rough "main effect" that
    /// says which hyperparameter moves the score most.
    public static func mainEffects(_ result: SearchResult) -> [(name: String, means: [(value: String, mean: Double)], range: Double)] {
        guard let names = result.trials.first?.configuration.names else { return [] }
        return names.enumerated().map { index, name in
            var values: [HyperparameterValue] = []
            for t in result.trials where !values.contains(t.configuration.values[index]) {
                values.append(t.configuration.values[index])
            }
            let means = values.map { v -> (String, Double) in
                let scores = result.trials.filter { $0.configuration.values[index] == v }.compactMap(\.score)
                return (v.description, scores.isEmpty ? .nan : Statistics.mean(scores))
            }
            let finite = means.map(\.1).filter { $0.isFinite }
            return (name, means, (finite.max() ?? .nan) - (finite.min() ?? .nan))
        }
    }
}
