// Lesson 1's own report, tested through `@testable import` of the lesson's executable:
// a diverged run is described as diverged (never "accuracy nan"), "overfits less" only
// when the measured rise says so, Adam's step is "roughly" the learning rate, the
// collapse count, the journal's pick and the exercises' numbers.

import Experiments
import LabMath
import Testing
@testable import Lesson1_ManualTuning
@testable import TrainingEngine

@Suite("Lesson 1's report")
struct Lesson1ReportTests {
    /// A run whose epochs have these training and validation losses.
    func run(_ losses: [(train: Double, validation: Double)], outcome: TrainingOutcome? = nil,
             batchSize: Int = 10, rows: Int = 100) -> TrainingRun {
        let perEpoch = (rows + batchSize - 1) / batchSize
        let history = losses.enumerated().map { i, loss in
            EpochRecord(epoch: i + 1, trainingLoss: loss.train, trainingMetrics: [], validationLoss: loss.validation,
                        validationMetrics: [0.7], gradientNorm: 1, layerGradientNorms: [], learningRate: 0.01,
                        samplesSeen: (i + 1) * rows, parameterUpdates: (i + 1) * perEpoch)
        }
        var cost = TrainingCost()
        cost.epochs = losses.count
        cost.updates = losses.count * perEpoch
        return TrainingRun(history: history, outcome: outcome ?? .completed(epochs: losses.count), cost: cost)
    }

    func trial(_ label: String, learningRate: Double = 0.01, batchSize: Int = 10, _ run: TrainingRun,
               accuracy: Double = 0.75) -> TrialResult {
        let diverged = !run.outcome.isUsable
        return TrialResult(label: label, settings: NetworkSettings(learningRate: learningRate, batchSize: batchSize,
                                                                   epochs: 3),
                           run: run, model: Sequential(), validationLoss: diverged ? .nan : run.history.last!.validationLoss!,
                           validationAccuracy: diverged ? .nan : accuracy, validationClassesPredicted: diverged ? 0 : 2)
    }

    var divergedRun: TrainingRun {
        run([], outcome: .diverged(epoch: 1, reason: .lossExploded(initial: 0.7, epochLoss: 9, factor: 10)))
    }

    @Test func aDivergedRateIsSummarisedAsDivergedNotAsAccuracyNaN() {
        // Issue 8: with --data breast-cancer lr 1 diverged, and the summary said
        // "lr 1 ended at validation accuracy nan".
        let baseline = trial("baseline", run([(0.6, 0.6), (0.5, 0.55), (0.4, 0.5)]))
        let small = trial("lr 1e-04", learningRate: 1e-4, run([(0.7, 0.7), (0.68, 0.69), (0.66, 0.67)]))
        let points = ManualTuningReport.summary(baseline: baseline, tooSmall: small,
                                                tooLarge: trial("lr 1", learningRate: 1, divergedRun),
                                                farTooLarge: trial("lr 50", learningRate: 50, divergedRun),
                                                stopped: baseline, batches: [baseline])
        let rates = points.first { $0.hasPrefix("Learning rate") } ?? ""
        #expect(rates.contains("lr 1 diverged at epoch 1") && rates.contains("lr 50 diverged at epoch 1"))
        #expect(!rates.contains("nan"))
        let usable = ManualTuningReport.summary(baseline: baseline, tooSmall: small, tooLarge: baseline,
                                                farTooLarge: trial("lr 50", learningRate: 50, divergedRun),
                                                stopped: baseline, batches: [baseline])
        #expect(usable.contains { $0.contains("lr 0.01 ended at validation accuracy 0.750") })
    }

    @Test func adamsStepIsRoughlyTheRateNeverUpToIt() {
        let baseline = trial("baseline", run([(0.6, 0.6), (0.5, 0.55)]))
        let story = ManualTuningReport.learningRateStory(
            tooSmall: baseline, baseline: baseline, tooLarge: baseline, farTooLarge: trial("lr 50", learningRate: 50, divergedRun),
            majorityRate: 0.65, deadUnits: nil)
        #expect(story.contains("lr 50: diverged at epoch 1"))
        #expect(story.contains("roughly the learning rate") && story.contains("3.2 times"))
        #expect(!story.contains("up to the learning rate"))
    }

