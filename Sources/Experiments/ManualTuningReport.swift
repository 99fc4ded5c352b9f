// ManualTuningReport.swift
//
// What this file teaches: a report states only what the numbers show. Each sentence
// below is assembled from the runs just computed, and each claim ("it overfits", "it
// was still learning") is printed only when a stated test on those numbers holds.

import LabMath
import LessonKit
import TextCharts
import TrainingEngine

/// Tables and explanations for Lesson 1, built from the trials' numbers.
public enum ManualTuningReport {
    /// Learning-rate comparison: loss after epoch 1, final losses, best epoch, outcome.
    public static func learningRateTable(_ trials: [TrialResult]) -> String {
        var table = Table(columns: [.init("lr"), .init("loss ep 1"), .init("final train"),
                                    .init("best val loss"), .init("at ep"), .init("final val acc"),
                                    .init("outcome", alignment: .left)])
        for t in trials {
            let history = t.run.history
            let bestVal = history.compactMap(\.validationLoss).min()
            table.addRow([Format.compact(t.settings.learningRate),
                          history.first.map { Format.fixed($0.trainingLoss, 4) } ?? "-",
                          history.last.map { Format.fixed($0.trainingLoss, 4) } ?? "-",
                          bestVal.map { Format.fixed($0, 4) } ?? "-",
                          t.run.epochOfLowestValidationLoss.map(String.init) ?? "-",
                          TuningJournal.score(t.validationAccuracy, 3, t), TuningJournal.shortOutcome(t.run.outcome)])
        }
        return table.render()
    }

    /// What the learning-rate runs show, in sentences.
    /// - Parameter deadUnits: dead ReLU units of the too-large run's first layer on the
    ///   training rows (see `ReLUDiagnostics`), if measured.
    public static func learningRateStory(tooSmall: TrialResult, baseline: TrialResult, tooLarge: TrialResult,
                                         farTooLarge: TrialResult, majorityRate: Double,
                                         deadUnits: (dead: Int, units: Int)?) -> String {
        var paragraphs: [String] = []
        // Far too large.
        if case let .diverged(epoch, reason) = farTooLarge.run.outcome {
            paragraphs.append("lr \(Format.compact(farTooLarge.settings.learningRate)): stopped as diverged in epoch \(epoch): \(reason). "
                + "Adam moves every weight by up to the learning rate at each step, so a huge rate throws the "
                + "weights far away in a few updates.")
        } else {
            paragraphs.append("lr \(Format.compact(farTooLarge.settings.learningRate)) did not diverge in this run "
                + "(\(farTooLarge.run.outcome)); its validation accuracy is \(Format.fixed(farTooLarge.validationAccuracy, 3)).")
        }
        // Too large.
        let baseScores = "\(Format.fixed(baseline.validationLoss, 4)) and \(Format.fixed(baseline.validationAccuracy, 3))"
        if tooLarge.run.outcome.isUsable, let first = tooLarge.run.history.first, let baseFirst = baseline.run.history.first {
            var text = "lr \(Format.compact(tooLarge.settings.learningRate)): the first epoch's training loss is "
                + "\(Format.fixed(first.trainingLoss, 3)) against \(Format.fixed(baseFirst.trainingLoss, 3)) for the baseline"
            if first.trainingLoss > baseFirst.trainingLoss {
                text += ": the steps overshoot instead of descending"
            }
            text += ". It ends at validation loss \(Format.fixed(tooLarge.validationLoss, 4)) and accuracy "
                + "\(Format.fixed(tooLarge.validationAccuracy, 3)) (baseline: \(baseScores))."
            // "Collapsed" is a measured fact: the final model gives every validation row the same answer.
            if tooLarge.validationClassesPredicted == 1 {
                text += " It predicts the same class for every validation row: the network has collapsed to one answer, "
                    + "and its accuracy is just that class's share of the rows"
                text += abs(tooLarge.validationAccuracy - majorityRate) < 1e-12 ? " (the majority-class rate)." : "."
            }
            if let (dead, units) = deadUnits, dead > 0 {
                text += " \(dead) of its \(units) hidden ReLU units output 0 for every training row: the big steps pushed "
                    + "their weighted sums below zero everywhere, where ReLU has no gradient, so they can never recover."
            }
            paragraphs.append(text)
        } else {
            paragraphs.append("lr \(Format.compact(tooLarge.settings.learningRate)): \(tooLarge.run.outcome).")
        }
        // Too small.
        let losses = tooSmall.run.history.map(\.trainingLoss)
        if tooSmall.run.outcome.isUsable, let last = losses.last, let baseLast = baseline.run.history.last?.trainingLoss {
            var text = "lr \(Format.compact(tooSmall.settings.learningRate)): after \(Format.counted(losses.count, "epoch")) the training loss is "
                + "\(Format.fixed(last, 4)), against \(Format.fixed(baseLast, 4)) for the baseline"
            if losses.count > 10, last < losses[losses.count - 11] * 0.995 {
                text += "; it fell by \(Format.fixed(losses[losses.count - 11] - last, 4)) over the last 10 epochs, so it was "
                    + "still learning when the budget ran out"
            }
            text += ". Validation loss and accuracy: \(Format.fixed(tooSmall.validationLoss, 4)) and "
                + "\(Format.fixed(tooSmall.validationAccuracy, 3)) (baseline: \(baseScores))"
            if tooSmall.validationLoss < baseline.validationLoss && last > baseLast {
                text += ". A higher training loss with a lower validation loss: the slow learner has fitted the training "
                    + "rows less closely"
                text += tooSmall.validationAccuracy >= baseline.validationAccuracy
                    ? ", and that has not hurt it on new rows"
                    : ", and its predicted probabilities are closer to the truth on new rows on average (the lower "
                        + "cross-entropy), although fewer of them land on the right side of 0.5 (accuracy \(Format.fixed(tooSmall.validationAccuracy, 3)) against "
                        + "\(Format.fixed(baseline.validationAccuracy, 3)))"
            }
            paragraphs.append(text + ".")
        }
        return paragraphs.joined(separator: "\n\n")
    }

