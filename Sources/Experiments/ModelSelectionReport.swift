// ModelSelectionReport.swift
//
// What this file teaches: how to present a model comparison so that it can be trusted:
// the same columns for every candidate (size, cost, cross-validated accuracy and its
// spread), and sentences that only state what the numbers show.

import Foundation
import HyperSearch
import LabMath
import LessonKit
import TextCharts
import TrainingEngine

public enum ModelSelectionReport {
    /// One candidate's row.
    public struct Row {
        public let name: String
        /// The learning rate, when the rows were tuned and differ in it.
        public let learningRate: Double?
        public let parameters: Int
        public let multiplyAddsPerExample: Int
        public let evaluation: Evaluation
        public init(name: String, learningRate: Double? = nil, parameters: Int, multiplyAddsPerExample: Int,
                    evaluation: Evaluation) {
            self.name = name
            self.learningRate = learningRate
            self.parameters = parameters
            self.multiplyAddsPerExample = multiplyAddsPerExample
            self.evaluation = evaluation
        }
    }

    public static func table(_ rows: [Row]) -> String {
        let showRates = rows.contains { $0.learningRate != nil }
        var columns: [Table.Column] = [.init("model", alignment: .left)]
        if showRates { columns.append(.init("lr")) }
        columns += [.init("params"), .init("MACs/ex."), .init("CV acc"), .init("std"), .init("epochs")]
        var table = Table(columns: columns)
        for r in rows {
            let scores = r.evaluation.foldScores ?? []
            var cells = [r.name]
            if showRates { cells.append(r.learningRate.map { Format.compact($0) } ?? "-") }
            cells += [Format.grouped(r.parameters), Format.grouped(r.multiplyAddsPerExample),
                      r.evaluation.score.map { Format.fixed($0, 3) } ?? "failed",
                      scores.isEmpty ? "-" : Format.fixed(Statistics.standardDeviation(scores), 3),
                      "\(r.evaluation.cost.epochs)"]
            table.addRow(cells)
        }
        return table.render() + "\n" + Prose.wrap("params: trainable parameters; MACs/ex.: multiply-adds of one training "
                                                 + "step per example (forward and backward); CV acc: mean accuracy over the "
                                                 + "folds; epochs: summed over the folds.", indent: "  ")
    }

    /// Which rows are within one standard deviation of the best, and what the best costs.
    public static func structureStory(_ rows: [Row]) -> String {
        let scored = rows.filter { $0.evaluation.score != nil }
        guard let best = scored.max(by: { $0.evaluation.score! < $1.evaluation.score! }),
              let bestScore = best.evaluation.score else { return "No candidate produced a score." }
        let spread = Statistics.standardDeviation(best.evaluation.foldScores ?? [bestScore])
        let close = scored.filter { $0.name != best.name && bestScore - $0.evaluation.score! <= spread }
        var text = "The \(best.name) has the best cross-validated accuracy, \(Format.fixed(bestScore, 3)) (fold spread "
            + "\(Format.fixed(spread, 3)))."
        if close.isEmpty {
            text += " The others are more than one standard deviation behind."
        } else {
            text += " Within one standard deviation of it: " + close.map { "the \($0.name) (\(Format.fixed($0.evaluation.score!, 3)))" }
                .joined(separator: ", ") + "; on these folds the difference is not clear-cut."
        }
        if let cheapest = scored.min(by: { $0.multiplyAddsPerExample < $1.multiplyAddsPerExample }), cheapest.name != best.name {
            let ratio = Double(best.multiplyAddsPerExample) / Double(max(cheapest.multiplyAddsPerExample, 1))
            text += " The \(best.name) needs \(Format.fixed(ratio, 1)) times as many multiply-adds per example as the "
                + "\(cheapest.name)."
        }
        return text
    }

    /// A note when tuned learning rates sit at an end of the searched range (within a
    /// tenth of its width on the log scale), nil otherwise: the best value may lie
    /// outside the range, so the comparison "at their best" is not final.
    public static func rangeEdgeNote(_ rows: [Row], range: ClosedRange<Double>) -> String? {
        let (lo, hi) = (log10(range.lowerBound), log10(range.upperBound))
        var top: [String] = [], bottom: [String] = []
        for row in rows {
            guard let lr = row.learningRate else { continue }
            let position = (log10(lr) - lo) / (hi - lo)
            if position >= 0.9 { top.append("the \(row.name) (\(Format.compact(lr)))") }
            if position <= 0.1 { bottom.append("the \(row.name) (\(Format.compact(lr)))") }
        }
        var parts: [String] = []
        if !top.isEmpty { parts.append(top.joined(separator: ", ") + " at the top end") }
        if !bottom.isEmpty { parts.append(bottom.joined(separator: ", ") + " at the bottom end") }
        guard !parts.isEmpty else { return nil }
        return "The best learning rates of " + parts.joined(separator: "; ") + " of the searched range "
            + "[\(Format.compact(range.lowerBound)), \(Format.compact(range.upperBound))]: a better value may lie beyond "
            + "it, so \"at its best\" is only as good as the range. In a real study, widen the range there and search again."
    }

