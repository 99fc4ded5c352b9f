// LessonText.swift
//
// What this file teaches: the words of model selection, each defined in one line where
// the lesson first uses it (printed as bullet lists, step by step), and the exercises,
// each with a check a student can decide from numbers computed in this run.

import LessonKit
import TextCharts

enum Terms {
    /// Step 1: how the data are divided.
    static func splitting(folds: Int) -> [String] {
        ["test set: images held out before anything is trained, scored once at the very end.",
         "fold: one of the \(folds) parts the training images are cut into; each candidate is trained \(folds) times, "
            + "each time learning from the other " + (folds == 2 ? "part" : "\(folds - 1) parts")
            + " and scored on the fold left out.",
         "stratified: every fold keeps each digit's share of the images.",
         "leak: information from the images a model is scored on reaching its training, e.g. a scaler fitted on all "
            + "images before they are split; the scores then look better than they will be on new images."]
    }

    /// Step 2: the structures and how they are trained.
    static let structures = [
        "logistic regression: one Dense layer from the 64 pixels straight to the 10 outputs, no hidden layer (a "
            + "linear model followed by softmax).",
        "softmax: turns the 10 outputs z into probabilities that sum to 1, e^z_k / sum_j e^z_j; the answer is the "
            + "largest.",
        "MLP (multi-layer perceptron): a hidden Dense layer between the pixels and the outputs, here with ReLU, "
            + "max(0, x).",
        "convolution (Conv2D): a small filter (3 x 3 weights and a bias) slides over the image; at each position "
            + "the weighted sum of the pixels under it is one output. 'same' padding adds a border of zeros so that "
            + "the output keeps the image's height and width.",
        "pooling (MaxPooling2D): keeps the largest value of each 2 x 2 window, halving height and width. Flatten "
            + "then lays the result out as one vector for the Dense layer.",
        "CNN (convolutional neural network): convolution and pooling first, on the image, then Dense layers.",
    ]

    /// Step 2: the training settings, from the recipe that runs.
    static func training(learningRate: String, batchSize: Int) -> [String] {
        ["cross-entropy (categorical_crossentropy): the loss -log(p), p the probability the network gave the true "
            + "digit, averaged over the images.",
         "Adam: the optimiser; it moves each weight against its gradient, with a step scaled by running averages of "
            + "that gradient and its square; lr (\(learningRate) here) sets the step size.",
         "epoch: one pass over a fold's training images, one Adam update per batch of \(batchSize) images."]
    }

    /// What the table's columns mean, the first time the table appears.
    static func columns(folds: Int) -> [String] {
        ["params (parameters): the weights and biases training adjusts. MACs/ex. (multiply-adds): the arithmetic of "
            + "one training step per image, forward and backward. A convolution reuses its few weights at every "
            + "position, so it can have fewer parameters yet cost more multiply-adds.",
         "CV acc: the mean validation accuracy over the \(folds) folds. std: the population standard deviation of "
            + "the \(folds) fold scores (dividing by \(folds), as scikit-learn's std_test_score): how much one fold's "
            + "score varies. epochs: summed over the folds."]
    }

    /// Step 3: activations and what travels back through them.
    static let activations = [
        "sigmoid: 1 / (1 + e^-x), between 0 and 1; its slope is at most 1/4. tanh: between -1 and 1, slope at most "
            + "1. ReLU: max(0, x), slope 0 or 1.",
        "gradient norm: the length (square root of the sum of squares) of a layer's gradient: how hard training "
            + "pushes that layer's weights.",
        "vanishing gradient: the gradient shrinking layer by layer on its way back from the loss to the input, so "
            + "the first layers learn slowly.",
    ]

    /// Step 4: the regression losses.
    static let regressionLosses = [
        "MSE (mean_squared_error): the mean of (prediction - target)^2; its gradient with respect to one "
            + "prediction, 2 (a - y) / N, grows with the error.",
        "MAE (mean_absolute_error): the mean of |prediction - target|; its gradient, +-1 / N, is the same for a "
            + "small and a huge error.",
        "intercept: the linear model's constant term (its bias); with standardised features it is the prediction for "
            + "an average patient.",
    ]
}

