// Lesson 1: manual tuning (the first article's first method).
//
// We train the article's Pima-diabetes network, then change one hyperparameter at a
// time (learning rate, epochs, batch size), write every trial in a journal, and score
// the best one on the test set exactly once. Every number printed is computed here.
//
//   swift run Lesson1_ManualTuning [--quick] [--seed N] [--learning-rate X ...]
//
// Read it top to bottom like a notebook: each step trains here, in plain sight, and
// ManualTuningReport.swift and JournalReport.swift only turn the numbers into
// sentences, tables and charts.

import Experiments
import LabData
import LabMath
import LessonKit
import TextCharts
import TrainingEngine

// MARK: Settings

let lesson = Lesson.start(
    program: "Lesson1_ManualTuning", title: "Lesson 1: Manual tuning",
    summary: "Tune the first article's network by hand, one hyperparameter at a time (on the Pima diabetes data "
        + "unless --data names another file).",
    options: [
        LessonOption("learning-rate", kind: .double(1e-6...1e3), help: "your own trial: Adam's learning rate"),
        LessonOption("batch-size", placeholder: "N", kind: .integer(1...100_000), help: "your own trial: batch size"),
        LessonOption("epochs", placeholder: "N", kind: .integer(1...2_000), help: "your own trial: epochs"),
        LessonOption("hidden-units", placeholder: "N", kind: .integer(1...1_000), help: "your own trial: hidden units"),
    ],
    usesData: true,
    dataHelp: "CSV file (numeric features, a 0/1 target in the last column) or dataset name",
    datasetFits: { (try? $0.binaryLabels(minimumPerClass: 5)) != nil })

