// Lesson 1: manual tuning (the first article's first method).
//
// We train the article's Pima-diabetes network, then change one hyperparameter at a
// time (learning rate, epochs, batch size), write every trial in a journal, and score
// the best one on the test set exactly once. Every number printed is computed here.
//
//   swift run Lesson1_ManualTuning [--quick] [--seed N] [--learning-rate X ...]

import Experiments
import LabData
import LabMath
import LessonKit
import TextCharts
import TrainingEngine

// MARK: Settings

let lesson = Lesson.start(
    program: "Lesson1_ManualTuning", title: "Lesson 1: Manual tuning",
    summary: "Tune the first article's network by hand, one hyperparameter at a time (on the Pima diabetes data unless --data names another file).",
    options: [
        LessonOption("learning-rate", kind: .double(1e-6...1e3), help: "your own trial: Adam's learning rate"),
        LessonOption("batch-size", placeholder: "N", kind: .integer(1...100_000), help: "your own trial: batch size"),
        LessonOption("epochs", placeholder: "N", kind: .integer(1...2_000), help: "your own trial: epochs"),
        LessonOption("hidden-units", placeholder: "N", kind: .integer(1...1_000), help: "your own trial: hidden units"),
    ],
    usesData: true,
    dataHelp: "CSV file (numeric features, a 0/1 target in the last column) or dataset name")
let arguments = lesson.arguments
let epochs = arguments.quick ? 40 : 100
let baselineSettings = NetworkSettings(learningRate: 0.01, batchSize: 10, epochs: epochs, hiddenUnits: 10)

// MARK: Data

let dataset = lesson.loadBinaryDataset(defaultName: "pima-diabetes", minimumPerClass: 5)
let data: PreparedSplit
do {
    data = try PreparedSplit.classification(dataset, validationFraction: 0.2, testFraction: 0.2, seed: arguments.seed)
} catch {
    lesson.fail("\(error)", code: Lesson.ExitCode.dataError)
}
var journal = TuningJournal()

/// Runs one trial (every trial starts from the same seed) and writes it in the journal.
@MainActor func trial(_ label: String, _ settings: NetworkSettings, earlyStopping: EarlyStopping? = nil) -> TrialResult {
    do {
        let result = try ManualTrial.run(label, settings, on: data, seed: arguments.seed &+ 1, earlyStopping: earlyStopping)
        journal.record(result)
        return result
    } catch {
        lesson.fail("\(error)")
    }
}

// MARK: Step 1, the baseline

lesson.step("Parameters, hyperparameters, and a baseline")
lesson.say("""
    The article's FAQ draws the line: *parameters* (the weights and biases) are learned \
    by training; *hyperparameters* (learning rate, batch size, number of epochs, hidden \
    units) are chosen before training and stay fixed during it. Tuning means choosing them.

    Data: \(dataset.name), \(dataset.count) rows x \(dataset.featureCount) features, \
    target '\(dataset.targetName)'. We split it once, stratified: \(data.rows.train.count) rows to \
    train on, \(data.rows.validation.count) to compare trials on, \(data.rows.test.count) kept for \
    the very end. Features are standardised (each shifted to mean 0 and scaled to standard \
    deviation 1) with the means and deviations of the *training* rows only. Computing them on all \
    rows would let the validation and test rows shape the model's inputs before they are \
    used to judge it: "data leakage", which makes scores look better than they will be on new \
    data.\(dataset.name == "pima-diabetes" ? " (A caveat of this dataset: zeros in glucose, blood pressure, skin thickness, insulin and BMI are missing values recorded as 0; we keep them as the article does.)" : "")
    """)
lesson.code(ArticleNetwork.sourceLines(inputs: dataset.featureCount, hiddenUnits: baselineSettings.hiddenUnits,
                                       learningRate: baselineSettings.learningRate)
            + "\ntry model.fit(x, y, epochs: \(epochs), batchSize: 10, rng: &rng)")