    /// First-epoch gradient norms per layer for each activation.
    public static func activationTable(_ results: [ModelSelectionStudies.ActivationResult]) -> String {
        let layers = results.first?.firstEpochLayerNorms.count ?? 0
        var columns: [Table.Column] = [.init("activation", alignment: .left)]
        columns += (0..<layers).map { Table.Column("layer \($0 + 1)") }
        columns += [.init("layer 1 / \(layers)"), .init("val acc")]
        var table = Table(columns: columns)
        for r in results {
            let norms = r.firstEpochLayerNorms
            var row = [r.activation.rawValue] + norms.map { Format.scientific($0, 1) }
            row.append(norms.count > 1 ? Format.scientific(norms[0] / norms[norms.count - 1], 1) : "-")
            row.append(Format.fixed(r.validationAccuracy, 3))
            table.addRow(row)
        }
        return table.render() + "\n" + Prose.wrap("Gradient norm of each layer's weights and biases, averaged over the "
                                                 + "first epoch's updates; layer 1 is next to the input.", indent: "  ")
    }

    public static func activationStory(_ results: [ModelSelectionStudies.ActivationResult]) -> String {
        func ratio(_ r: ModelSelectionStudies.ActivationResult) -> Double {
            let n = r.firstEpochLayerNorms
            return n.count > 1 ? n[0] / n[n.count - 1] : .nan
        }
        guard let sigmoid = results.first(where: { $0.activation == .sigmoid }),
              let relu = results.first(where: { $0.activation == .relu }) else { return "" }
        var text = "In the first epoch the sigmoid network's first layer received \(Format.scientific(ratio(sigmoid), 1)) "
            + "times the gradient of its output layer; with ReLU the ratio was \(Format.scientific(ratio(relu), 1))."
        if ratio(sigmoid) < ratio(relu) / 10 {
            text += " That is the vanishing gradient, measured: each sigmoid layer multiplies the backpropagated "
                + "gradient by its derivative, at most 1/4, so the layers furthest from the loss receive the smallest "
                + "gradients. With plain gradient descent they would also learn slowest; Adam divides each weight's step "
                + "by a running estimate of its gradient's size, which makes up for part of it."
        }
        let ranked = results.sorted { $0.validationAccuracy > $1.validationAccuracy }
        text += " After training, validation accuracy: " + ranked.map { "\($0.activation.rawValue) \(Format.fixed($0.validationAccuracy, 3))" }
            .joined(separator: ", ") + "."
        return text
    }

    public static func classificationLossStory(_ runs: [(loss: Loss, run: TrainingRun)]) -> String {
        let parts = runs.map { entry -> String in
            let accuracy = entry.run.history.compactMap { $0.validationMetrics?[0] }
            let firstEpoch = accuracy.first ?? .nan, last = accuracy.last ?? .nan
            return "\(entry.loss.kerasName) reached validation accuracy \(Format.fixed(firstEpoch, 3)) after one epoch and "
                + "\(Format.fixed(last, 3)) after \(Format.counted(accuracy.count, "epoch"))"
        }
        var text = "With the same MLP, learning rate and folds, " + parts.joined(separator: "; ") + "."
        guard runs.count == 2, let ce = runs[0].run.history.first?.validationMetrics?[0],
              let mse = runs[1].run.history.first?.validationMetrics?[0] else { return text }
        let argument = "the classic argument for cross-entropy: its gradient a - y stays large when a prediction is "
            + "confidently wrong, while squared error's is multiplied by the softmax's slope, which is small exactly there"
        let caveat = " That argument is about plain gradient descent; Adam rescales every weight's step, so it is not "
            + "the whole story here, and one run on one fold is a small sample."
        // Hundreds of validation images: a difference below 0.02 is within what another
        // fold or seed could give.
        if ce - mse >= 0.02 {
            text += " Cross-entropy was ahead after the first epoch, as predicted by " + argument + "." + caveat
        } else if mse - ce >= 0.02 {
            text += " Here squared error was ahead after the first epoch, against " + argument + "." + caveat
        } else {
            text += " After one epoch the two are within 0.02 of each other: here squared error did not noticeably "
                + "slow learning, despite " + argument + "." + caveat
        }
        return text
    }

    public static func regressionTable(_ results: [ModelSelectionStudies.RegressionResult]) -> String {
        var table = Table(columns: [.init("loss", alignment: .left), .init("test MAE"), .init("with the typo"),
                                    .init("change"), .init("intercept shift")])
        for r in results {
            table.addRow([r.loss.kerasName, Format.fixed(r.cleanTestMAE, 2), Format.fixed(r.corruptedTestMAE, 2),
                          Format.percent(r.corruptedTestMAE / r.cleanTestMAE - 1, 1),
                          Format.fixed(r.corruptedIntercept - r.cleanIntercept, 2)])
        }
        return table.render()
    }

