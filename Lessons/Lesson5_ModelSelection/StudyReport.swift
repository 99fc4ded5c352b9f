// StudyReport.swift
//
// What this file teaches: reporting a controlled experiment (one thing changed, the
// rest fixed) without claiming more than it shows: the activation study's gradient
// norms layer by layer, the two classification losses after one epoch judged against
// the accuracies' own standard errors, the regression losses before and after one
// wrong target, and the second article's model. It only formats main.swift's numbers.

import Experiments
import Foundation
import LabMath
import LessonKit
import TextCharts
import TrainingEngine

enum StudyReport {
    // MARK: Activation

    /// First-epoch gradient norms, one row per layer (input side first) and one column
    /// per activation, so that any depth fits 80 columns; then the first-to-last ratio
    /// and the validation accuracy.
    static func activationTable(_ runs: [ActivationRun]) -> String {
        let layers = runs.map { $0.firstEpochLayerNorms.count }.max() ?? 0
        var table = Table(columns: [.init("layer", alignment: .left)] + runs.map { .init($0.activation.rawValue) })
        for layer in 0..<layers {
            let label = layer == 0 ? "1 (input side)" : layer == layers - 1 ? "\(layer + 1) (output)" : "\(layer + 1)"
            table.addRow([label] + runs.map { run in
                let norms = run.firstEpochLayerNorms
                return layer < norms.count ? Format.scientific(norms[layer], 1) : "-"
            })
        }
        table.addRow(["layer 1 / \(layers)"] + runs.map { Format.scientific($0.firstToLastRatio, 1) })
        table.addRow(["val acc"] + runs.map { Format.fixed($0.validationAccuracy, 3) })
        return table.render() + "\n" + Prose.wrap("Gradient norm of each layer's weights and biases, averaged over the "
                                                 + "first epoch's updates.", indent: "  ")
    }

    /// The training loss of each activation's run, epoch by epoch.
    static func activationCurves(_ runs: [ActivationRun]) -> String {
        LearningCurves.compare(runs.map { (name: $0.activation.rawValue, run: $0.run,
                                           mark: Character(String($0.activation.rawValue.prefix(1)))) },
                               title: "Training loss by activation", yLabel: "training loss", height: 10,
                               pick: { $0.trainingLoss })
    }

    static func activationStory(_ runs: [ActivationRun]) -> String {
        guard let sigmoid = runs.first(where: { $0.activation == .sigmoid }),
              let relu = runs.first(where: { $0.activation == .relu }) else { return "" }
        var text = "In the first epoch the sigmoid network's first layer received "
            + "\(Format.scientific(sigmoid.firstToLastRatio, 1)) times the gradient of its output layer; with ReLU the "
            + "ratio was \(Format.scientific(relu.firstToLastRatio, 1))."
        if sigmoid.firstToLastRatio < relu.firstToLastRatio / 10 {
            text += " That is the vanishing gradient, measured: each sigmoid layer multiplies the backpropagated "
                + "gradient by its slope, at most 1/4, so the layers furthest from the loss receive the smallest "
                + "gradients. With plain gradient descent they would also learn slowest; Adam divides each weight's step "
                + "by a running estimate of its gradient's size, which makes up for part of it."
        } else {
            text += " The sigmoid's ratio is not a tenth of ReLU's here, so this run does not show a vanishing gradient "
                + "clearly."
        }
        text += " After training, validation accuracy on fold 1: "
            + ModelSelectionReport.order(runs.map { ($0.activation.rawValue, $0.validationAccuracy) }) + "."
        return text
    }

    // MARK: Classification losses

    /// The validation accuracy of each loss's run, epoch by epoch.
    static func lossCurves(_ runs: [(loss: Loss, run: TrainingRun)]) -> String {
        LearningCurves.compare(runs.map { (name: $0.loss.kerasName, run: $0.run,
                                           mark: $0.loss == .categoricalCrossEntropy ? "c" : "m") },
                               title: "MLP validation accuracy by loss", yLabel: "validation accuracy", height: 10,
                               pick: { $0.validationMetrics?[0] })
    }

