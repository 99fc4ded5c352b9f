// ManualTuningReport.swift
//
// What this file teaches: a report states only what the numbers show. Each sentence
// below is assembled from the runs just computed, and each claim ("it overfits", "it
// was still learning") is printed only when a stated test on those numbers holds.

import Experiments
import LabMath
import LessonKit
import TextCharts
import TrainingEngine

/// Tables and explanations for Lesson 1, built from the trials' numbers.
enum ManualTuningReport {
    /// Learning-rate comparison: loss after epoch 1, final losses, best epoch, outcome.
    static func learningRateTable(_ trials: [TrialResult]) -> String {
        var table = Table(columns: [.init("lr"), .init("loss ep 1"), .init("final train"),
                                    .init("best val loss"), .init("at ep"), .init("val acc"),
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
        return table.render() + "\n" + Prose.wrap("loss ep 1 and final train: the training loss of the first and the "
            + "last epoch, each the running mean over that epoch's mini-batches, taken while the weights were still "
            + "changing (Keras reports the same); best val loss: the lowest validation loss after any epoch, and at "
            + "ep: that epoch; val acc: validation accuracy after the last epoch.", indent: "  ")
    }

    /// What the learning-rate runs show, in sentences.
    /// - Parameter deadUnits: dead ReLU units of the too-large run's first layer on the
    ///   training rows (see `ReLUDiagnostics`), if measured.
    static func learningRateStory(tooSmall: TrialResult, baseline: TrialResult, tooLarge: TrialResult,
                                  farTooLarge: TrialResult, majorityRate: Double,
                                  deadUnits: (dead: Int, units: Int)?) -> String {
        var paragraphs: [String] = []
        // Far too large: how far Adam's steps threw the weights, measured.
        if case let .diverged(epoch, reason) = farTooLarge.run.outcome {
            var text = "lr \(Format.compact(farTooLarge.settings.learningRate)): diverged at epoch \(epoch) and was "
                + "stopped: \(reason). Adam scales each weight's step to roughly the learning rate, whatever the size "
                + "of its gradient (Kingma and Ba, 2015, section 2.1: more only after a gradient was near zero for "
                + "many steps, and then at most about (1 - beta1) / sqrt(1 - beta2) = 3.2 times the rate with the "
                + "defaults beta1 = 0.9 and beta2 = 0.999, the rates at which Adam's running averages of the gradients "
                + "and of their squares forget old values), so a huge rate throws the weights far away in a few "
                + "updates."
            let thrown = farTooLarge.largestWeight, trained = baseline.largestWeight
            if thrown.isFinite, trained.isFinite {
                text += " Measured: after its \(Format.counted(farTooLarge.run.cost.updates, "update")) the largest "
                    + "weight is \(Format.fixed(thrown, 1)) in absolute value; the baseline's largest, after "
                    + "\(Format.counted(baseline.run.cost.updates, "update")), is \(Format.fixed(trained, 2))."
            }
            paragraphs.append(text)
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
            } else if SearchLessonReport.printedUnits(tooLarge.validationAccuracy, decimals: 3)
                        < SearchLessonReport.printedUnits(majorityRate, decimals: 3) {
                // Below the bar of step 1 without predicting one class: worse than a constant answer.
                text += " That is below the majority-class bar of step 1 (\(Format.fixed(majorityRate, 3))): worse than "
                    + "always giving the most common answer."
            } else if SearchLessonReport.printedUnits(tooLarge.validationAccuracy, decimals: 3)
                        >= SearchLessonReport.printedUnits(baseline.validationAccuracy, decimals: 3),
                      tooLarge.validationLoss > 2 * baseline.validationLoss {
                text += " Its accuracy is as good as the baseline's but its loss is "
                    + "\(Format.fixed(tooLarge.validationLoss / baseline.validationLoss, 0)) times as high: accuracy counts "
                    + "the rows on the right side of p = 0.5, while the loss also charges for how confident each answer "
                    + "is, and a few confidently wrong answers cost it the most."
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
    static func overfittingStory(_ run: TrainingRun) -> String {
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
                + "rows. That is overfitting: by validation loss, the epochs after \(bestEpoch) made the model worse on "
                + "new data (early stopping, below, compares the accuracies too)."
        } else {
            text += " The validation loss has not risen by more than 5% above its minimum, so this run shows no clear "
                + "overfitting within \(Format.counted(last.epoch, "epoch"))."
        }
        return text
    }

    /// The overfitting test the lesson states: by the last epoch the validation loss is
    /// more than 5% above its minimum while the training loss is below its value at
    /// that minimum.
    static func overfits(_ run: TrainingRun) -> Bool {
        guard let bestEpoch = run.epochOfLowestValidationLoss, let last = run.history.last,
              let lastValidation = last.validationLoss,
              let bestValidation = run.history[bestEpoch - 1].validationLoss else { return false }
        return lastValidation > bestValidation * 1.05 && last.trainingLoss < run.history[bestEpoch - 1].trainingLoss
    }

    /// What early stopping chose, compared with training for all epochs.
    static func earlyStoppingStory(_ stopped: TrialResult, baseline: TrialResult, patience: Int) -> String {
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
                + accuracyCaveat(stopped, baseline: baseline)
        case .completed:
            return "Early stopping never triggered: the validation loss kept improving at least once every \(patience) epochs."
        case let .diverged(epoch, reason):
            return "The run diverged at epoch \(epoch) (\(reason))."
        }
    }

    /// When early stopping's lower validation loss does not come with a higher accuracy
    /// (the later epochs lowered the loss's verdict but not the accuracy's), say so:
    /// the journal's rule looks at accuracy first. Empty otherwise.
    static func accuracyCaveat(_ stopped: TrialResult, baseline: TrialResult) -> String {
        let (early, full) = (SearchLessonReport.printedUnits(stopped.validationAccuracy, decimals: 3),
                             SearchLessonReport.printedUnits(baseline.validationAccuracy, decimals: 3))
        guard early <= full, stopped.validationLoss < baseline.validationLoss else { return "" }
        return " By accuracy, though, the later epochs did " + (early == full ? "not change the model's score" : "better")
            + " (\(Format.fixed(baseline.validationAccuracy, 3)) after all epochs against "
            + "\(Format.fixed(stopped.validationAccuracy, 3))): accuracy counts the rows on the right side of p = 0.5, "
            + "while the loss also charges for how confident each answer is, most for confident wrong ones."
    }

    /// The exercise that reruns early stopping's best epoch as a plain run. Its check
    /// (identical validation loss) holds only when early stopping restored an epoch's
    /// weights; otherwise the exercise asks for the baseline's best epoch instead.
    static func earlyStoppingExercise(_ stopped: TrialResult, rerunFlags: String) -> Exercise {
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
}