    public static func regressionStory(_ results: [ModelSelectionStudies.RegressionResult], trainingRows: Int,
                                       before: Double, after: Double) -> String {
        guard let mse = results.first(where: { $0.loss == .meanSquaredError }),
              let mae = results.first(where: { $0.loss == .meanAbsoluteError }) else { return "" }
        // At the least-squares optimum (with standardised features, so the intercept is
        // the mean target) one target raised by (after - before) raises the intercept by
        // exactly (after - before) / n. A trained model near that value has converged.
        let excess = (after - before) / Double(trainingRows)
        let shift = mse.corruptedIntercept - mse.cleanIntercept
        let expectation = abs(shift - excess) <= 0.5 * excess
            ? "the size to expect once training has converged"
            : "what a fully converged model would show; this run's model is not there yet"
        var text = "One wrong target out of \(trainingRows) moved the squared-error model's intercept by "
            + "\(Format.fixed(shift, 2)) (the typo's excess spread over all rows, "
            + "(\(Format.fixed(after, 0)) - \(Format.fixed(before, 0))) / \(trainingRows) = \(Format.fixed(excess, 2)), "
            + "is \(expectation)) and its test error by \(Format.percent(mse.corruptedTestMAE / mse.cleanTestMAE - 1, 1)); "
            + "the absolute-error model's test error changed by \(Format.percent(mae.corruptedTestMAE / mae.cleanTestMAE - 1, 1))."
        if abs(mae.corruptedTestMAE - mae.cleanTestMAE) < abs(mse.corruptedTestMAE - mse.cleanTestMAE) {
            text += " Squared error grows with the square of a residual, so one huge residual dominates the loss; "
                + "absolute error only sees each residual's sign in its gradient, so the typo pulls no harder than any "
                + "other point above the line."
        }
        return text
    }

    /// The first layer's gradient norm divided by the last layer's (NaN if unknown).
    public static func firstToLastRatio(_ result: ModelSelectionStudies.ActivationResult?) -> Double {
        guard let norms = result?.firstEpochLayerNorms, norms.count > 1 else { return .nan }
        return norms[0] / norms[norms.count - 1]
    }

    /// The chosen structure and the single test evaluation of each tuned candidate.
    public static func finalStory(winner: String, winnerCV: Double, tests: [(name: String, accuracy: Double)],
                                  testRows: Int) -> String {
        var text = "Cross-validation chose the \(winner) (mean accuracy \(Format.fixed(winnerCV, 3)) at its best setting). "
            + "Now, and only now, each tuned structure is retrained on all training images and scored once on the "
            + "\(testRows) held-out ones; no decision is taken from these numbers, they only show how well the choice "
            + "holds up: " + tests.map { "\($0.name) \(Format.fixed($0.accuracy, 3))" }.joined(separator: ", ") + "."
        if let best = tests.max(by: { $0.accuracy < $1.accuracy }) {
            text += best.name == winner
                ? " The test set agrees with cross-validation's choice."
                : " On the test set the \(best.name) scored highest: with \(testRows) images one image is "
                    + "\(Format.fixed(100 / Double(testRows), 2)) percentage points, so small reversals are expected; "
                    + "switching now would turn the test set into a validation set."
        }
        return text
    }

    /// The lesson's summary, from this run's numbers.
    public static func summary(structures: [Row], activations: [ModelSelectionStudies.ActivationResult],
                               regression: [ModelSelectionStudies.RegressionResult], winner: String,
                               tests: [(name: String, accuracy: Double)]) -> [String] {
        var points = ["Model selection follows the rules of tuning: the same folds for every candidate, "
                      + "cross-validation to choose, the test set once at the end."]
        let sizes = structures.map { "\($0.name) \(Format.grouped($0.parameters))" }.joined(separator: ", ")
        points.append("Structures differ in size (parameters: \(sizes)) and cost; compare them at their best, not at one setting.")
        if let sigmoid = activations.first(where: { $0.activation == .sigmoid }),
           let relu = activations.first(where: { $0.activation == .relu }) {
            points.append("Activation: first-to-last layer gradient ratio \(Format.scientific(firstToLastRatio(sigmoid), 1)) "
                          + "with sigmoid, \(Format.scientific(firstToLastRatio(relu), 1)) with ReLU.")
        }
        if let mse = regression.first(where: { $0.loss == .meanSquaredError }),
           let mae = regression.first(where: { $0.loss == .meanAbsoluteError }) {
            points.append("Loss: one typo changed the squared-error model's test MAE by "
                          + "\(Format.percent(mse.corruptedTestMAE / mse.cleanTestMAE - 1, 1)), the absolute-error model's by "
                          + "\(Format.percent(mae.corruptedTestMAE / mae.cleanTestMAE - 1, 1)).")
        }
        points.append("Chosen by cross-validation: the \(winner); test accuracies: "
                      + tests.map { "\($0.name) \(Format.fixed($0.accuracy, 3))" }.joined(separator: ", ") + ".")
        return points
    }
}
