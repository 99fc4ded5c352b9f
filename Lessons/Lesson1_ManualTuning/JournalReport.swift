// JournalReport.swift
//
// What this file teaches: the second half of Lesson 1's report (batch sizes, the
// student's own trial, the journal's pick and its one test score, the summary), with
// the same rule as the first half: a claim ("overfits less", "is better") is printed
// only when a stated comparison of this run's numbers holds, and otherwise the report
// says what was measured instead.

import Experiments
import LabMath
import LessonKit
import TextCharts
import TrainingEngine

extension ManualTuningReport {
    /// Batch-size comparison: updates, final scores, the jaggedness of the curve and how
    /// far the validation loss ended above its minimum.
    static func batchTable(_ trials: [TrialResult], trainingRows: Int) -> String {
        var table = Table(columns: [.init("batch"), .init("updates/ep"), .init("total updates"), .init("val loss"),
                                    .init("val acc"), .init("curve noise"), .init("above min")])
        for t in trials {
            let perEpoch = (trainingRows + t.settings.batchSize - 1) / t.settings.batchSize
            table.addRow(["\(t.settings.batchSize)", "\(perEpoch)", "\(t.run.cost.updates)",
                          TuningJournal.score(t.validationLoss, 4, t), TuningJournal.score(t.validationAccuracy, 3, t),
                          t.diverged ? "-" : Format.fixed(noise(t.run), 4),
                          t.diverged ? "-" : Format.percent(t.validationRiseAboveMinimum)])
        }
        return table.render() + "\n" + Prose.wrap("curve noise: the mean |change| of the validation loss from one epoch "
            + "to the next, over the second half of the run; above min: how far the final validation loss is above "
            + "the lowest one of the run (a rise while training continues is overfitting).", indent: "  ")
    }

    /// Mean absolute epoch-to-epoch change of the validation loss over the second half.
    static func noise(_ run: TrainingRun) -> Double {
        let values = run.history.compactMap(\.validationLoss)
        return LearningCurves.roughness(Array(values.suffix(max(2, values.count / 2))))
    }

    /// What the batch-size runs show.
    static func batchStory(_ trials: [TrialResult]) -> String {
        guard let smallest = trials.min(by: { $0.settings.batchSize < $1.settings.batchSize }),
              let largest = trials.max(by: { $0.settings.batchSize < $1.settings.batchSize }),
              largest.settings.batchSize > smallest.settings.batchSize else { return "" }
        var text = "Batch \(largest.settings.batchSize) makes \(largest.run.cost.updates) updates in \(Format.counted(largest.epochsRun, "epoch")); "
            + "batch \(smallest.settings.batchSize) makes \(smallest.run.cost.updates). Each small-batch update uses a noisier "
            + "estimate of the gradient, but there are many more of them."
        if noise(smallest.run) > noise(largest.run) {
            text += " Batch \(smallest.settings.batchSize)'s validation curve is also the more jagged one (\(Format.fixed(noise(smallest.run), 4)) against "
                + "\(Format.fixed(noise(largest.run), 4)))."
        }
        if largest.diverged || smallest.diverged {
            return text + " The run of batch \((largest.diverged ? largest : smallest).settings.batchSize) diverged, so "
                + "there is no final validation loss to compare."
        }
        if largest.validationLoss > smallest.validationLoss {
            text += " With the same learning rate and epochs, the largest batch ends with the higher validation loss "
                + "(\(Format.fixed(largest.validationLoss, 4)) against \(Format.fixed(smallest.validationLoss, 4)))."
            text += updatesExplanation(largest: largest, smallest: smallest)
        } else if largest.validationLoss == smallest.validationLoss {
            text += " Both end with the same validation loss (\(Format.fixed(largest.validationLoss, 4)))."
        } else {
            text += " Here the largest batch ends with the lower validation loss (\(Format.fixed(largest.validationLoss, 4)) "
                + "against \(Format.fixed(smallest.validationLoss, 4)))."
            text += overfittingComparison(largest: largest, smallest: smallest)
        }
        return text
    }