    /// Cross-entropy against squared error after the first and the last epoch; a
    /// difference counts only beyond two standard errors of the difference of two
    /// accuracies, each sqrt(p (1 - p) / n) on the n validation images.
    static func classificationLossStory(_ runs: [(loss: Loss, run: TrainingRun)], validationImages n: Int) -> String {
        let parts = runs.map { entry -> String in
            let accuracy = entry.run.history.compactMap { $0.validationMetrics?[0] }
            return "\(entry.loss.kerasName) reached validation accuracy \(Format.fixed(accuracy.first ?? .nan, 3)) "
                + "after one epoch and \(Format.fixed(accuracy.last ?? .nan, 3)) after "
                + Format.counted(accuracy.count, "epoch")
        }
        var text = "With the same MLP, learning rate and fold, " + parts.joined(separator: "; ") + "."
        guard runs.count == 2, n > 0, let ce = runs[0].run.history.first?.validationMetrics?[0],
              let mse = runs[1].run.history.first?.validationMetrics?[0] else { return text }
        let se = ((ce * (1 - ce) + mse * (1 - mse)) / Double(n)).squareRoot()
        text += " After one epoch the difference is \(Format.signed(ce - mse, 3)) (cross-entropy minus squared error); "
            + "each accuracy on \(n) images has a standard error of sqrt(p (1 - p) / \(n)), so the difference has about "
            + "\(Format.fixed(se, 3)), and only a difference beyond two of those is more than this fold's noise."
        let argument = "the classic argument for cross-entropy: its gradient a - y stays large when a prediction is "
            + "confidently wrong, while squared error's is multiplied by the softmax's slope, which is small exactly there"
        if ce - mse > 2 * se {
            text += " Cross-entropy was clearly ahead, as predicted by " + argument + "."
        } else if mse - ce > 2 * se {
            text += " Squared error was clearly ahead, against " + argument + "."
        } else {
            text += " The two are within that: here squared error did not measurably slow learning, despite " + argument + "."
        }
        return text + " That argument is about plain gradient descent; Adam rescales every weight's step, so it is "
            + "not the whole story here, and one run on one fold is a small sample."
    }

    // MARK: Regression losses

    static func regressionTable(_ results: [RegressionStudy.Result]) -> String {
        var table = Table(columns: [.init("loss", alignment: .left), .init("test MAE"), .init("with the typo"),
                                    .init("change"), .init("intercept shift")])
        for r in results {
            table.addRow([r.loss.kerasName, Format.fixed(r.cleanTestMAE, 2), Format.fixed(r.corruptedTestMAE, 2),
                          Format.percent(r.corruptedTestMAE / r.cleanTestMAE - 1, 1),
                          Format.fixed(r.corruptedIntercept - r.cleanIntercept, 2)])
        }
        return table.render()
    }

    /// The shift a fully converged least-squares fit would show: with standardised
    /// features the intercept is the mean target, and one target raised by
    /// (after - before) raises the mean by (after - before) / n.
    static func expectedShift(before: Double, after: Double, trainingRows: Int) -> Double {
        (after - before) / Double(trainingRows)
    }

    /// Whether a measured intercept shift is within half of the expected one.
    static func shiftIsAsExpected(_ shift: Double, expected: Double) -> Bool {
        abs(shift - expected) <= 0.5 * abs(expected)
    }

    static func regressionStory(_ results: [RegressionStudy.Result], trainingRows: Int, before: Double,
                                after: Double) -> String {
        guard let mse = results.first(where: { $0.loss == .meanSquaredError }),
              let mae = results.first(where: { $0.loss == .meanAbsoluteError }) else { return "" }
        let excess = expectedShift(before: before, after: after, trainingRows: trainingRows)
        let shift = mse.corruptedIntercept - mse.cleanIntercept
        let expectation = shiftIsAsExpected(shift, expected: excess)
            ? "the size to expect once training has converged"
            : "what a fully converged model would show; this run's model is not there yet"
        var text = "One wrong target out of \(trainingRows) moved the squared-error model's intercept by "
            + "\(Format.fixed(shift, 2)) (the typo's excess spread over all rows, "
            + "(\(Format.fixed(after, 0)) - \(Format.fixed(before, 0))) / \(trainingRows) = \(Format.fixed(excess, 2)), "
            + "is \(expectation)) and its test error by \(Format.percent(mse.corruptedTestMAE / mse.cleanTestMAE - 1, 1)); "
            + "the absolute-error model's intercept moved by \(Format.fixed(mae.corruptedIntercept - mae.cleanIntercept, 2)) "
            + "and its test error by \(Format.percent(mae.corruptedTestMAE / mae.cleanTestMAE - 1, 1))."
        // The explanation is printed only where the run shows the harm it explains:
        // the squared-error model's test error rose, and by more than the other's moved.
        let harm = mse.corruptedTestMAE - mse.cleanTestMAE
        if harm > 0, abs(mae.corruptedTestMAE - mae.cleanTestMAE) < harm {
            text += " Squared error's gradient, 2 (a - y) / N, grows with the residual, so one huge residual dominates "
                + "the loss; absolute error's, +-1 / N, is the same for every point above the line, so the typo pulls "
                + "no harder than any of them (coding exercise 5.3 computes both)."
        } else if harm <= 0 {
            text += " Here the typo did not make the squared-error model's test error worse: it was too small to "
                + "matter in this run."
        }
        return text
    }

