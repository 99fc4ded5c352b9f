// Lesson 5: model selection (the second article).
//
// Choosing the model itself (structure, activation, loss) with the discipline of
// hyperparameter tuning: the same folds for every candidate, cross-validation to choose,
// the test set touched once at the end. On the digits (8 x 8 images) and, for the loss
// comparison, on diabetes progression (a regression).
//
//   swift run Lesson5_ModelSelection [--quick] [--seed N] [--epochs N] [--trials N]

import Experiments
import HyperSearch
import LabData
import LabMath
import LessonKit
import TextCharts
import TrainingEngine

// MARK: Settings

let lesson = Lesson.start(
    program: "Lesson5_ModelSelection", title: "Lesson 5: Model selection",
    summary: "Compare structures, activations and losses fairly, tune each candidate briefly, choose by cross-validation, and only then look at the test set, once.",
    options: [LessonOption("epochs", placeholder: "N", kind: .integer(1...200), help: "training epochs per candidate (default 20, 4 with --quick)"),
              LessonOption("trials", placeholder: "N", kind: .integer(1...20), help: "tuning trials per structure (default 4, 2 with --quick)")],
    usesData: true,
    dataHelp: "CSV of 8 x 8 digit images: 64 pixel columns (0 to 16), the label (0 to 9) last")
let arguments = lesson.arguments
let quick = arguments.quick
let epochs = arguments.integer("epochs") ?? (quick ? 4 : 20)
let trials = arguments.integer("trials") ?? (quick ? 2 : 4)
let studyEpochs = quick ? 2 : 10
let folds = quick ? 2 : 3
let recipe = TrainingRecipe(learningRate: 0.003, epochs: epochs, batchSize: 32)

/// Runs `body`, or ends the lesson with the error.
@MainActor func attempt<T>(_ body: () throws -> T) -> T {
    do { return try body() } catch { lesson.fail("\(error)") }
}

// MARK: Step 1, the discipline

// Every file the lesson needs is loaded and checked now, before any step.
let digits = lesson.loadDataset(defaultName: "digits-8x8")
let diabetes = lesson.loadDataset(defaultName: "diabetes-progression", ignoringDataFlag: true)
do {
    try DigitsSetup.check(digits, minimumPerClass: max(5, 2 * folds))
    try ModelSelectionStudies.checkRegressionData(diabetes)
} catch {
    lesson.fail("\(error)", code: Lesson.ExitCode.dataError)
}
lesson.step("Model selection is tuning too: keep the comparison fair")
let setup = attempt { try DigitsSetup(digits: digits, folds: folds, seed: arguments.seed) }
lesson.say("""
    The first article's FAQ: hyperparameter tuning improves one model; model selection \
    chooses between models (here: a structure, an activation, a loss). The same rules apply: \
    every candidate is trained and scored on the same folds, the choice is made on \
    cross-validated scores, and the test set is used once, at the very end.

    Data: \(digits.name), \(digits.count) handwritten digits as 8 x 8 images with pixel values 0 to \
    16 (the second article uses MNIST's 28 x 28 images; these are a small stand-in that trains in \
    seconds). \(setup.test.count) images are held out for the end; the other \(setup.training.count) are \
    cut into \(folds) stratified folds. Pixels are divided by 16, a fixed scale learned from nothing, \
    so there is no preprocessing to leak.
    """)
lesson.code("""
    let setup = try DigitsSetup(digits: digits, folds: \(folds), seed: \(arguments.seed))
    // every candidate is scored on the same folds:
    let evaluation = setup.crossValidate(.cnn, width: 16, recipe: recipe)
    """)

// MARK: Step 2, structure

lesson.step("Structure: logistic regression, an MLP, a small CNN")
lesson.say("Three structures, each trained with Adam (lr \(Format.compact(recipe.learningRate))), batch \(recipe.batchSize), \(Format.counted(epochs, "epoch")), on each fold:")
for architecture in Architecture.allCases {
    lesson.code("\(architecture.rawValue):\n" + architecture.source)
}
let structureRows: [ModelSelectionReport.Row] = Architecture.allCases.map { architecture in
    let model = attempt { try architecture.build(width: architecture.defaultWidth) }
    var rng = lesson.generator(stream: 10)
    attempt { try model.compile(loss: .categoricalCrossEntropy, optimizer: Adam(), weightsFrom: &rng) }
    return ModelSelectionReport.Row(name: architecture.rawValue, parameters: model.parameterCount,
                                    multiplyAddsPerExample: model.trainingMultiplyAddsPerSample,
                                    evaluation: setup.crossValidate(architecture, width: architecture.defaultWidth, recipe: recipe))
}
lesson.show(attempt { try Architecture.cnn.build(width: 16).summary() })
lesson.show(ModelSelectionReport.table(structureRows))
lesson.say(ModelSelectionReport.structureStory(structureRows))

// MARK: Step 3, activation

lesson.step("Activation: sigmoid, tanh and ReLU in the same deep network")
lesson.say("""
    A deeper MLP, 64 -> 32 -> 32 -> 32 -> 32 -> 10, trained \(studyEpochs) epochs on fold 1 with each \
    activation in its four hidden layers. The engine records every layer's gradient norm at every \
    update, so we can watch the gradient travel back through the layers.
    """)
