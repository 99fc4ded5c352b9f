// ArticleObjective.swift
//
// What this file teaches: what goes wrong when an objective ignores the configuration
// it is given. The first article's bayes_opt example scores one fixed, untrained
// network on the test set, whatever learning rate and batch size it is asked about.
// Here we run exactly that, and show what a Gaussian process learns from it: nothing.

import GaussianProcesses
import HyperSearch
import LabData
import LabMath
import TrainingEngine

public enum ArticleObjective {
    /// The article's objective evaluated `count` times, as bayes_opt would for `count`
    /// configurations: the accuracy of one untrained network (weights from `rng`) on the
    /// test rows, standardised with the training rows' statistics. The configuration
    /// never enters, so every value is the same.
    public static func untrainedTestScores(_ tuning: NetworkTuning, count: Int,
                                           rng: inout SeededGenerator) throws -> [Double] {
        let scaler = Standardizer(fittedOn: tuning.training.features)
        let untrained = try ArticleNetwork.make(inputs: tuning.training.featureCount, hiddenUnits: 10,
                                                learningRate: 0.01, rng: &rng)
        let x = scaler.transform(tuning.test.features), y = columnMatrix(tuning.test.targets)
        return try (0..<count).map { _ in try untrained.evaluate(x, y).metrics[0] }
    }

    /// Bayesian optimisation (3 initial + 3 guided trials) on an objective that always
    /// returns `value`, then the range (max - min) of the fitted model's mean over
    /// `grid` (cube coordinates of `space`'s single parameter). 0 means a flat line:
    /// the model has learned that nothing matters.
    public static func flatness(ofConstant value: Double, space: SearchSpace, grid: [Double],
                                seed: UInt64) throws -> Double {
        let constant = Objective(name: "untrained test accuracy", direction: .maximize) { _ in .score(value) }
        var tuner = try Tuner(searcher: BayesianOptimization(space: space, direction: .maximize, initPoints: 3,
                                                             nIter: 3, settings: .legacy, seed: seed),
                              objective: constant, budget: .trials(6))
        _ = try tuner.run()
        guard let model = (tuner.searcher as? BayesianOptimization)?.model else { return .nan }
        let means = try model.predict(Matrix(rows: grid.count, columns: 1, elements: grid)).mean
        return (means.max() ?? .nan) - (means.min() ?? .nan)
    }
}