    /// Where the validation loss bottoms out, and whether the run overfits afterwards.
    public static func overfittingStory(_ run: TrainingRun) -> String {
        guard let bestEpoch = run.epochOfLowestValidationLoss, let last = run.history.last,
              let lastValidation = last.validationLoss else { return "No validation history to read." }
        let best = run.history[bestEpoch - 1]
        let bestValidation = best.validationLoss!
        var text = "The validation loss is lowest at epoch \(bestEpoch) (\(Format.fixed(bestValidation, 4))) and ends at "
            + "\(Format.fixed(lastValidation, 4)) after epoch \(last.epoch). Meanwhile the training loss goes from "
            + "\(Format.fixed(best.trainingLoss, 4)) at epoch \(bestEpoch) to \(Format.fixed(last.trainingLoss, 4)) at epoch \(last.epoch)."
        if overfits(run) {
            let rise = (lastValidation / bestValidation - 1) * 100
            text += " Training loss still falls while validation loss has risen by \(Format.fixed(rise, 1))%: the network "
                + "is fitting details of the \(last.samplesSeen / last.epoch) training rows that do not carry over to new "
                + "rows. That is overfitting: the epochs after \(bestEpoch) made the model worse on new data."
        } else {
            text += " The validation loss has not risen by more than 5% above its minimum, so this run shows no clear "
                + "overfitting within \(Format.counted(last.epoch, "epoch"))."
        }
        return text
    }

    /// The overfitting test the lesson states: by the last epoch the validation loss is
    /// more than 5% above its minimum while the training loss is below its value at
    /// that minimum.
    public static func overfits(_ run: TrainingRun) -> Bool {
        guard let bestEpoch = run.epochOfLowestValidationLoss, let last = run.history.last,
              let lastValidation = last.validationLoss,
              let bestValidation = run.history[bestEpoch - 1].validationLoss else { return false }
        return lastValidation > bestValidation * 1.05 && last.trainingLoss < run.history[bestEpoch - 1].trainingLoss
    }

    /// What early stopping chose, compared with training for all epochs.
    public static func earlyStoppingStory(_ stopped: TrialResult, baseline: TrialResult, patience: Int) -> String {
        switch stopped.run.outcome {
        case let .stoppedEarly(epoch, bestEpoch, restored):
            let saved = stopped.settings.epochs - epoch
            return "Early stopping (patience \(patience)) ended training after epoch \(epoch), \(Format.counted(epoch - bestEpoch, "epoch")) "
                + "after the best one, \(bestEpoch)\(restored ? ", and restored epoch \(bestEpoch)'s weights" : ""). Validation "
                + "loss \(Format.fixed(stopped.validationLoss, 4)) and accuracy \(Format.fixed(stopped.validationAccuracy, 3)), "
                + "against \(Format.fixed(baseline.validationLoss, 4)) and \(Format.fixed(baseline.validationAccuracy, 3)) after all "
                + "\(Format.counted(baseline.epochsRun, "epoch")), for \(Format.counted(saved, "fewer epoch")) of training (\(Format.fixed(Double(saved) / Double(stopped.settings.epochs) * 100, 0))% "
                + "of the budget saved). Note that the stopping point was chosen *on the validation set*: its validation "
                + "score is now slightly optimistic, one more reason to keep a test set apart."
        case .completed:
            return "Early stopping never triggered: the validation loss kept improving at least once every \(patience) epochs."
        case let .diverged(epoch, reason):
            return "The run diverged at epoch \(epoch) (\(reason))."
        }
    }