let activationResults = attempt { try ModelSelectionStudies.activations(setup, epochs: studyEpochs) }
lesson.show(ModelSelectionReport.activationTable(activationResults))
lesson.show(LearningCurves.compare(activationResults.map { (name: $0.activation.rawValue, run: $0.run,
                                                            mark: Character(String($0.activation.rawValue.prefix(1)))) },
                                   title: "Training loss by activation", yLabel: "training loss", height: 10,
                                   pick: { $0.trainingLoss }))
lesson.say(ModelSelectionReport.activationStory(activationResults))

// MARK: Step 4, loss

lesson.step("Loss: cross-entropy or squared error; absolute or squared error")
let classificationRuns = attempt { try ModelSelectionStudies.classificationLosses(setup, epochs: studyEpochs) }
lesson.show(LearningCurves.compare(classificationRuns.map { (name: $0.loss.kerasName, run: $0.run,
                                                             mark: $0.loss == .categoricalCrossEntropy ? "c" : "m") },
                                   title: "MLP validation accuracy by loss", yLabel: "validation accuracy", height: 10,
                                   pick: { $0.validationMetrics?[0] }))
lesson.say(ModelSelectionReport.classificationLossStory(classificationRuns))
let regression = attempt { try ModelSelectionStudies.regressionLosses(diabetes, seed: arguments.seed, epochs: 200) }
lesson.say("""
    For a regression the choice is between squared and absolute error. Diabetes progression \
    (\(diabetes.count) patients, \(diabetes.featureCount) measurements, a progression score from 25 to 346) with a \
    linear model, Dense(1), trained with each loss; then the same after a data-entry error: one \
    training target, \(Format.fixed(regression.before, 0)), typed as \(Format.fixed(regression.after, 0)).
    """)
lesson.show(ModelSelectionReport.regressionTable(regression.results))
lesson.say(ModelSelectionReport.regressionStory(regression.results, trainingRows: regression.trainingRows,
                                                before: regression.before, after: regression.after))

// MARK: Step 5, each candidate at its best

lesson.step("Each structure at its best: brief random searches")
lesson.say("""
    One setting is not a fair basis for comparison: a structure may lose only because of its \
    learning rate. So each one gets \(Format.counted(trials, "random trial")) over the learning rate (log-uniform in \
    [0.0003, 0.03]) and its size (hidden units or filters, log-uniform), on the same folds.
    """)
var tuned: [(architecture: Architecture, result: SearchResult)] = []
for architecture in Architecture.allCases {
    var parameters: [Hyperparameter] = [.real("learningRate", low: 3e-4, high: 0.03, scale: .log)]
    if architecture == .mlp { parameters.append(.integer("width", low: 16, high: 128, scale: .log)) }
    if architecture == .cnn { parameters.append(.integer("width", low: 4, high: 32, scale: .log)) }
    let result: SearchResult = attempt {
        var tuner = try Tuner(searcher: RandomSearch(space: SearchSpace(parameters), iterations: trials, seed: arguments.seed),
                              objective: setup.objective(architecture, recipe: recipe), budget: .trials(trials))
        return try tuner.run()
    }
    tuned.append((architecture, result))
    print("  \(architecture.rawValue):")
    print(SearchReport.table(result, sortedByRank: true))
    print("")
}
let tunedRows = tuned.map { entry -> ModelSelectionReport.Row in
    let best = entry.result.best
    let width = (try? best?.configuration.integer("width")) ?? entry.architecture.defaultWidth
    let model = attempt { try entry.architecture.build(width: width) }
    var rng = lesson.generator(stream: 11)
    attempt { try model.compile(loss: .categoricalCrossEntropy, optimizer: Adam(), weightsFrom: &rng) }
    let size = entry.architecture == .mlp ? " (\(width) units)" : (entry.architecture == .cnn ? " (\(width) filters)" : "")
    return ModelSelectionReport.Row(name: entry.architecture.rawValue + size,
                                    learningRate: try? best?.configuration.double("learningRate"),
                                    parameters: model.parameterCount, multiplyAddsPerExample: model.trainingMultiplyAddsPerSample,
                                    evaluation: best?.evaluation ?? Evaluation(outcome: .failed("no trial succeeded")))
}
lesson.show(ModelSelectionReport.table(tunedRows))
lesson.say(ModelSelectionReport.structureStory(tunedRows))
if let edge = ModelSelectionReport.rangeEdgeNote(tunedRows, range: 3e-4...0.03) { lesson.say(edge) }

// MARK: Step 6, the article's code

lesson.step("The second article's code, corrected")
lesson.say("The article builds this model (with MNIST's 28 x 28 x 1 input):")
lesson.code("""
    model.add(Dense(64, activation: .relu, inputDim: 100))
    model.add(Conv2D(32, kernelSize: (3, 3), activation: .relu,
                     inputShape: TensorShape(28, 28, 1)))
    model.add(MaxPooling2D(poolSize: (2, 2)))
    model.add(Flatten())
    model.add(Dense(10, activation: .softmax))
    """)
