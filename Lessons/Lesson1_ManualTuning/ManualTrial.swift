// ManualTrial.swift
//
// What this file teaches: one trial of manual tuning is "pick settings, train, look at
// the validation score". main.swift trains (in plain sight, as the code cell shows);
// this file keeps what is needed to compare trials afterwards: the settings, the
// history, the outcome, the trained weights and their validation scores.

import Experiments
import LabMath
import TrainingEngine

/// The result of training the article's network once with given settings.
struct TrialResult {
    let label: String
    let settings: NetworkSettings
    let run: TrainingRun
    /// The trained model (its weights after the run, or the best epoch's if restored).
    let model: Sequential
    /// Validation loss and accuracy of the final weights (NaN if the run diverged).
    let validationLoss: Double
    let validationAccuracy: Double
    /// How many different classes the final model predicts on the validation rows: 1
    /// means it answers the same class for everyone (0 if the run diverged).
    let validationClassesPredicted: Int

    /// Epochs actually trained (fewer than asked after early stopping or divergence).
    var epochsRun: Int { run.history.count }

    /// True when the run diverged (its scores are NaN and it has no place in a ranking).
    var diverged: Bool { !run.outcome.isUsable }

    /// The largest absolute value among the model's weights and biases: how far
    /// training has thrown them (they start below 1 in absolute value).
    var largestWeight: Double {
        model.weightsSnapshot().reduce(0) { largest, matrix in matrix.elements.reduce(largest) { max($0, abs($1)) } }
    }

    /// How far the validation loss ended above its lowest value, as a fraction
    /// (0.274 = 27.4% above); 0 when the last epoch was the best, NaN without history.
    var validationRiseAboveMinimum: Double {
        guard let best = run.epochOfLowestValidationLoss, let last = run.history.last?.validationLoss,
              let lowest = run.history[best - 1].validationLoss, lowest > 0 else { return .nan }
        return last / lowest - 1
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

extension TrialResult {
    /// Scores a trained `model` on the validation rows, unless the run diverged.
    init(label: String, settings: NetworkSettings, run: TrainingRun, model: Sequential,
         validation: (x: Matrix, y: Matrix)) throws {
        var loss = Double.nan, accuracy = Double.nan, classes = 0
        if run.outcome.isUsable {
            let scores = try model.evaluate(validation.x, validation.y)
            loss = scores.loss
            accuracy = scores.metrics[0]
            classes = TrialResult.distinctClasses(try model.predict(validation.x, batchSize: validation.x.rows))
        }
        self.init(label: label, settings: settings, run: run, model: model, validationLoss: loss,
                  validationAccuracy: accuracy, validationClassesPredicted: classes)
    }
}