    /// The exercise that reruns early stopping's best epoch as a plain run. Its check
    /// (identical validation loss) holds only when early stopping restored an epoch's
    /// weights; otherwise the exercise asks for the baseline's best epoch instead.
    public static func earlyStoppingExercise(_ stopped: TrialResult, rerunFlags: String) -> Exercise {
        if case let .stoppedEarly(_, bestEpoch, true) = stopped.run.outcome {
            return Exercise("Run --epochs \(bestEpoch)\(rerunFlags), the best epoch that early stopping found in step 3.",
                            check: "your trial's val loss equals the 'early stopping' row's "
                            + "(\(Format.fixed(stopped.validationLoss, 4))) exactly: same seed, same shuffles, same first "
                            + "epochs. Training here is deterministic.")
        }
        let best = stopped.run.epochOfLowestValidationLoss ?? stopped.epochsRun
        let loss = stopped.run.history.isEmpty ? Double.nan : stopped.run.history[best - 1].validationLoss ?? .nan
        return Exercise("Run --epochs \(best)\(rerunFlags), the epoch with the lowest validation loss in step 3.",
                        check: "your trial's val loss equals that lowest validation loss (\(Format.fixed(loss, 4))) "
                        + "exactly: same seed, same shuffles, same first epochs. Training here is deterministic.")
    }

    /// Batch-size comparison: updates, final scores and the jaggedness of the curve.
    public static func batchTable(_ trials: [TrialResult], trainingRows: Int) -> String {
        var table = Table(columns: [.init("batch"), .init("updates/epoch"), .init("total updates"),
                                    .init("val loss"), .init("val acc"), .init("curve noise")])
        for t in trials {
            let perEpoch = (trainingRows + t.settings.batchSize - 1) / t.settings.batchSize
            table.addRow(["\(t.settings.batchSize)", "\(perEpoch)", "\(t.run.cost.updates)",
                          Format.fixed(t.validationLoss, 4), Format.fixed(t.validationAccuracy, 3),
                          Format.fixed(noise(t.run), 4)])
        }
        return table.render() + "\n" + Prose.wrap("curve noise: the mean |change| of the validation loss from one epoch to "
                                                 + "the next, over the second half of the run.", indent: "  ")
    }

    /// Mean absolute epoch-to-epoch change of the validation loss over the second half.
    static func noise(_ run: TrainingRun) -> Double {
        let values = run.history.compactMap(\.validationLoss)
        return LearningCurves.roughness(Array(values.suffix(max(2, values.count / 2))))
    }