/// The exercise step: what to try, and how to tell whether the answer is right.
enum ExerciseText {
    /// This run's numbers that the exercises' checks quote.
    struct Facts {
        /// " --quick --seed 7": the flags that make a rerun comparable, without the
        /// option an exercise sets itself (named without dashes, e.g. "epochs").
        let again: (String) -> String
        let epochs: Int, depth: Int, typo: Int, trials: Int
        /// Step 2's order, ties marked ("CNN 0.976 > MLP 0.962 > ...").
        let structureOrder: String
        /// Step 2's best structure and its verdict against each other one ("clear",
        /// "inconclusive"), in the order of its comparison table.
        let stepTwoBest: String, stepTwoVerdicts: [(other: String, verdict: String)]
        let sigmoidRatio: Double
        /// The typo's target before it was multiplied, and the training rows.
        let typoTarget: Double, trainingRows: Int
        /// Exercise 3's factor and the squared-error fit with it, computed in this run.
        let bigTypo: Int, bigTypoTestMAE: Double, bigTypoShift: Double
        /// The absolute-error model with this run's typo: test MAE and intercept shift.
        let absoluteTestMAE: Double, absoluteShift: Double
        /// Each structure's best mean CV accuracy in step 5 ("MLP 0.978").
        let tunedBest: [String]
    }

    /// The suggested values always differ from this run's, so a rerun shows a change.
    static func all(_ f: Facts) -> [Exercise] {
        let fewerEpochs = f.epochs == 5 ? 2 : 5, moreEpochs = f.epochs == 40 ? 80 : 40
        let deeper = f.depth == 6 ? 8 : 6
        let moreTrials = f.trials < 10 ? 10 : min(20, f.trials + 5)
        let converged = StudyReport.expectedShift(before: f.typoTarget, after: f.typoTarget * Double(f.bigTypo),
                                                  trainingRows: f.trainingRows)
        let verdicts = f.stepTwoVerdicts.map { "\($0.verdict) against the \($0.other)" }
        return [
            Exercise("Run with --epochs \(fewerEpochs)\(f.again("epochs")) and with --epochs "
                     + "\(moreEpochs)\(f.again("epochs")). Does the order of the three structures in step 2 change?",
                     check: "this run's order is \(f.structureOrder); step 2's table compares the best, the "
                        + "\(f.stepTwoBest), with each other structure: " + ModelSelectionReport.list(verdicts) + ". In a "
                        + "rerun, the order changed clearly only if its table names another best structure and calls "
                        + "its lead over the \(f.stepTwoBest) \"clear\"; an \"inconclusive\" lead could be "
                        + "chance. The order of the other two is not judged (the table compares only the best "
                        + "with each), so a swap between them counts for nothing."),
            Exercise("Make step 3's network deeper: swift run Lesson5_ModelSelection --depth "
                     + "\(deeper)\(f.again("depth"))",
                     check: "the table gets a row per layer, \(deeper + 1) in all, and its ratio row reads \"layer 1 / "
                        + "\(deeper + 1)\". If the vanishing-gradient explanation holds, the sigmoid's ratio falls below "
                        + "this run's \(Format.scientific(f.sigmoidRatio, 1)) (each extra sigmoid layer multiplies by a "
                        + "slope of at most 1/4)."),
            Exercise("Make step 4's typo larger: swift run Lesson5_ModelSelection --typo "
                     + "\(f.bigTypo)\(f.again("typo"))",
                     check: "step 4 says \"typed as \(Format.fixed(f.typoTarget * Double(f.bigTypo), 0))\". The "
                        + "squared-error row then shows a test MAE with the typo of \(Format.fixed(f.bigTypoTestMAE, 2)) "
                        + "and an intercept shift of \(Format.fixed(f.bigTypoShift, 2)) (computed in this run), against "
                        + "(\(f.bigTypo) - 1) x \(Format.fixed(f.typoTarget, 0)) / \(f.trainingRows) = "
                        + "\(Format.fixed(converged, 2)) for a converged fit. The absolute-error row with the typo stays "
                        + "exactly as in this run (\(Format.fixed(f.absoluteTestMAE, 2)), shift "
                        + "\(Format.fixed(f.absoluteShift, 2))): its gradient sees only the sign of each error, not its "
                        + "size."),
            Exercise("Give step 5 more trials: swift run Lesson5_ModelSelection --trials "
                     + "\(moreTrials)\(f.again("trials")). Does the choice change?",
                     check: "with the same seed the first " + (f.trials == 1 ? "trial" : "\(f.trials) trials") + " of each search "
                        + "\(f.trials == 1 ? "is" : "are") the same, so each structure's best in step 5 can only stay or "
                        + "improve: at least " + f.tunedBest.joined(separator: ", ") + ". Whether the choice changes "
                        + "follows from the new fold-by-fold verdicts."),
            Exercise("Coding: write convolutionOutputShape, convolutionCost and lossGradients (exercises 5.1 to 5.3 in "
                     + "Lessons/Exercises/Lesson5.swift): the CNN summary's shapes and parameter counts, and step 4's "
                     + "gradients of one outlier.",
                     check: "swift run Check 5 says \"3 of 3 done\"; a wrong answer shows the input, the expected and "
                        + "your result, and a hint."),
        ]
    }
}