    /// Whether the largest batch overfits less than the smallest, by the measure of the
    /// table's "above min" column: a claim only when the numbers show it.
    static func overfittingComparison(largest: TrialResult, smallest: TrialResult) -> String {
        let riseLarge = largest.validationRiseAboveMinimum, riseSmall = smallest.validationRiseAboveMinimum
        guard riseLarge.isFinite, riseSmall.isFinite else { return "" }
        var text = " Its validation loss ended \(Format.percent(riseLarge)) above its own minimum, batch "
            + "\(smallest.settings.batchSize)'s \(Format.percent(riseSmall))"
        if riseLarge < riseSmall {
            return text + ": fewer, smoother updates also overfit less here."
        }
        text += ": by that measure the largest batch did not overfit less"
        let lowest = { (t: TrialResult) in t.run.history.compactMap(\.validationLoss).min() ?? .nan }
        if lowest(largest) < lowest(smallest) {
            text += "; its lowest validation loss was lower to begin with (\(Format.fixed(lowest(largest), 4)) against "
                + "\(Format.fixed(lowest(smallest), 4)))"
        }
        return text + "."
    }

    /// Is "too few updates" the reason the largest batch lags? Compare it with the
    /// small-batch run at the epoch where that run had made as many updates as the large
    /// batch made in total: if the small-batch run was then about where the large batch
    /// ended, the number of updates explains the gap; otherwise say it does not.
    static func updatesExplanation(largest: TrialResult, smallest: TrialResult) -> String {
        let updates = largest.run.cost.updates
        guard let record = smallest.run.history.first(where: { $0.parameterUpdates >= updates }),
              let then = record.validationLoss else { return "" }
        var text = " After \(record.parameterUpdates) updates (epoch \(record.epoch)), about as many as batch "
            + "\(largest.settings.batchSize) made in its whole run, batch \(smallest.settings.batchSize) had validation loss "
            + "\(Format.fixed(then, 4))"
        let gap = abs(largest.validationLoss - smallest.validationLoss)
        if abs(then - largest.validationLoss) <= gap / 2 {
            text += ", close to where batch \(largest.settings.batchSize) ended: the gap is mostly the number of updates. "
                + "A larger batch usually wants a larger learning rate or more epochs."
        } else {
            text += ", not close to where batch \(largest.settings.batchSize) ended (\(Format.fixed(largest.validationLoss, 4))): "
                + "the number of updates alone does not explain the gap; the noise and size of each step matter too."
        }
        return text
    }

    /// The student's trial compared with the baseline, with the journal's pick, and with
    /// the lesson's run of the same batch size (exercise 4 predicts that comparison).
    /// - Parameters:
    ///   - best: the journal's pick after your trial was recorded.
    ///   - sameBatch: the lesson's own completed trial with your batch size, epochs and
    ///     hidden units but another learning rate, if there is one.
    static func yourTrialStory(_ yours: TrialResult, baseline: TrialResult, best: TrialResult?,
                               sameBatch: TrialResult?, trainingRows: Int, validationRows: Int? = nil) -> String {
        guard yours.run.outcome.isUsable else { return "Your trial (\(yours.settings)): \(yours.run.outcome)." }
        var text = "Your trial (\(yours.settings)): validation accuracy \(Format.fixed(yours.validationAccuracy, 3)), "
            + "loss \(Format.fixed(yours.validationLoss, 4)); the baseline had \(Format.fixed(baseline.validationAccuracy, 3)) "
            + "and \(Format.fixed(baseline.validationLoss, 4))."
        if yours.settings.batchSize > trainingRows {
            text += " (Batch \(yours.settings.batchSize) is more than the \(trainingRows) training rows: every epoch is one "
                + "batch of all \(trainingRows) rows, exactly as with batch \(trainingRows).)"
        }
        if let best {
            text += best.label == yours.label
                ? " The journal's rule (highest validation accuracy, then lowest validation loss) stars your trial: it "
                    + "beats every other row."
                : " The journal's rule (highest validation accuracy, then lowest validation loss) still stars "
                    + "'\(best.label)' (\(Format.fixed(best.validationAccuracy, 3)), \(Format.fixed(best.validationLoss, 4)))."
        }
        if let other = sameBatch {
            let better = TuningJournal.isBetter(yours, than: other)
            text += " Against '\(other.label)', the lesson's run with batch \(other.settings.batchSize) and lr "
                + "\(Format.compact(other.settings.learningRate)): by the journal's rule your trial is "
                + (better ? "better" : "not better") + " (val acc \(Format.fixed(yours.validationAccuracy, 3)) against "
                + "\(Format.fixed(other.validationAccuracy, 3)), val loss \(Format.fixed(yours.validationLoss, 4)) against "
                + "\(Format.fixed(other.validationLoss, 4)))."
            // The size of an accuracy difference in rows, against exercise 3's yardstick.
            if let n = validationRows, yours.validationAccuracy != other.validationAccuracy {
                let rows = Int((abs(yours.validationAccuracy - other.validationAccuracy) * Double(n)).rounded())
                text += " The accuracies differ by \(Format.counted(rows, "validation row")) of \(n); exercise 3 "
                    + "measures how far the initial weights alone move the baseline on these rows."
            }
            // Accuracy and loss can disagree: say so, and which one the rule follows.
            let higherAccuracy = yours.validationAccuracy > other.validationAccuracy
            let lowerLoss = yours.validationLoss < other.validationLoss
            if yours.validationAccuracy != other.validationAccuracy, higherAccuracy != lowerLoss {
                text += " The two measures disagree here: accuracy counts the rows on the right side of p = 0.5, while "
                    + "the loss also charges for how confident each answer is, most for confident wrong ones; the rule "
                    + "looks at accuracy first."
            }
        }
        return text
    }

