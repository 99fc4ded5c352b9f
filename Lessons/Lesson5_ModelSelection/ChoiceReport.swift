// ChoiceReport.swift
//
// What this file teaches: the end of a model selection. Cross-validation chose; the test
// set, used once, shows how well that choice holds up. Ties are called ties (counted in
// images, so they are exact), and a gap between the cross-validated and the test
// accuracy is judged by the standard errors of both before anything is read into it.

import Foundation
import LabMath
import LessonKit
import TextCharts

enum ChoiceReport {
    /// One tuned structure's cross-validated and test accuracy.
    struct TestScore {
        let name: String
        let crossValidated: Double
        let accuracy: Double
        /// Test images classified correctly.
        let correct: Int
    }

    /// The names with the most test images right (several on a tie).
    static func bestOnTest(_ tests: [TestScore]) -> [String] {
        let usable = tests.filter { $0.accuracy.isFinite }
        guard let most = usable.map(\.correct).max() else { return [] }
        return usable.filter { $0.correct == most }.map(\.name)
    }

    /// "logistic regression 0.983 (353/359), ..."
    static func testList(_ tests: [TestScore], testRows: Int) -> String {
        tests.map { t in
            t.accuracy.isFinite ? "\(t.name) \(Format.fixed(t.accuracy, 3)) (\(t.correct)/\(testRows))" : "\(t.name) diverged"
        }.joined(separator: ", ")
    }

    /// What cross-validation chose, how sure that was, and what the test set says.
    /// - Parameters:
    ///   - chosen: the structures tied for the best CV accuracy as printed (usually one);
    ///     the first is the one kept.
    ///   - inconclusiveAgainst: structures whose fold-by-fold comparison with the
    ///     chosen one was inconclusive.
    static func finalStory(chosen: [String], chosenCV: Double, inconclusiveAgainst: [String], tests: [TestScore],
                           trainingRows: Int, testRows: Int) -> String {
        guard let kept = chosen.first else { return "No structure produced a cross-validated score." }
        var text = chosen.count > 1
            ? "Cross-validation cannot separate " + ModelSelectionReport.theList(chosen) + (chosen.count == 2 ? " (both " : " (all ")
                + "\(Format.fixed(chosenCV, 3)) as printed at their best settings); the first, the \(kept), is kept."
            : "Cross-validation chose the \(kept) (mean accuracy \(Format.fixed(chosenCV, 3)) at its best setting)."
        if !inconclusiveAgainst.isEmpty {
            text += " Its lead over " + ModelSelectionReport.theList(inconclusiveAgainst) + " was inconclusive in step "
                + "5's fold-by-fold comparison, so these folds do not confirm the choice."
        }
        text += " Now, and only now, each tuned structure is retrained on all \(trainingRows) training images and "
            + "scored once on the \(testRows) held-out ones; no decision is taken from these numbers, they only show how "
            + "well the choice holds up: " + testList(tests, testRows: testRows) + "."
        let top = bestOnTest(tests)
        guard !top.isEmpty else { return text }
        let onePoint = "with \(testRows) images one image is \(Format.fixed(100 / Double(testRows), 2)) percentage points"
        if top == [kept] {
            text += " The test set agrees with cross-validation's choice."
        } else if top.contains(kept) {
            text += " On the test set " + ModelSelectionReport.theList(top) + " tie, with the same number of images "
                + "right: the test set neither contradicts the choice nor separates them."
        } else {
            text += (top.count > 1 ? " On the test set " + ModelSelectionReport.theList(top) + " tie for the most "
                                    : " On the test set the \(top[0]) got the most ")
                + "images right: \(onePoint), so small reversals are expected; switching now would turn the test set "
                + "into a validation set."
        }
        return text
    }