    @Test func theLargeBatchOverfitsLessOnlyWhenItsRiseIsSmaller() {
        // Both end lower for the large batch; the small batch rises 50% above its
        // minimum. When the large batch rises only 10%, "overfit less" is said...
        let small = trial("batch 10", run([(0.5, 0.4), (0.3, 0.5), (0.2, 0.6)]))
        let calm = trial("batch 100", batchSize: 100, run([(0.6, 0.5), (0.55, 0.45), (0.5, 0.495)], batchSize: 100))
        let story = ManualTuningReport.batchStory([small, calm])
        #expect(story.contains("ended 10.0% above its own minimum, batch 10's 50.0%"))
        #expect(story.contains("also overfit less here"))
        // ... and when it rises more (60%), it is not, although it still ends lower.
        let rising = trial("batch 100", batchSize: 100, run([(0.6, 0.3), (0.55, 0.4), (0.5, 0.48)], batchSize: 100))
        let other = ManualTuningReport.batchStory([small, rising])
        #expect(other.contains("ends with the lower validation loss"))
        #expect(!other.contains("overfit less here") && other.contains("did not overfit less"))
        #expect(other.contains("its lowest validation loss was lower to begin with (0.3000 against 0.4000)"))
    }

    @Test func yourTrialIsComparedWithTheJournalsPickAndTheSameBatch() {
        let baseline = trial("baseline", run([(0.6, 0.6), (0.5, 0.55)]), accuracy: 0.75)
        let yours = trial("your trial", learningRate: 0.1, run([(0.6, 0.6), (0.5, 0.5)]), accuracy: 0.8)
        let starred = ManualTuningReport.yourTrialStory(yours, baseline: baseline, best: yours, sameBatch: baseline,
                                                         trainingRows: 100)
        #expect(starred.contains("stars your trial") && starred.contains("your validation loss is lower (0.5000 against "
                                                                            + "0.5500)"))
        let notStarred = ManualTuningReport.yourTrialStory(baseline, baseline: baseline, best: yours, sameBatch: yours,
                                                            trainingRows: 100)
        #expect(notStarred.contains("still stars 'your trial'") && notStarred.contains("is not lower"))
    }

    @Test func theJournalPicksByAccuracyThenLossAndNeverADivergedRun() {
        var journal = TuningJournal()
        journal.record(trial("a", run([(0.6, 0.50)]), accuracy: 0.75))
        journal.record(trial("b", run([(0.6, 0.45)]), accuracy: 0.75))
        journal.record(trial("c", run([(0.6, 0.40)]), accuracy: 0.70))
        journal.record(trial("d", divergedRun))
        #expect(journal.best?.label == "b")
        #expect(journal.best(excluding: ["b"])?.label == "a")
        let exercise = ManualTuningReport.beatTheJournalExercise(journal, rerunFlags: " --quick")
        #expect(exercise.check.contains("above 0.750, or equal to it with a val loss below 0.4500"))
        #expect(journal.render().contains("*b"))
    }

    @Test func theSeedsExerciseQuotesTheMeasuredRange() {
        var journal = TuningJournal()
        let baseline = trial("baseline", run([(0.6, 0.5)]), accuracy: 0.75)
        journal.record(baseline)
        journal.record(trial("x", run([(0.6, 0.5)]), accuracy: 0.76))
        journal.record(trial("y", run([(0.6, 0.5)]), accuracy: 0.9))
        let exercise = ManualTuningReport.seedsExercise(baseline: baseline, seed: 42,
                                                        others: [(1, 0.70), (2, 0.72), (3, 0.78)], journal: journal,
                                                        rerunFlags: "")
        #expect(exercise.task.contains("--seed 1, --seed 2 and --seed 3"))
        // Range 0.78 - 0.70 = 0.08: x (0.01 away) is within it, y (0.15) is not.
        #expect(exercise.check.contains("a range of 0.080") && exercise.check.contains("1 of this run's 2 other"))
    }

    @Test func collapseIsCountedFromThePredictions() {
        #expect(TrialResult.distinctClasses(Matrix([[0.2], [0.7], [0.4]])) == 2)
        #expect(TrialResult.distinctClasses(Matrix([[0.2], [0.3]])) == 1)
        #expect(TrialResult.distinctClasses(Matrix([[0.1, 0.9, 0], [0.1, 0.2, 0.7]])) == 2)
    }
}