let baseline = trial("baseline", baselineSettings)
lesson.say("""
    The article writes `model.fit(..., learning_rate=learning_rate)`, which Keras rejects \
    (fit() has no such argument): the learning rate belongs to the optimizer, as above. \
    This network has \(baseline.model.parameterCount) parameters (\(dataset.featureCount) x \
    \(baselineSettings.hiddenUnits) + \(baselineSettings.hiddenUnits) weights and biases in, \
    \(baselineSettings.hiddenUnits) + 1 out) and we will tune 4 hyperparameters.
    """)
lesson.show(LearningCurves.chart(baseline.run, title: "Baseline learning curves (\(baselineSettings))"))
lesson.say("""
    Baseline: validation accuracy \(Format.fixed(baseline.validationAccuracy, 3)), validation \
    loss \(Format.fixed(baseline.validationLoss, 4)). A model that always answers the most \
    common class would score \(Format.fixed(data.validationMajorityRate, 3)): that is the bar to clear.
    """)

// MARK: Step 2, learning rate

lesson.step("The learning rate: far too large, far too small")
lesson.say("We change only Adam's learning rate and keep everything else as in the baseline.")
let tooSmall = trial("lr 1e-04", NetworkSettings(learningRate: 0.0001, batchSize: 10, epochs: epochs))
let tooLarge = trial("lr 1", NetworkSettings(learningRate: 1.0, batchSize: 10, epochs: epochs))
let farTooLarge = trial("lr 50", NetworkSettings(learningRate: 50, batchSize: 10, epochs: epochs))
let learningRateRuns = [tooSmall, baseline, tooLarge, farTooLarge]
lesson.show(ManualTuningReport.learningRateTable(learningRateRuns))
lesson.show(LearningCurves.compare([("lr 0.0001", tooSmall.run, "s"), ("lr 0.01", baseline.run, "*"), ("lr 1", tooLarge.run, "L")],
                                   title: "Training loss by learning rate (log scale)", yLabel: "training loss",
                                   yScale: .log10, pick: { $0.trainingLoss }))
let deadUnits: (dead: Int, units: Int)?
do {
    deadUnits = try ReLUDiagnostics.deadUnits(of: tooLarge.model, on: data.train.x)
} catch {
    lesson.fail("\(error)")
}
lesson.say(ManualTuningReport.learningRateStory(tooSmall: tooSmall, baseline: baseline, tooLarge: tooLarge,
                                                farTooLarge: farTooLarge, majorityRate: data.validationMajorityRate,
                                                deadUnits: deadUnits))

// MARK: Step 3, epochs and overfitting

lesson.step("Epochs and overfitting")
lesson.show(LearningCurves.chart(baseline.run, title: "The baseline's learning curves again (from step 1)"))
lesson.say(ManualTuningReport.overfittingStory(baseline.run))
let patience = 10
lesson.code("""
    let stop = try EarlyStopping(monitor: .validationLoss, patience: \(patience),
                                 restoreBestWeights: true)
    try model.fit(x, y, epochs: \(epochs), batchSize: 10,
                  validationData: (xVal, yVal), earlyStopping: stop, rng: &rng)
    """)
let stopRule: EarlyStopping
do {
    stopRule = try EarlyStopping(monitor: .validationLoss, patience: patience, restoreBestWeights: true)
} catch {
    lesson.fail("\(error)")
}
let stopped = trial("early stopping", baselineSettings, earlyStopping: stopRule)
lesson.say(ManualTuningReport.earlyStoppingStory(stopped, baseline: baseline, patience: patience))

// MARK: Step 4, batch size

lesson.step("Batch size: updates, noise and result")
// Larger batches up to one batch of all training rows (sizes above that would repeat it).
let trainingRows = data.train.x.rows
let batchRuns = [baseline] + ([40, 160].filter { $0 < trainingRows } + (trainingRows > 10 ? [trainingRows] : [])).map { size in
    trial("batch \(size)", NetworkSettings(learningRate: 0.01, batchSize: size, epochs: epochs))
}
lesson.show(ManualTuningReport.batchTable(batchRuns, trainingRows: trainingRows))
lesson.show(LearningCurves.compare(zip(batchRuns, ["1", "2", "3", "4"]).map { ("batch \($0.settings.batchSize)", $0.run, $1) },
                                   title: "Validation loss by batch size", yLabel: "validation loss",
                                   pick: { $0.validationLoss }))