lesson.run {
    let epochs = lesson.arguments.quick ? 40 : 100
    let baselineSettings = NetworkSettings(learningRate: 0.01, batchSize: 10, epochs: epochs, hiddenUnits: 10)
    let patience = 10

    // MARK: Data

    let dataset = lesson.loadBinaryDataset(defaultName: "pima-diabetes", minimumPerClass: 5)
    // One split for every trial; weights and shuffles use the next seed.
    let seeds = lesson.arguments.seeds(2)
    let data = try PreparedSplit.classification(dataset, validationFraction: 0.2, testFraction: 0.2, seed: seeds[0])
    var journal = TuningJournal()

    /// Trains the article's network on `data` with `settings`. Every trial starts from
    /// the same `seed`, so two trials differ only in their settings.
    func train(_ label: String, _ settings: NetworkSettings, on data: PreparedSplit, seed: UInt64,
               earlyStopping: EarlyStopping? = nil) throws -> TrialResult {
        // cell: trial
        var rng = SeededGenerator(seed: seed)
        let model = try ArticleNetwork.make(inputs: data.train.x.columns,
                                            hiddenUnits: settings.hiddenUnits,
                                            learningRate: settings.learningRate,
                                            rng: &rng)
        let run = try model.fit(data.train.x, data.train.y,
                                epochs: settings.epochs,
                                batchSize: settings.batchSize,
                                validationData: data.validation,
                                earlyStopping: earlyStopping,
                                divergence: DivergenceRule(lossIncreaseFactor: 10),
                                rng: &rng)
        // end cell
        return try TrialResult(label: label, settings: settings, run: run, model: model,
                               validation: data.validation)
    }
    /// One trial on this run's split, written in the journal.
    func trial(_ label: String, _ settings: NetworkSettings, earlyStopping: EarlyStopping? = nil) throws -> TrialResult {
        let result = try train(label, settings, on: data, seed: seeds[1], earlyStopping: earlyStopping)
        journal.record(result)
        return result
    }

    // MARK: Step 1, the baseline

    lesson.step("Parameters, hyperparameters, and a baseline")
    let pima = dataset.name == "pima-diabetes"
    lesson.say("""
        The article's FAQ draws the line: *parameters* (the weights and biases) are learned by training; \
        *hyperparameters* are chosen before training and stay fixed during it. Tuning means choosing them. We tune \
        four: the learning rate (the size of each update of the weights), the batch size (how many rows each update \
        learns from: a mini-batch), the number of epochs (an epoch is one pass over all training rows) and the number \
        of hidden units.

        Data: \(dataset.name), \(dataset.count) rows x \(dataset.featureCount) features, target \
        '\(dataset.targetName)'. We split it once, stratified (each part keeps the whole dataset's share of each \
        class): \(data.rows.train.count) rows to train on, \(data.rows.validation.count) to compare trials on, \
        \(data.rows.test.count) kept for the very end. Features are standardised: each is shifted to mean 0 and \
        divided by its standard deviation (the population one: the square root of the mean squared distance from \
        the mean), both measured on the *training* rows only. Computing them on all rows would let the validation \
        and test rows shape the model's inputs before they are used to judge it: "data leakage", which makes scores \
        look better than they will be on new data.\(pima ? " (A caveat of this dataset: zeros in glucose, blood pressure, skin thickness, insulin and BMI are missing values recorded as 0; we keep them as the article does.)" : "")

        Every trial of this lesson runs this code (`ArticleNetwork.make` is the article's Keras model in Swift):
        """)
    lesson.code(cell: "trial")
    let baseline = try trial("baseline", baselineSettings)
    lesson.show(try baseline.model.summary())
    let hidden = baselineSettings.hiddenUnits
    lesson.say("""
        Dense(\(hidden), relu) on the \(data.train.x.columns) features, then Dense(1, sigmoid). A Dense layer of n \
        units is fully connected: each unit computes a weighted sum of all the layer's inputs plus a bias. relu \
        (ReLU, max(0, z)) then keeps a positive sum z and turns a negative one into 0; sigmoid, 1 / (1 + e^-z), \
        squashes the last unit's sum into a number between 0 and 1, read as the predicted \
        probability p of class 1. That is \(baseline.model.parameterCount) parameters (\(dataset.featureCount) x \
        \(hidden) + \(hidden) weights and biases in, \(hidden) + 1 out). The *loss* is the number training lowers; \
        here it is binary cross-entropy, -[y log p + (1 - y) log(1 - p)] for a row with label y, averaged over rows \
        (computed from the sigmoid's input, in a form where log never sees 0 and nothing is clipped, so a \
        confidently wrong answer can cost any amount): 0 for confident right answers, log 2 = 0.693 for always \
        answering p = 0.5. *Adam* is the optimizer: after each mini-batch it moves every weight against its \
        gradient by a step of roughly the learning rate, using running averages of that weight's gradients and \
        squared gradients. The article writes `model.fit(..., learning_rate=learning_rate)`, which Keras rejects \
        (fit() has no such argument): the learning rate belongs to the optimizer, as above.

        The *gradient* of the loss is its slope along each weight: how much the loss changes when that weight moves \
        a little. Stepping every weight against it lowers the loss, at least for a small enough step. In the chart, \
        an epoch's training loss is the mean over its mini-batches, taken while the weights were still changing \
        (Keras reports the same); the validation loss is measured after the epoch.
        """)
    lesson.show(LearningCurves.chart(baseline.run, title: "Baseline learning curves (\(baselineSettings))"))
    lesson.say("""
        Baseline: validation accuracy \(Format.fixed(baseline.validationAccuracy, 3)), validation loss \
        \(Format.fixed(baseline.validationLoss, 4)). A model that always answers the most common class would score \
        \(Format.fixed(data.validationMajorityRate, 3)): that is the bar to clear.
        """)

    // MARK: Step 2, learning rate

    lesson.step("The learning rate: far too large, far too small")
    lesson.say("We change only Adam's learning rate and keep everything else as in the baseline.")
    // cell: learning-rates
    var tooSmall = baselineSettings, tooLarge = baselineSettings
    var farTooLarge = baselineSettings
    tooSmall.learningRate = 0.0001
    tooLarge.learningRate = 1
    farTooLarge.learningRate = 50
    let slow = try trial("lr 1e-04", tooSmall)
    let large = try trial("lr 1", tooLarge)
    let huge = try trial("lr 50", farTooLarge)
    // end cell
    lesson.code(cell: "learning-rates")
    lesson.show(ManualTuningReport.learningRateTable([slow, baseline, large, huge]))
    lesson.show(LearningCurves.compare([("lr 0.0001", slow.run, "s"), ("lr 0.01", baseline.run, "*"),
                                        ("lr 1", large.run, "L")],
                                       title: "Training loss by learning rate (log scale)", yLabel: "training loss",
                                       yScale: .log10, pick: { $0.trainingLoss }))
    let deadUnits = try ReLUDiagnostics.deadUnits(of: large.model, on: data.train.x)
    lesson.say(ManualTuningReport.learningRateStory(tooSmall: slow, baseline: baseline, tooLarge: large,
                                                    farTooLarge: huge, majorityRate: data.validationMajorityRate,
                                                    deadUnits: deadUnits))

    // MARK: Step 3, epochs and overfitting

    lesson.step("Epochs and overfitting")
    lesson.show(LearningCurves.chart(baseline.run, title: "The baseline's learning curves again (from step 1)"))
    lesson.say(ManualTuningReport.overfittingStory(baseline.run))
    lesson.code(cell: "early-stopping")
    // cell: early-stopping
    let stop = try EarlyStopping(monitor: .validationLoss,
                                 patience: patience,
                                 restoreBestWeights: true)
    let stopped = try trial("early stopping", baselineSettings,
                            earlyStopping: stop)
    // end cell
    lesson.say(ManualTuningReport.earlyStoppingStory(stopped, baseline: baseline, patience: patience))

    // MARK: Step 4, batch size

    lesson.step("Batch size: updates, noise and result")
    let trainingRows = data.train.x.rows
    lesson.code(cell: "batch-sizes")
    // cell: batch-sizes
    // Up to one batch of all training rows (larger sizes would repeat it).
    var sizes = [40, 160].filter { $0 < trainingRows }
    if trainingRows > 10 { sizes.append(trainingRows) }
    var batchRuns = [baseline]
    for size in sizes {
        var settings = baselineSettings
        settings.batchSize = size
        batchRuns.append(try trial("batch \(size)", settings))
    }
    // end cell
    lesson.show(ManualTuningReport.batchTable(batchRuns, trainingRows: trainingRows))
    lesson.show(LearningCurves.compare(zip(batchRuns, ["1", "2", "3", "4"]).map { ("batch \($0.settings.batchSize)", $0.run, $1) },
                                       title: "Validation loss by batch size", yLabel: "validation loss",
                                       pick: { $0.validationLoss }))
    lesson.say(ManualTuningReport.batchStory(batchRuns))

    // MARK: Step 5, the student's own trial

    lesson.step("Your own trial")
    let arguments = lesson.arguments
    let yourFlags = ["learning-rate", "batch-size", "epochs", "hidden-units"].filter { arguments.has($0) }
    if yourFlags.isEmpty {
        lesson.say("""
            Now it is your turn. Rerun the lesson with any of --learning-rate, --batch-size, --epochs and \
            --hidden-units; the lesson trains that configuration (unset ones keep the baseline's values) and puts it \
            in the journal below. For example:
            """)
        lesson.show("  swift run Lesson1_ManualTuning --learning-rate 0.003 --batch-size 20")
    } else {
        let yours = NetworkSettings(learningRate: arguments.double("learning-rate") ?? baselineSettings.learningRate,
                                    batchSize: arguments.integer("batch-size") ?? baselineSettings.batchSize,
                                    epochs: arguments.integer("epochs") ?? baselineSettings.epochs,
                                    hiddenUnits: arguments.integer("hidden-units") ?? baselineSettings.hiddenUnits)
        let result = try trial("your trial", yours)
        if !result.run.history.isEmpty {
            lesson.show(LearningCurves.chart(result.run, title: "Your trial (\(yours))"))
        }
        // The lesson's own completed run with your batch size, epochs and units (exercise 4).
        let sameBatch = journal.entries.first { other in
            other.label != result.label && other.run.outcome == .completed(epochs: yours.epochs)
                && other.settings.batchSize == min(yours.batchSize, trainingRows)
                && other.settings.epochs == yours.epochs && other.settings.hiddenUnits == yours.hiddenUnits
                && other.settings.learningRate != yours.learningRate
        }
        lesson.say(ManualTuningReport.yourTrialStory(result, baseline: baseline, best: journal.best,
                                                     sameBatch: sameBatch, trainingRows: trainingRows,
                                                     validationRows: data.validation.x.rows))
    }

    // MARK: Step 6, the journal and the test set

    lesson.step("The tuning journal, and one look at the test set")
    lesson.show(journal.render())
    if let best = journal.best {
        let test = try best.model.evaluate(data.test.x, data.test.y)
        lesson.say(ManualTuningReport.testStory(best: best, testLoss: test.loss, testAccuracy: test.metrics[0],
                                                testRows: data.test.x.rows, validationRows: data.validation.x.rows,
                                                trials: journal.scoredCount))
    }

    // MARK: Summary and exercises

    // Exercise 3's answer: the baseline on three other seeds (a new split, new initial
    // weights and shuffles each), measured here so that the check can quote it.
    let otherSeeds = [UInt64(1), 2, 3, 4].filter { $0 != lesson.arguments.seed }.prefix(3)
    var seedAccuracies: [(seed: UInt64, accuracy: Double)] = []
    for seed in otherSeeds {
        let split = try PreparedSplit.classification(dataset, validationFraction: 0.2, testFraction: 0.2, seed: seed)
        let result = try train("baseline", baselineSettings, on: split, seed: seed + 1)
        seedAccuracies.append((seed, result.validationAccuracy))
    }

    // Exercise 3's yardstick for this run's trials, which all share one split: the
    // baseline on that split with only the initial weights and shuffles changed.
    var weightSeedAccuracies: [(seed: UInt64, accuracy: Double)] = []
    for seed in lesson.arguments.seeds(5).dropFirst(2) {
        let result = try train("baseline", baselineSettings, on: data, seed: seed)
        weightSeedAccuracies.append((seed, result.validationAccuracy))
    }

    // The exercises set the four trial options themselves: reruns leave this run's out.
    let trialOptions = ["learning-rate", "batch-size", "epochs", "hidden-units"]
    let again = lesson.rerunFlags(changing: trialOptions)
    let largestBatch = batchRuns.last!
    lesson.finish(summary: ManualTuningReport.summary(baseline: baseline, tooSmall: slow, tooLarge: large,
                                                      farTooLarge: huge, stopped: stopped, batches: batchRuns),
                  exercises: [
        ManualTuningReport.beatTheJournalExercise(journal, rerunFlags: again),
        ManualTuningReport.earlyStoppingExercise(stopped, rerunFlags: again),
        ManualTuningReport.seedsExercise(baseline: baseline, seed: lesson.arguments.seed, others: seedAccuracies,
                                         sameSplit: weightSeedAccuracies, journal: journal,
                                         rerunFlags: lesson.rerunFlags(withSeed: false, changing: trialOptions),
                                         weightSeed: seeds[1], validationRows: data.validation.x.rows),
        ManualTuningReport.largeStepExercise(largestBatch, rerunFlags: again),
        Exercise("Coding: write adamSteps, divergedAtEpoch and binaryCrossEntropy (exercises 1.1 to 1.3 in "
                 + "Lessons/Exercises/Lesson1.swift): one weight under Adam, the rule that stopped lr 50, and the "
                 + "loss every trial lowered, here from probabilities and clipped, as Keras computes it then (the "
                 + "trials compute it from the sigmoid's input, unclipped).",
                 check: "swift run Check 1 says \"3 of 3 done\"; a wrong answer shows the input, the expected and "
                    + "your result, and a hint."),
    ])
}
