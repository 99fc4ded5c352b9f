// ArticleObjective.swift
//
// What this file teaches: what goes wrong when an objective ignores the configuration
// it is given. The first article's bayes_opt example scores one fixed, untrained
// network on the test set, whatever learning rate and batch size it is asked about.
// Here we evaluate exactly that; main.swift then shows what a Gaussian process learns
// from it: nothing.

import Experiments
import GaussianProcesses
import HyperSearch
import LabData
import LabMath
import TrainingEngine

enum ArticleObjective {
    /// The article's objective evaluated `count` times, as bayes_opt would for `count`
    /// configurations: the accuracy of one untrained network (weights from `rng`) on the
    /// test rows, standardised with the training rows' statistics. The configuration
    /// never enters, so every value is the same.
    static func untrainedTestScores(_ tuning: NetworkTuning, count: Int,
                                    rng: inout SeededGenerator) throws -> [Double] {
        let scaler = try Standardizer(fittedOn: tuning.training.features)
        let untrained = try ArticleNetwork.make(inputs: tuning.training.featureCount, hiddenUnits: 10,
                                                learningRate: 0.01, rng: &rng)
        let x = try scaler.transform(tuning.test.features), y = columnMatrix(tuning.test.targets)
        return try (0..<count).map { _ in try untrained.evaluate(x, y).metrics[0] }
    }

    /// Bayesian optimisation run for real on the article's objective, the constant
    /// `value`: 6 trials (3 initial, 3 guided, `.legacy`) over `space`, then the spread
    /// (largest minus smallest) of the fitted model's mean over `grid`, points of the
    /// unit cube. A constant teaches the model nothing, so the spread is 0 or nearly.
    static func fittedMeanSpread(value: Double, space: SearchSpace, seed: UInt64, grid: [Double]) throws -> Double {
        let constant = Objective(name: "untrained test accuracy", direction: .maximize) { _ in .score(value) }
        var tuner = try Tuner(searcher: BayesianOptimization(space: space, direction: .maximize, initPoints: 3,
                                                             nIter: 3, settings: .legacy, seed: seed),
                              objective: constant, budget: .trials(6))
        _ = try tuner.run()
        let means = try (tuner.searcher as? BayesianOptimization)?.model?
            .predict(Matrix(rows: grid.count, columns: 1, elements: grid)).mean ?? [.nan]
        return (means.max() ?? .nan) - (means.min() ?? .nan)
    }
}