lesson.say(ManualTuningReport.batchStory(batchRuns))

// MARK: Step 5, the student's own trial

lesson.step("Your own trial")
let yourFlags = ["learning-rate", "batch-size", "epochs", "hidden-units"].filter { arguments.has($0) }
if yourFlags.isEmpty {
    lesson.say("""
        Now it is your turn. Rerun the lesson with any of --learning-rate, --batch-size, \
        --epochs and --hidden-units; the lesson trains that configuration (unset ones keep \
        the baseline's values) and puts it in the journal below. For example:
        """)
    lesson.show("  swift run Lesson1_ManualTuning --learning-rate 0.003 --batch-size 20")
} else {
    let yours = NetworkSettings(learningRate: arguments.double("learning-rate") ?? baselineSettings.learningRate,
                                batchSize: arguments.integer("batch-size") ?? baselineSettings.batchSize,
                                epochs: arguments.integer("epochs") ?? baselineSettings.epochs,
                                hiddenUnits: arguments.integer("hidden-units") ?? baselineSettings.hiddenUnits)
    let result = trial("your trial", yours)
    if result.run.history.isEmpty {
        lesson.say("Your trial (\(yours)): \(result.run.outcome).")
    } else {
        lesson.show(LearningCurves.chart(result.run, title: "Your trial (\(yours))"))
        lesson.say(ManualTuningReport.yourTrialStory(result, baseline: baseline, trainingRows: trainingRows))
    }
}

// MARK: Step 6, the journal and the test set

lesson.step("The tuning journal, and one look at the test set")
lesson.show(journal.render())
if let best = journal.best {
    do {
        let test = try best.model.evaluate(data.test.x, data.test.y)
        lesson.say(ManualTuningReport.testStory(best: best, testLoss: test.loss, testAccuracy: test.metrics[0],
                                                trials: journal.scoredCount))
    } catch {
        lesson.fail("\(error)")
    }
}

// MARK: Summary and exercises

let again = lesson.rerunFlags
let lowest = journal.lowestValidationLoss(trainedFor: epochs, excluding: ["your trial"])
lesson.finish(summary: ManualTuningReport.summary(baseline: baseline, tooSmall: tooSmall, tooLarge: tooLarge,
                                                  farTooLarge: farTooLarge, stopped: stopped, batches: batchRuns),
              exercises: [
    Exercise("Look for a learning rate between 0.0001 and 0.01 whose validation loss beats every trial that trained "
             + "all \(epochs) epochs (lowest: \(lowest.map { Format.fixed($0.validationLoss, 4) + ", '" + $0.label + "'" } ?? "none")): "
             + "run with --learning-rate X\(again).",
             check: "the journal row 'your trial' shows a val loss below every other row that trained all \(epochs) epochs. "
             + (ManualTuningReport.overfits(baseline.run)
                ? "Step 3 hints at where to look: the baseline overfits, so a slower learner may overfit less in the same epochs."
                : "There may be no such rate; the table of step 2 shows how validation loss moves with the rate.")),
    ManualTuningReport.earlyStoppingExercise(stopped, rerunFlags: again),
    Exercise("Run the lesson with --seed 1, --seed 2 and --seed 3\(lesson.rerunFlags(withSeed: false)) and note the "
             + "baseline's validation accuracy "
             + "(\(Format.fixed(baseline.validationAccuracy, 3)) with seed \(arguments.seed)).",
             check: "the values differ from seed to seed (each seed draws a different split and different initial "
             + "weights); differences between trials smaller than that spread are not evidence that one setting is better."),
    Exercise("Try --batch-size \(trainingRows) --learning-rate 0.1\(again): one update per epoch, ten times larger steps.",
             check: "compare your trial's val loss with the '\(batchRuns.last!.label)' row "
             + "(\(Format.fixed(batchRuns.last!.validationLoss, 4)) with lr 0.01): does a larger step make up for fewer updates?"),
])
