// ManualTrial.swift
//
// What this file teaches: one trial of manual tuning is "pick settings, train, look at
// the validation score". This file does exactly that and keeps everything needed to
// compare trials afterwards: the history, the outcome and the trained weights.

import LabMath
import TrainingEngine

/// The result of training the article's network once with given settings.
public struct TrialResult {
    public let label: String
    public let settings: NetworkSettings
    public let run: TrainingRun
    /// The trained model (its weights after the run, or the best epoch's if restored).
    public let model: Sequential
    /// Validation loss and accuracy of the final weights (NaN if the run diverged).
    public let validationLoss: Double
    public let validationAccuracy: Double
    /// How many different classes the final model predicts on the validation rows: 1
    /// means it answers the same class for everyone (0 if the run diverged).
    public let validationClassesPredicted: Int

    /// Epochs actually trained (fewer than asked after early stopping or divergence).
    public var epochsRun: Int { run.history.count }
}

public enum ManualTrial {
    /// Trains the article's network on `data` with `settings`.
    ///
    /// - Parameters:
    ///   - seed: weights and shuffles come from `SeededGenerator(seed:)`, so the same
    ///     seed and settings give the same trial.
    ///   - divergence: the lessons stop a run whose loss grows tenfold (see
    ///     `DivergenceRule`).
    public static func run(_ label: String, _ settings: NetworkSettings, on data: PreparedSplit, seed: UInt64,
                           earlyStopping: EarlyStopping? = nil,
                           divergence: DivergenceRule = DivergenceRule(lossIncreaseFactor: 10)) throws -> TrialResult {
        var rng = SeededGenerator(seed: seed)
        let model = try ArticleNetwork.make(inputs: data.train.x.columns, hiddenUnits: settings.hiddenUnits,
                                            learningRate: settings.learningRate, rng: &rng)
        let run = try model.fit(data.train.x, data.train.y, epochs: settings.epochs, batchSize: settings.batchSize,
                                validationData: data.validation, earlyStopping: earlyStopping,
                                divergence: divergence, rng: &rng)
        var loss = Double.nan, accuracy = Double.nan, classes = 0
        if run.outcome.isUsable {
            let scores = try model.evaluate(data.validation.x, data.validation.y)
            loss = scores.loss
            accuracy = scores.metrics[0]
            classes = distinctClasses(try model.predict(data.validation.x, batchSize: data.validation.x.rows))
        }
        return TrialResult(label: label, settings: settings, run: run, model: model, validationLoss: loss,
                           validationAccuracy: accuracy, validationClassesPredicted: classes)
    }

    /// The number of different answers among the rows of `probabilities`: one sigmoid
    /// column is read as class 1 when >= 0.5; several columns by their largest entry.
    static func distinctClasses(_ probabilities: Matrix) -> Int {
        var seen = [Bool](repeating: false, count: max(2, probabilities.columns))
        for r in 0..<probabilities.rows {
            if probabilities.columns == 1 {
                seen[probabilities[r, 0] >= 0.5 ? 1 : 0] = true
            } else {
                var best = 0
                for c in 1..<probabilities.columns where probabilities[r, c] > probabilities[r, best] { best = c }
                seen[best] = true
            }
        }
        return seen.filter { $0 }.count
    }
}
