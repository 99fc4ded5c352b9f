// RandomSearch.swift
//
// What this file teaches: random search, the article's second method and scikit-learn's
// RandomizedSearchCV. Draw `iterations` configurations at random and keep the best.
// It sounds naive, but when only a few hyperparameters really matter, every random
// trial tries a new value of each of them, where a grid repeats the same few values
// (Bergstra and Bengio, "Random search for hyper-parameter optimization", JMLR 2012).
//
// When every hyperparameter is discrete (integers and lists), the space is finite and
// we draw *without replacement*: no trial is wasted on a configuration already tried,
// and when the space runs out we stop and say so. (scikit-learn does the same when all
// parameters are lists, and draws with replacement as soon as one is a distribution;
// we treat integer ranges as discrete too.) A log-scaled integer stays log-uniform
// then too: each draw picks among the configurations not yet tried with chances
// proportional to their log-uniform chances (`WeightedDistinctSampler`).

import LabMath

/// Random search over a space, `iterations` trials at most.
///
/// ```swift
/// var search = try RandomSearch(space: space, iterations: 10, seed: 42)
/// while let configuration = search.suggest() { ... }
/// ```
public struct RandomSearch: Searcher {
    public let name = "random search"
    public let space: SearchSpace
    /// The number of configurations to draw (scikit-learn's `n_iter`).
    public let iterations: Int
    private var rng: SeededGenerator
    private var suggested = 0
    private var distinct: (any DistinctSampler)?

    /// - Throws: `SearchError.invalidArgument` unless `iterations >= 1`.
    public init(space: SearchSpace, iterations: Int, seed: UInt64) throws {
        guard iterations >= 1 else { throw SearchError.invalidArgument("random search needs at least 1 iteration, got \(iterations)") }
        self.space = space
        self.iterations = iterations
        self.rng = SeededGenerator(seed: seed)
        if space.isDiscrete, let size = space.size {
            distinct = space.hasNonUniformDiscreteParameter ? WeightedDistinctSampler(space: space, size: size)
                                                            : DistinctIndexSampler(size: size)
        }
    }

    /// True when draws are without replacement (every hyperparameter is discrete).
    public var samplesWithoutReplacement: Bool { distinct != nil }

    public mutating func suggest() -> Configuration? {
        guard suggested < iterations else { return nil }
        if distinct != nil {
            guard let index = distinct!.next(&rng) else { return nil }
            suggested += 1
            return space.configuration(atIndex: index)
        }
        suggested += 1
        var values: [HyperparameterValue] = []
        for parameter in space.parameters { values.append(parameter.sample(&rng)) }
        return Configuration(checkedNames: space.parameters.map(\.name), values: values)
    }

    public var exhaustionNote: String? {
        if let distinct, distinct.drawn == distinct.size, distinct.size < iterations {
            let only = distinct.size == 1 ? "only 1 configuration; it was tried" : "only \(distinct.size) configurations; all were tried"
            return "the space has \(only), so random search stopped after \(distinct.size) of the \(iterations) requested "
                + "iterations"
        }
        if suggested < iterations { return nil }
        return iterations == 1 ? "the 1 requested iteration was drawn" : "all \(iterations) iterations were drawn"
    }
}