    // MARK: The second article's model

    /// Whether the article's model built, and why not.
    static func articleModelStory(_ summary: Result<String, any Error>) -> String {
        switch summary {
        case .success:
            return "Unexpectedly, it built."
        case let .failure(error):
            return "It cannot be built: \(error). A Dense layer outputs a flat vector per example; a convolution needs "
                + "an image. (Keras says the same in its own words: Input 0 of layer \"conv2d\" is incompatible with "
                + "the layer: expected min_ndim=4, found ndim=2.)"
        }
    }

    /// Why the corrected model has no Dense(64), and how it relates to step 2's CNN,
    /// from the models' own layers, shapes and sizes (both compiled, so that their
    /// shapes are known).
    static func dense64Note(corrected: Sequential, stepTwoCNN: Sequential, withDenseAfterFlattenParameters: Int)
        -> String {
        let kinds = corrected.layers.map(\.kind), cnnKinds = stepTwoCNN.layers.map(\.kind)
        var text = "The corrected model leaves out the article's Dense(64, inputDim: 100). In front of the convolution "
            + "it cannot work: its 100 inputs match neither MNIST's 784 pixels nor these 64, and its output is a flat "
            + "vector of 64 numbers with no height and width left for a 3 x 3 filter to slide over. A dense hidden "
            + "layer belongs after Flatten instead: Conv2D -> MaxPooling2D -> Flatten -> Dense(64) -> Dense(10) "
            + "builds too, with \(Format.grouped(withDenseAfterFlattenParameters)) parameters against "
            + "\(Format.grouped(corrected.parameterCount)). The lesson trains the article's model minus the layer that "
            + "breaks it; the larger variant is a model the article did not write. "
        text += kinds == cnnKinds
            ? "It has the same layer sequence as step 2's CNN (" + kinds.joined(separator: " -> ") + ")"
            : "Its layers (" + kinds.joined(separator: " -> ") + ") differ from step 2's CNN's ("
                + cnnKinds.joined(separator: " -> ") + ")"
        // shapes[1] is the first layer's output: the convolution's.
        if corrected.shapes.count > 1, stepTwoCNN.shapes.count > 1 {
            let (own, other) = (corrected.shapes[1], stepTwoCNN.shapes[1])
            text += own == other
                ? ", and the same convolution output, \(own)."
                : ", but not the same shapes: its convolution outputs \(own) (\(convolutionWords(corrected))), step "
                    + "2's \(other) (\(convolutionWords(stepTwoCNN)))."
        } else {
            text += "."
        }
        return text
    }

    /// "32 filters without padding" or "16 filters with 'same' padding", read from a
    /// compiled model whose first layer is a convolution: 'same' padding keeps the
    /// input's height and width.
    static func convolutionWords(_ model: Sequential) -> String {
        let (input, output) = (model.shapes[0].dimensions, model.shapes[1].dimensions)
        let padded = Array(input.prefix(2)) == Array(output.prefix(2))
        return Format.counted(output.last ?? 0, "filter") + (padded ? " with 'same' padding" : " without padding")
    }

    /// Step 3's opening: the network, how it is trained, and what is recorded. With one
    /// hidden layer the network is not deeper than step 2's MLP, so it is not called so.
    static func activationIntro(depth: Int, units: Int, epochs: Int, learningRate: Double, stepTwoRate: Double,
                                batchSize: Int) -> String {
        let shape = "64 -> " + Array(repeating: "\(units)", count: depth).joined(separator: " -> ") + " -> 10"
        let network = depth == 1
            ? "An MLP with one hidden layer of \(units) units, \(shape), with each activation in that layer"
            : "A deeper MLP, \(shape), with each activation in its \(depth) hidden layers"
        return network + ", trained on fold 1 for \(Format.counted(epochs, "epoch")) with Adam at learning rate "
            + "\(Format.compact(learningRate)) (Keras's default; step 2 used \(Format.compact(stepTwoRate))), batches of "
            + "\(batchSize). The engine records every layer's gradient norm at every update, so we can watch the "
            + "gradient travel back through the layers."
    }
}