    /// The single test-set evaluation, and why it is single. The gap is judged by the
    /// standard error of the difference of two accuracies on different rows (the
    /// validation and the test rows), as Lessons 2 and 3 judge theirs.
    static func testStory(best: TrialResult, testLoss: Double, testAccuracy: Double, testRows: Int,
                          validationRows: Int, trials: Int) -> String {
        var text = "The journal's rule (highest validation accuracy, then lowest validation loss) picks '\(best.label)' "
            + "(\(best.settings)) with validation accuracy \(Format.fixed(best.validationAccuracy, 3)). On the test set, "
            + "used now for the first and only time: accuracy \(Format.fixed(testAccuracy, 3)), loss "
            + "\(Format.fixed(testLoss, 4)). "
        text += SearchLessonReport.testGapStory(estimate: best.validationAccuracy, estimateName: "its validation accuracy",
                                                estimateRows: validationRows, testAccuracy: testAccuracy,
                                                testRows: testRows, candidates: trials)
        text += "\n\nWhy only once? Every time we look at a score and change something because of it, that data "
            + "influences the choice. The best of \(trials) noisy validation scores tends to be a lucky one, so a "
            + "winner's validation score flatters it; if we kept tuning against the test set, its score would flatter "
            + "us the same way, and we would have no honest estimate left of how the model does on new data. (Each "
            + "rerun of this lesson with a trial of your own looks at the test set again; in real work it stays locked "
            + "away until all the tuning is finished.)"
        return text
    }

    /// The lesson's summary, each point backed by this run's numbers.
    static func summary(baseline: TrialResult, tooSmall: TrialResult, tooLarge: TrialResult,
                               farTooLarge: TrialResult, stopped: TrialResult, batches: [TrialResult]) -> [String] {
        var points = ["Hyperparameters are chosen before training; parameters are learned by it. The learning rate "
                      + "belongs to the optimizer, not to fit()."]
        // Each rate by how it ended: a diverged run has no validation score to quote.
        func ending(_ t: TrialResult) -> String {
            if case let .diverged(epoch, _) = t.run.outcome {
                return "lr \(Format.compact(t.settings.learningRate)) diverged at epoch \(epoch)"
            }
            return "lr \(Format.compact(t.settings.learningRate)) ended at validation accuracy "
                + Format.fixed(t.validationAccuracy, 3)
        }
        var rates = [ending(farTooLarge), ending(tooLarge)]
        if let small = tooSmall.run.history.last, let base = baseline.run.history.last {
            rates.append("lr \(Format.compact(tooSmall.settings.learningRate)) reached training loss "
                         + "\(Format.fixed(small.trainingLoss, 3)) where lr \(Format.compact(baseline.settings.learningRate)) "
                         + "reached \(Format.fixed(base.trainingLoss, 3))")
        }
        points.append("Learning rate: " + rates.joined(separator: "; ") + ".")
        if let best = baseline.run.epochOfLowestValidationLoss {
            points.append("Epochs: the baseline's validation loss was lowest at epoch \(best) of \(baseline.epochsRun); "
                          + "early stopping trained \(Format.counted(stopped.epochsRun, "epoch")) and kept the best weights.")
        }
        if let first = batches.first, let last = batches.last {
            points.append("Batch size: \(first.settings.batchSize) made \(first.run.cost.updates) updates, "
                          + "\(last.settings.batchSize) made \(last.run.cost.updates); the number of updates and the "
                          + "noise of each one change what the same learning rate achieves.")
        }
        points.append("Write every trial down, choose by validation score, and touch the test set once, at the end.")
        return points
    }
}