    /// What the batch-size runs show.
    public static func batchStory(_ trials: [TrialResult]) -> String {
        guard let smallest = trials.min(by: { $0.settings.batchSize < $1.settings.batchSize }),
              let largest = trials.max(by: { $0.settings.batchSize < $1.settings.batchSize }) else { return "" }
        var text = "Batch \(largest.settings.batchSize) makes \(largest.run.cost.updates) updates in \(Format.counted(largest.epochsRun, "epoch")); "
            + "batch \(smallest.settings.batchSize) makes \(smallest.run.cost.updates). Each small-batch update uses a noisier "
            + "estimate of the gradient, but there are many more of them."
        if noise(smallest.run) > noise(largest.run) {
            text += " Its validation curve is also the more jagged one (\(Format.fixed(noise(smallest.run), 4)) against "
                + "\(Format.fixed(noise(largest.run), 4)))."
        }
        if largest.validationLoss > smallest.validationLoss {
            text += " With the same learning rate and epochs, the largest batch ends with the higher validation loss "
                + "(\(Format.fixed(largest.validationLoss, 4)) against \(Format.fixed(smallest.validationLoss, 4)))."
            text += updatesExplanation(largest: largest, smallest: smallest)
        } else {
            text += " Here the largest batch ends with the lower validation loss (\(Format.fixed(largest.validationLoss, 4)) "
                + "against \(Format.fixed(smallest.validationLoss, 4))): fewer, smoother updates"
            text += overfits(smallest.run) ? " also overfit less (the small-batch run overfits, see step 3)." : " did no harm here."
        }
        return text
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

    /// The student's trial compared with the baseline.
    public static func yourTrialStory(_ yours: TrialResult, baseline: TrialResult, trainingRows: Int) -> String {
        guard yours.run.outcome.isUsable else { return "Your trial \(yours.run.outcome)." }
        var note = ""
        if yours.settings.batchSize > trainingRows {
            note = " (Batch \(yours.settings.batchSize) is more than the \(trainingRows) training rows: every epoch is one "
                + "batch of all \(trainingRows) rows, exactly as with batch \(trainingRows).)"
        }
        let better = yours.validationAccuracy > baseline.validationAccuracy
            || (yours.validationAccuracy == baseline.validationAccuracy && yours.validationLoss < baseline.validationLoss)
        return "Your trial (\(yours.settings)): validation accuracy \(Format.fixed(yours.validationAccuracy, 3)), loss "
            + "\(Format.fixed(yours.validationLoss, 4)); the baseline had \(Format.fixed(baseline.validationAccuracy, 3)) and "
            + "\(Format.fixed(baseline.validationLoss, 4)). By the journal's rule (accuracy first, then loss) yours is "
            + (better ? "better." : "not better.") + note
    }

    /// The single test-set evaluation, and why it is single.
    public static func testStory(best: TrialResult, testLoss: Double, testAccuracy: Double, trials: Int) -> String {
        let gap = testAccuracy - best.validationAccuracy
        var text = "The journal's rule (highest validation accuracy, then lowest validation loss) picks '\(best.label)' "
            + "(\(best.settings)) with validation accuracy \(Format.fixed(best.validationAccuracy, 3)). On the test set, "
            + "used now for the first and only time: accuracy \(Format.fixed(testAccuracy, 3)), loss \(Format.fixed(testLoss, 4)). "
        if gap < 0 {
            text += "That is \(Format.fixed(-gap, 3)) below its validation accuracy: the best of \(trials) noisy validation "
                + "scores tends to be a lucky one, so the winner's validation score flatters it."
        } else {
            text += "That is \(Format.fixed(gap, 3)) above its validation accuracy: with a few hundred rows, scores move by "
                + "a few hundredths from one sample of rows to another, in either direction."
        }
        text += "\n\nWhy only once? Every time we look at a score and change something because of it, that data "
            + "influences the choice. If we kept tuning against the test set, its score would flatter us the same way the "
            + "validation score just did, and we would have no honest estimate left of how the model does on new data. "
            + "(Each rerun of this lesson with a trial of your own looks at the test set again; in real work it stays "
            + "locked away until all the tuning is finished.)"
        return text
    }

    /// "lr 1 diverged in epoch 3" for a run that diverged, nil otherwise.
    static func divergedPhrase(_ trial: TrialResult) -> String? {
        guard case let .diverged(epoch, _) = trial.run.outcome else { return nil }
        return "lr \(Format.compact(trial.settings.learningRate)) diverged in epoch \(epoch)"
    }

    /// The lesson's summary, each point backed by this run's numbers.
    public static func summary(baseline: TrialResult, tooSmall: TrialResult, tooLarge: TrialResult,
                               farTooLarge: TrialResult, stopped: TrialResult, batches: [TrialResult]) -> [String] {
        var points = ["Hyperparameters are chosen before training; parameters are learned by it. The learning rate "
                      + "belongs to the optimizer, not to fit()."]
        var rates: [String] = []
        if case let .diverged(epoch, _) = farTooLarge.run.outcome {
            rates.append("lr \(Format.compact(farTooLarge.settings.learningRate)) diverged in epoch \(epoch)")
        }
        // A diverged run has no validation score (it is NaN): say how it ended instead.
        rates.append(divergedPhrase(tooLarge) ?? "lr \(Format.compact(tooLarge.settings.learningRate)) ended at "
                     + "validation accuracy " + Format.fixed(tooLarge.validationAccuracy, 3))
        let slow = [tooSmall, baseline].compactMap(divergedPhrase)
        if slow.isEmpty {
            rates.append("lr \(Format.compact(tooSmall.settings.learningRate)) reached training loss "
                         + "\(Format.fixed(tooSmall.run.history.last?.trainingLoss ?? .nan, 3)) where lr "
                         + "\(Format.compact(baseline.settings.learningRate)) reached "
                         + Format.fixed(baseline.run.history.last?.trainingLoss ?? .nan, 3))
        } else {
            rates += slow
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