let broken = attempt { try Sequential([Dense(64, inputDim: 100, activation: .relu),
                                       Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: TensorShape(28, 28, 1)),
                                       MaxPooling2D(poolSize: (2, 2)), Flatten(), Dense(10, activation: .softmax)]) }
do {
    _ = try broken.summary()
    lesson.say("Unexpectedly, it built.")
} catch {
    lesson.say("""
        It cannot be built: \(error). A Dense layer outputs a flat vector per example; a convolution \
        needs an image. (Keras says the same in its own words: Input 0 of layer "conv2d" is \
        incompatible with the layer: expected min_ndim=4, found ndim=2.)
        """)
}
lesson.say("The model it meant: the convolution first, on the images themselves (8 x 8 x 1 here):")
let corrected = attempt { try Sequential([Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: TensorShape(8, 8, 1)),
                                          MaxPooling2D(poolSize: (2, 2)), Flatten(), Dense(10, activation: .softmax)]) }
lesson.show(attempt { try corrected.summary() })
let correctedEvaluation = setup.crossValidate(build: {
    try Sequential([Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: TensorShape(8, 8, 1)),
                    MaxPooling2D(poolSize: (2, 2)), Flatten(), Dense(10, activation: .softmax)])
}, recipe: recipe)
let correctedScores = correctedEvaluation.foldScores ?? []
lesson.say("""
    Trained like the others (\(Format.counted(epochs, "epoch")), \(folds) folds), the corrected model reaches a cross-validated \
    accuracy of \(Format.fixed(Statistics.mean(correctedScores), 3)) (folds: \
    \(correctedScores.map { Format.fixed($0, 3) }.joined(separator: ", "))).
    """)

// MARK: Step 7, the choice and the test set

lesson.step("The choice, and one look at the test set")
let winnerIndex = Statistics.indexOfMaximum(tuned.map { $0.result.best?.score ?? -.infinity }) ?? 0
let testResults: [(name: String, accuracy: Double)] = tuned.map { entry in
    let best = entry.result.best
    var r = recipe
    r.learningRate = (try? best?.configuration.double("learningRate")) ?? recipe.learningRate
    let width = (try? best?.configuration.integer("width")) ?? entry.architecture.defaultWidth
    return (entry.architecture.rawValue, attempt { try setup.finalTest(entry.architecture, width: width, recipe: r).accuracy })
}
lesson.say(ModelSelectionReport.finalStory(winner: tuned[winnerIndex].architecture.rawValue,
                                           winnerCV: tuned[winnerIndex].result.best?.score ?? .nan,
                                           tests: testResults, testRows: setup.test.count))

// MARK: Summary and exercises

let again = lesson.rerunFlags
let winnerName = tuned[winnerIndex].architecture.rawValue
let structureOrder = structureRows.sorted { ($0.evaluation.score ?? 0) > ($1.evaluation.score ?? 0) }.map(\.name)
let sigmoidRatio = ModelSelectionReport.firstToLastRatio(activationResults.first { $0.activation == .sigmoid })
let typoRows = Double(regression.trainingRows)
// Suggested values always differ from this run's.
let fewerEpochs = epochs == 5 ? 2 : 5, moreEpochs = epochs == 40 ? 80 : 40
let moreTrials = trials < 10 ? 10 : min(20, trials + 5)
lesson.finish(summary: ModelSelectionReport.summary(structures: structureRows, activations: activationResults,
                                                    regression: regression.results, winner: winnerName, tests: testResults),
              exercises: [
    Exercise("Run with --epochs \(fewerEpochs)\(again) and with --epochs \(moreEpochs)\(again). Does the order of the "
             + "three structures in step 2 change?",
             check: "compare with this run's order: \(structureOrder.joined(separator: " > ")), and with the fold spreads "
             + "in the std column."),
    Exercise("Make the deep network of step 3 deeper (six hidden layers) in a copy of the lesson and compare the sigmoid row.",
             check: "the 'layer 1 / 5' column becomes 'layer 1 / 7'; if the vanishing-gradient explanation holds, the "
             + "sigmoid ratio (\(Format.scientific(sigmoidRatio, 1)) here) shrinks further."),
    Exercise("In step 4, multiply the typo by 100 instead of 10 (in ModelSelectionStudies.regressionLosses).",
             check: "the typo's excess spread over the rows becomes (100 - 1) x \(Format.fixed(regression.before, 0)) / "
             + "\(regression.trainingRows) = \(Format.fixed(99 * regression.before / typoRows, 1)) instead of "
             + "\(Format.fixed(9 * regression.before / typoRows, 1)): compare the squared-error model's intercept shift "
             + "with that, and the absolute-error model's test MAE with this run's "
             + "\(Format.fixed(regression.results[1].cleanTestMAE, 2))."),
    Exercise("Give step 5 more trials (--trials \(moreTrials)\(again)). Does the winner change?",
             check: "this run chose the \(winnerName); with the same seed the first \(Format.counted(trials, "trial")) of each search "
             + "\(trials == 1 ? "is" : "are") the same, so a structure's best can only stay or improve."),
])
