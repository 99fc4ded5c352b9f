// NetworkTuning.swift
//
// What this file teaches: how to wire a neural network into a hyperparameter search
// the way scikit-learn's GridSearchCV and RandomizedSearchCV do, without their traps.
//
// 1. Hold out a test set first, and never let the search see it.
// 2. On the remaining rows, fix k stratified folds once; every configuration is scored
//    on the same folds, so differences come from the configuration, not the split.
// 3. Inside each fold, fit the scaler on that fold's training rows only, train, and
//    score on the fold's validation rows.
// 4. After the search, refit the best configuration on all training rows and score it
//    once on the test set (scikit-learn's `refit=True` followed by `score`).
//
// The article passes a raw Keras model to GridSearchCV, which scikit-learn cannot
// clone or fit: it needs an estimator wrapper whose constructor takes the
// hyperparameters. Here the wrapper is `settings(from:)`: a configuration becomes the
// network's settings, and a fresh network is built for every fold.

import HyperSearch
import LabData
import LabMath
import TrainingEngine

/// A fold's data, standardised with statistics of the fold's training rows only.
public struct FoldData {
    public let train: (x: Matrix, y: Matrix)
    public let validation: (x: Matrix, y: Matrix)
    /// The scaler, fitted on `fold.trainIndices` and nothing else.
    public let scaler: Standardizer

    /// Prepares `fold` of `dataset` (binary targets as one column).
    /// - Throws: `DataError` from the scaler (a fold without training rows).
    public static func prepare(_ dataset: Dataset, _ fold: Fold) throws -> FoldData {
        let trainPart = dataset.subset(fold.trainIndices)
        let validationPart = dataset.subset(fold.validationIndices)
        let scaler = try Standardizer(fittedOn: trainPart.features)
        return FoldData(train: (try scaler.transform(trainPart.features), columnMatrix(trainPart.targets)),
                        validation: (try scaler.transform(validationPart.features), columnMatrix(validationPart.targets)),
                        scaler: scaler)
    }
}

/// The article's network on a binary dataset, ready to be tuned by any searcher.
public struct NetworkTuning {
    /// The rows the search may use (everything but the test rows).
    public let training: Dataset
    /// The held-out rows, scored once at the end.
    public let test: Dataset
    /// Folds over `training` (indices into `training`).
    public let crossValidation: CrossValidation
    /// Values for hyperparameters the configuration does not set.
    public let defaults: NetworkSettings
    /// Seed for the networks' initial weights and shuffles.
    public let seed: UInt64

    /// Splits `dataset` into training and test rows (stratified) and fixes `folds`
    /// stratified folds over the training rows.
    public init(dataset: Dataset, testFraction: Double = 0.2, folds: Int = 5, defaults: NetworkSettings = NetworkSettings(),
                seed: UInt64) throws {
        let parts = try HeldOutFolds(dataset, testFraction: testFraction, folds: folds, seed: seed)
        (training, test, crossValidation) = (parts.training, parts.test, parts.crossValidation)
        self.defaults = defaults
        self.seed = seed
    }

    /// The network settings a configuration stands for: `learningRate`, `batchSize`,
    /// `epochs` and `hiddenUnits` are read if present, the rest come from `defaults`.
    public func settings(from configuration: Configuration) throws -> NetworkSettings {
        try NetworkSettings(configuration, defaults: defaults)
    }

    /// Trains on one fold and returns its validation accuracy (or the divergence).
    /// Every configuration starts fold k from the same seed, so configurations are
    /// compared on equal terms.
    public func evaluate(_ settings: NetworkSettings, fold index: Int, _ fold: Fold) throws -> Evaluation {
        let data = try FoldData.prepare(training, fold)
        var rng = SeededGenerator(seed: seed, stream: UInt64(index) &+ 100)
        let model = try ArticleNetwork.make(inputs: training.featureCount, hiddenUnits: settings.hiddenUnits,
                                            learningRate: settings.learningRate, rng: &rng)
        let run = try model.fit(data.train.x, data.train.y, epochs: settings.epochs, batchSize: settings.batchSize,
                                divergence: DivergenceRule(lossIncreaseFactor: 10), rng: &rng)
        let cost = SearchCost(epochs: run.cost.epochs, updates: run.cost.updates)
        guard run.outcome.isUsable else { return .diverged("\(run.outcome)", cost: cost) }
        let accuracy = try model.evaluate(data.validation.x, data.validation.y).metrics[0]
        return .score(accuracy, cost: cost)
    }

    /// The search objective: mean validation accuracy over the folds (maximised).
    public func objective() -> Objective {
        Objective(name: "mean validation accuracy (\(crossValidation.k)-fold CV)", direction: .maximize) { configuration in
            let settings = try self.settings(from: configuration)
            return self.crossValidation.evaluate { index, fold in try self.evaluate(settings, fold: index, fold) }
        }
    }

    /// The result of refitting on all training rows and scoring once on the test rows.
    public struct RefitResult {
        public let settings: NetworkSettings
        public let run: TrainingRun
        public let testAccuracy: Double
        public let testLoss: Double
    }

    /// scikit-learn's refit: trains `settings` on all training rows (standardised with
    /// their own statistics) and scores the test rows once.
    public func refitAndTest(_ settings: NetworkSettings) throws -> RefitResult {
        let scaler = try Standardizer(fittedOn: training.features)
        var rng = SeededGenerator(seed: seed, stream: 99)
        let model = try ArticleNetwork.make(inputs: training.featureCount, hiddenUnits: settings.hiddenUnits,
                                            learningRate: settings.learningRate, rng: &rng)
        let run = try model.fit(try scaler.transform(training.features), columnMatrix(training.targets),
                                epochs: settings.epochs, batchSize: settings.batchSize,
                                divergence: DivergenceRule(lossIncreaseFactor: 10), rng: &rng)
        guard run.outcome.isUsable else {
            return RefitResult(settings: settings, run: run, testAccuracy: .nan, testLoss: .nan)
        }
        let scores = try model.evaluate(try scaler.transform(test.features), columnMatrix(test.targets))
        return RefitResult(settings: settings, run: run, testAccuracy: scores.metrics[0], testLoss: scores.loss)
    }
}