    /// Sentences for the structures whose test accuracy differs from their
    /// cross-validated one by more than two standard errors, nil when none does.
    ///
    /// Both are proportions: the test accuracy p of n_test images has standard error
    /// sqrt(p (1 - p) / n_test); the CV mean q is (about) the accuracy over all n_train
    /// training images, each validated once, with sqrt(q (1 - q) / n_train). The gap's
    /// standard error is about the root of the sum of their squares (treating the two
    /// as independent).
    /// - Parameter foldTrainingRows: each CV model's training rows (k - 1 folds).
    static func crossValidationToTestNote(_ tests: [TestScore], trainingRows: Int, testRows: Int,
                                          foldTrainingRows: [Int], batchSize: Int, trials: Int) -> String? {
        func standardError(_ p: Double, _ n: Int) -> Double { (p * (1 - p) / Double(n)).squareRoot() }
        let judged = tests.filter { $0.accuracy.isFinite && $0.crossValidated.isFinite }.map { t in
            (t, gap: t.accuracy - t.crossValidated, seTest: standardError(t.accuracy, testRows),
             seCV: standardError(t.crossValidated, trainingRows))
        }
        let far = judged.filter { abs($0.gap) > 2 * ($0.seTest * $0.seTest + $0.seCV * $0.seCV).squareRoot() }
        guard let first = far.first else { return nil }
        let se = (first.seTest * first.seTest + first.seCV * first.seCV).squareRoot()
        var text = "The \(first.0.name) went from \(Format.fixed(first.0.crossValidated, 3)) in cross-validation to "
            + "\(Format.fixed(first.0.accuracy, 3)) on the test set, a gap of \(Format.signed(first.gap, 3)). Both are "
            + "proportions, with a binomial standard error sqrt(p (1 - p) / n) (how much an accuracy measured on n images "
            + "varies from one sample of n images to another): \(Format.fixed(first.seTest, 3)) for the test accuracy "
            + "(n = \(testRows)), about \(Format.fixed(first.seCV, 3)) for the CV mean (n = \(trainingRows), every "
            + "training image validated once). The gap's standard error is about sqrt(\(Format.fixed(first.seTest, 3))^2 + "
            + "\(Format.fixed(first.seCV, 3))^2) = \(Format.fixed(se, 3)), and \(Format.signed(first.gap, 3)) is "
            + "\(Format.fixed(abs(first.gap) / se, 1)) of those: more than measurement noise usually gives."
        if far.count > 1 {
            text += " The same holds for " + ModelSelectionReport.theList(far.dropFirst().map {
                "\($0.0.name) (\(Format.signed($0.gap, 3)))"
            }) + "."
        }
        if far.contains(where: { $0.gap > 0 }), let fewest = foldTrainingRows.min(), let most = foldTrainingRows.max() {
            let updates = { (rows: Int) in (rows + batchSize - 1) / batchSize }
            let rows = fewest == most ? "\(fewest)" : "\(fewest) to \(most)"
            text += " What else differs: each CV model learned from \(rows) images (\(foldTrainingRows.count - 1) of "
                + "\(foldTrainingRows.count) folds), \(updates(most)) updates per epoch; the final model learns from all "
                + "\(trainingRows), \(updates(trainingRows)) updates per epoch, "
                + "\(Format.fixed(Double(trainingRows) / Double(most), 1)) times the data and the updates in the same "
                + "number of epochs. A model still improving with more data or more steps can score higher when "
                + "retrained on everything."
        }
        if far.contains(where: { $0.gap < 0 }) {
            text += " A test score well below the CV score is what picking the best of \(Format.counted(trials, "trial")) "
                + "on noisy scores tends to give: the winner's CV score flatters it."
        }
        let near = judged.filter { j in !far.contains { $0.0.name == j.0.name } }
        if !near.isEmpty {
            text += " For " + ModelSelectionReport.theList(near.map { "\($0.0.name) (\(Format.signed($0.gap, 3)))" })
                + " the gap is within two standard errors."
        }
        return text
    }

    /// The lesson's summary, from this run's numbers.
    /// `clearInStep2`: whether step 2's best (`stepTwoBest`) led each other structure
    /// clearly; only the best's leads were tested, not those between the others.
    static func summary(parameters: [(name: String, count: Int)], structureOrder: String, stepTwoBest: String,
                        clearInStep2: Bool,
                        activations: [ActivationRun], regression: [RegressionStudy.Result], chosen: [String],
                        tests: [TestScore], testRows: Int) -> [String] {
        var points = ["Model selection follows the rules of tuning: the same folds for every candidate, "
                      + "cross-validation to choose, the test set once at the end."]
        let sizes = parameters.map { "\($0.name) \(Format.grouped($0.count))" }.joined(separator: ", ")
        points.append("Structures differ in size (parameters: \(sizes)) and cost; at one setting, step 2 ranked them "
                      + "\(structureOrder), "
                      + (clearInStep2 ? "the \(stepTwoBest)'s lead over each other clear fold by fold."
                                    : "not every lead of the \(stepTwoBest) clear fold by fold.")
                      + " Compare them at their best, not at one setting.")
        if let sigmoid = activations.first(where: { $0.activation == .sigmoid }),
           let relu = activations.first(where: { $0.activation == .relu }) {
            points.append("Activation: first-to-last layer gradient ratio \(Format.scientific(sigmoid.firstToLastRatio, 1)) "
                          + "with sigmoid, \(Format.scientific(relu.firstToLastRatio, 1)) with ReLU.")
        }
        if let mse = regression.first(where: { $0.loss == .meanSquaredError }),
           let mae = regression.first(where: { $0.loss == .meanAbsoluteError }) {
            points.append("Loss: one typo changed the squared-error model's test MAE by "
                          + "\(Format.percent(mse.corruptedTestMAE / mse.cleanTestMAE - 1, 1)), the absolute-error model's by "
                          + "\(Format.percent(mae.corruptedTestMAE / mae.cleanTestMAE - 1, 1)).")
        }
        let choice = chosen.count > 1 ? "a tie between " + ModelSelectionReport.theList(chosen)
                                      : "the " + (chosen.first ?? "none")
        points.append("Chosen by cross-validation: \(choice); test accuracies: " + testList(tests, testRows: testRows) + ".")
        return points
    }
}
