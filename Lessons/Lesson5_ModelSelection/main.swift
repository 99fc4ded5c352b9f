// Lesson 5: model selection.
//
// Follows the second article ("Model selection and hyperparameter optimization for large
// models"), its model selection: network structure (dense, convolution, pooling,
// flatten), activation (sigmoid, tanh, ReLU) and loss (MAE, MSE, cross-entropy), and its
// Keras model, corrected; and the first article's FAQ on tuning versus model selection.
// Every candidate is trained on the same folds, chosen by cross-validation, and the test
// set is touched once, at the end. On the digits (8 x 8 images) and, for the regression
// losses, on diabetes progression.
//
//   swift run Lesson5_ModelSelection [--quick] [--seed N] [--epochs N] [--trials N]
//                                    [--depth N] [--typo F]
//
// Read it top to bottom like a notebook: each step computes here, in plain sight.
// ModelSelection.swift holds the split and the per-fold training all candidates share,
// ModelSelectionStudies.swift the records of steps 3 and 4, LessonText.swift the
// definitions and the exercises; ModelSelectionReport, StudyReport and ChoiceReport only
// turn numbers into sentences and tables.

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
    summary: "Compare structures, activations and losses fairly, tune each candidate briefly, choose by "
        + "cross-validation, and only then look at the test set, once.",
    options: [
        LessonOption("epochs", placeholder: "N", kind: .integer(1...200),
                     help: "training epochs per candidate (default 20, 4 with --quick)"),
        LessonOption("trials", placeholder: "N", kind: .integer(1...20),
                     help: "tuning trials per structure in step 5 (default 4, 2 with --quick)"),
        LessonOption("depth", placeholder: "N", kind: .integer(1...8),
                     help: "hidden layers of step 3's deep network (default 4)"),
        LessonOption("typo", placeholder: "F", kind: .integer(2...1000),
                     help: "step 4's data-entry error: the largest training target multiplied by F (default 10, an "
                        + "extra zero)"),
    ],
    usesData: true,
    dataHelp: "CSV of 8 x 8 digit images: 64 pixel columns (0 to 16), the label (0 to 9) last; at least two "
        + "classes")

lesson.run {
    let quick = lesson.arguments.quick
    let seed = lesson.arguments.seed
    let epochs = lesson.arguments.integer("epochs") ?? (quick ? 4 : 20)
    let trials = lesson.arguments.integer("trials") ?? (quick ? 2 : 4)
    let depth = lesson.arguments.integer("depth") ?? 4
    let typo = lesson.arguments.integer("typo") ?? 10
    let folds = quick ? 2 : 3
    let studyEpochs = quick ? 2 : 10
    let recipe = TrainingRecipe(learningRate: 0.003, epochs: epochs, batchSize: 32)

    // MARK: Data: every file the lesson needs, checked before step 1

    // cell: data
    let digits = lesson.loadDataset(defaultName: "digits-8x8")
    try DigitsSetup.check(digits, folds: folds)
    // 20% of the images held out as the test set, the rest cut into folds:
    let setup = try DigitsSetup(digits: digits, folds: folds, seed: seed)
    // Step 4's regression data, loaded now so that a missing file stops here:
    let diabetes = try RegressionStudy.load(from: DatasetCatalog.locate(),
                                            typo: typo)
    // end cell

    // MARK: Step 1, the discipline

    lesson.step("Model selection is tuning too: keep the comparison fair")
    lesson.say("""
        The first article's FAQ: hyperparameter tuning improves one model; model selection chooses between models \
        (here: a structure, an activation, a loss). The same rules apply: every candidate is trained and scored on \
        the same folds, the choice is made on cross-validated scores, and the test set is used once, at the very end.

        Data: \(digits.name), \(digits.count) handwritten digits as 8 x 8 images with pixel values 0 to 16 (the \
        second article uses MNIST's 28 x 28 images; these are a small stand-in that trains in seconds). \
        \(setup.test.count) images are held out for the end; the other \(setup.training.count) are cut into \
        \(folds) stratified folds. Pixels are divided by 16, a fixed scale learned from nothing, so there is no \
        preprocessing to leak.
        """)
    lesson.bullets(Terms.splitting(folds: folds))
    lesson.code(cell: "data")

    // MARK: Step 2, structure

    lesson.step("Structure: logistic regression, an MLP, a small CNN")
    lesson.say("Three structures, each a function from a size (hidden units, filters) to a fresh network:")
    lesson.bullets(Terms.structures)
    lesson.code(cell: "structures")
    // cell: structures
    let structures = [
        Structure("logistic regression") { _ in
            Sequential([try Dense(10, inputDim: 64, activation: .softmax)])
        },
        Structure("MLP", size: "units", defaultSize: 64,
                  sizes: 16...128) { units in
            Sequential([try Dense(units, inputDim: 64, activation: .relu),
                        try Dense(10, activation: .softmax)])
        },
        Structure("CNN", size: "filters", defaultSize: 16,
                  sizes: 4...32) { filters in
            try Sequential([Conv2D(filters, kernelSize: (3, 3), padding: .same,
                                   activation: .relu,
                                   inputShape: TensorShape(8, 8, 1)),
                            MaxPooling2D(poolSize: (2, 2)), Flatten(),
                            Dense(10, activation: .softmax)])
        },
    ]
    // end cell
    lesson.say("The CNN at its default size, as Keras's model.summary() shows it (None stands for the number of "
               + "images in a batch):")
    lesson.show(try structures[2].build(structures[2].defaultSize).summary())
    lesson.say("Each is trained on each fold with Adam at learning rate \(Format.compact(recipe.learningRate)), "
               + "batches of \(recipe.batchSize), \(Format.counted(epochs, "epoch")), minimising cross-entropy:")
    lesson.bullets(Terms.training(learningRate: Format.compact(recipe.learningRate), batchSize: recipe.batchSize))
    lesson.code(cell: "cross-validate")
    // cell: cross-validate
    var structureRows: [ModelSelectionReport.Row] = []
    for structure in structures {
        let size = structure.defaultSize
        let cost = try structure.cost(size: size)
        let evaluation = setup.crossValidate(recipe: recipe) {
            try structure.build(size)
        }
        structureRows.append(.init(name: structure.name,
                                   parameters: cost.parameters,
                                   multiplyAddsPerExample: cost.multiplyAdds,
                                   evaluation: evaluation))
    }
    // end cell
    lesson.show(ModelSelectionReport.table(structureRows))
    lesson.bullets(Terms.columns(folds: folds))
    let structureComparisons = ModelSelectionReport.comparisons(structureRows)
    lesson.show(ModelSelectionReport.comparisonTable(structureComparisons))
    lesson.say(ModelSelectionReport.structureStory(structureRows, comparisons: structureComparisons, folds: folds,
                                                   explain: true))

    // MARK: Step 3, activation

    lesson.step("Activation: sigmoid, tanh and ReLU in the same "
                + (depth > 1 ? "deep network" : "network"))
    let studyRecipe = TrainingRecipe(learningRate: 0.001, epochs: studyEpochs, batchSize: 32)
    lesson.say(StudyReport.activationIntro(depth: depth, units: 32, epochs: studyRecipe.epochs,
                                           learningRate: studyRecipe.learningRate, stepTwoRate: recipe.learningRate,
                                           batchSize: studyRecipe.batchSize))
    lesson.bullets(Terms.activations)
    lesson.code(cell: "activations")
    // cell: activations
    func deepNetwork(_ activation: Activation) throws -> Sequential {
        var layers: [any Layer] = [try Dense(32, inputDim: 64,
                                             activation: activation)]
        for _ in 1..<depth {
            layers.append(try Dense(32, activation: activation))
        }
        return Sequential(layers + [try Dense(10, activation: .softmax)])
    }
    var activationRuns: [ActivationRun] = []
    for activation in [Activation.sigmoid, .tanh, .relu] {
        // fold: 0 is the text's fold 1 (indices start at 0).
        let fold = try setup.trainFold(recipe: studyRecipe, fold: 0) {
            try deepNetwork(activation)
        }
        activationRuns.append(ActivationRun(activation: activation,
                                            run: fold.run,
                                            validationAccuracy: fold.accuracy))
    }
    // end cell
    lesson.show(StudyReport.activationTable(activationRuns))
    lesson.show(StudyReport.activationCurves(activationRuns))
    lesson.say(StudyReport.activationStory(activationRuns))

    // MARK: Step 4, loss

    lesson.step("Loss: cross-entropy or squared error; absolute or squared error")
    lesson.say("""
        For the classifier: step 2's MLP on fold 1, trained \(Format.counted(studyEpochs, "epoch")) with Adam at \
        learning rate \(Format.compact(recipe.learningRate)) once with cross-entropy and once with squared error on \
        the softmax outputs.
        """)
    lesson.code(cell: "classification-losses")
    // cell: classification-losses
    let mlp = structures[1]
    var lossRuns: [(loss: Loss, run: TrainingRun)] = []
    for loss in [Loss.categoricalCrossEntropy, .meanSquaredError] {
        let lossRecipe = TrainingRecipe(learningRate: recipe.learningRate,
                                        epochs: studyEpochs, loss: loss)
        // fold: 0 is the text's fold 1 (indices start at 0).
        let fold = try setup.trainFold(recipe: lossRecipe, fold: 0,
                                       curves: true) {
            try mlp.build(mlp.defaultSize)
        }
        lossRuns.append((loss, fold.run))
    }
    // end cell
    lesson.show(StudyReport.lossCurves(lossRuns))
    lesson.say(StudyReport.classificationLossStory(
        lossRuns, validationImages: setup.crossValidation.folds[0].validationIndices.count))
    // Enough epochs for the squared-error fit to converge even after a 100-fold typo
    // (measured with seed 42: after 200 epochs its intercept had moved 28 of the 97);
    // --quick keeps 200, enough for the 10-fold typo (8.3 of 8.8).
    let regressionEpochs = quick ? 200 : 1_000, regressionRate = 0.3
    lesson.say("""
        For a regression the choice is between squared and absolute error. Diabetes progression (\(diabetes.count) \
        patients, \(diabetes.featureCount) measurements, a progression score to predict) with a linear model, \
        Dense(1) on standardised features, trained \(Format.grouped(regressionEpochs)) epochs with each loss (Adam \
        at learning rate \(Format.compact(regressionRate)), batches of 32); then the same after a data-entry error: \
        the largest training target multiplied by \(typo).
        """)
    lesson.bullets(Terms.regressionLosses)
    lesson.code(cell: "regression")
    // cell: regression
    let study = try RegressionStudy(diabetes, seed: seed)
    var typed = study.targets
    typed[study.largestTargetRow] *= Double(typo)  // the data-entry error
    var regression: [RegressionStudy.Result] = []
    for loss in [Loss.meanSquaredError, .meanAbsoluteError] {
        let clean = try study.fit(loss, targets: study.targets,
                                  epochs: regressionEpochs,
                                  learningRate: regressionRate)
        let dirty = try study.fit(loss, targets: typed,
                                  epochs: regressionEpochs,
                                  learningRate: regressionRate)
        regression.append(.init(loss: loss, cleanTestMAE: clean.testMAE,
                                corruptedTestMAE: dirty.testMAE,
                                cleanIntercept: clean.intercept,
                                corruptedIntercept: dirty.intercept))
    }
    // end cell
    let before = study.targets[study.largestTargetRow], after = typed[study.largestTargetRow]
    lesson.say("The largest training target, \(Format.fixed(before, 0)), typed as \(Format.fixed(after, 0)):")
    lesson.show(StudyReport.regressionTable(regression))
    lesson.say(StudyReport.regressionStory(regression, trainingRows: study.trainingRows, before: before, after: after))

    // MARK: Step 5, each candidate at its best

    lesson.step("Each structure at its best: brief random searches")
    let learningRates = 3e-4...0.03
    lesson.say("""
        One setting is not a fair basis for comparison: a structure may lose only because of its learning rate. So \
        each one gets \(Format.counted(trials, "random trial")) (Lesson 2's random search) over the learning rate, \
        log-uniform in [\(Format.compact(learningRates.lowerBound)), \(Format.compact(learningRates.upperBound))] \
        (each decade equally likely), and its size, log-uniform too, on the same folds and with the same \
        \(Format.counted(epochs, "epoch")).
        """)
    lesson.code(cell: "searches")
    // cell: searches
    var searches: [SearchResult] = []
    for structure in structures {
        var space: [Hyperparameter] = [.real("learningRate",
                                             low: learningRates.lowerBound,
                                             high: learningRates.upperBound,
                                             scale: .log)]
        if let name = structure.sizeName, let sizes = structure.sizes {
            space.append(.integer(name, low: sizes.lowerBound,
                                  high: sizes.upperBound, scale: .log))
        }
        let draws = try RandomSearch(space: SearchSpace(space),
                                     iterations: trials, seed: seed)
        var tuner = try Tuner(searcher: draws,
                              objective: setup.objective(structure,
                                                         recipe: recipe),
                              budget: .trials(trials))
        // tuner.run(), with a progress bar on stderr when it is a terminal:
        searches.append(try SearchNarration.run(&tuner, label: structure.name,
                                                total: trials, verbose: false))
    }
    // end cell
    var tunedRows: [ModelSelectionReport.Row] = []
    for (structure, result) in zip(structures, searches) {
        print("  \(structure.name):")
        print(SearchReport.table(result, sortedByRank: true))
        print("")
        let size = try result.best.map { try structure.size(in: $0.configuration) } ?? structure.defaultSize
        let cost = try structure.cost(size: size)
        tunedRows.append(.init(name: structure.name, label: structure.label(size: size),
                               learningRate: try result.best?.configuration.double("learningRate"),
                               parameters: cost.parameters, multiplyAddsPerExample: cost.multiplyAdds,
                               evaluation: result.best?.evaluation ?? Evaluation(outcome: .failed("no trial succeeded"))))
    }
    lesson.show(ModelSelectionReport.table(tunedRows))
    let tunedComparisons = ModelSelectionReport.comparisons(tunedRows)
    lesson.show(ModelSelectionReport.comparisonTable(tunedComparisons))
    lesson.say(ModelSelectionReport.structureStory(tunedRows, comparisons: tunedComparisons, folds: folds, explain: false))
    if let edge = ModelSelectionReport.rangeEdgeNote(tunedRows, range: learningRates) { lesson.say(edge) }

    // MARK: Step 6, the article's code

    lesson.step("The second article's code, corrected")
    lesson.say("The article builds this model (with MNIST's 28 x 28 x 1 input), here in Swift:")
    lesson.code(cell: "article-model")
    // cell: article-model
    let article = Sequential()
    try article.add(Dense(64, inputDim: 100, activation: .relu))
    try article.add(Conv2D(32, kernelSize: (3, 3), activation: .relu,
                           inputShape: TensorShape(28, 28, 1)))
    try article.add(MaxPooling2D(poolSize: (2, 2)))
    article.add(Flatten())
    try article.add(Dense(10, activation: .softmax))
    let articleSummary = Result { try article.summary() }
    // end cell
    lesson.say(StudyReport.articleModelStory(articleSummary))
    lesson.say("The model it meant: the convolution first, on the images themselves (8 x 8 x 1 here):")
    lesson.code(cell: "corrected-model")
    // cell: corrected-model
    func corrected() throws -> Sequential {
        try Sequential([Conv2D(32, kernelSize: (3, 3), activation: .relu,
                               inputShape: TensorShape(8, 8, 1)),
                        MaxPooling2D(poolSize: (2, 2)), Flatten(),
                        Dense(10, activation: .softmax)])
    }
    // The article's Dense(64) where a hidden layer fits (built, not trained):
    let withDense64 = try Sequential([
        Conv2D(32, kernelSize: (3, 3), activation: .relu,
               inputShape: TensorShape(8, 8, 1)),
        MaxPooling2D(poolSize: (2, 2)), Flatten(),
        Dense(64, activation: .relu), Dense(10, activation: .softmax)])
    let correctedEvaluation = setup.crossValidate(recipe: recipe,
                                                  build: corrected)
    // end cell
    let correctedModel = try corrected(), stepTwoCNN = try structures[2].build(structures[2].defaultSize)
    let correctedCost = try DigitsSetup.cost(of: correctedModel)   // compiles it: its shapes are known
    _ = try DigitsSetup.cost(of: stepTwoCNN)
    lesson.show(try correctedModel.summary())
    lesson.say(StudyReport.dense64Note(corrected: correctedModel, stepTwoCNN: stepTwoCNN,
                                       withDenseAfterFlattenParameters: try DigitsSetup.cost(of: withDense64).parameters))
    let correctedRow = ModelSelectionReport.Row(name: "corrected model", parameters: correctedCost.parameters,
                                                multiplyAddsPerExample: correctedCost.multiplyAdds,
                                                evaluation: correctedEvaluation)
    lesson.say("Trained like the others (\(Format.counted(epochs, "epoch")), the same \(folds) folds):")
    lesson.show(ModelSelectionReport.table([structureRows[2], correctedRow]))
    let correctedComparison = ModelSelectionReport.comparisons([structureRows[2], correctedRow])
    lesson.show(ModelSelectionReport.comparisonTable(correctedComparison))
    lesson.say(ModelSelectionReport.structureStory([structureRows[2], correctedRow], comparisons: correctedComparison,
                                                   folds: folds, explain: false))

    // MARK: Step 7, the choice and the test set

    lesson.step("The choice, and one look at the test set")
    lesson.code(cell: "final-test")
    // cell: final-test
    var tests: [ChoiceReport.TestScore] = []
    for (structure, result) in zip(structures, searches) {
        guard let best = result.best, let score = best.score else { continue }
        var final = recipe
        final.learningRate = try best.configuration.double("learningRate")
        let size = try structure.size(in: best.configuration)
        let test = try setup.finalTest(recipe: final) {
            try structure.build(size)
        }
        tests.append(.init(name: structure.name, crossValidated: score,
                           accuracy: test.accuracy, correct: test.correct))
    }
    // end cell
    let chosen = ModelSelectionReport.tiedForBest(tunedRows)
    lesson.say(ChoiceReport.finalStory(chosen: chosen, chosenCV: ModelSelectionReport.ranking(tunedRows).first?.evaluation.score ?? .nan,
                                       inconclusiveAgainst: tunedComparisons.filter { !$0.isClear }.map(\.other),
                                       tests: tests, trainingRows: setup.training.count, testRows: setup.test.count))
    if let note = ChoiceReport.crossValidationToTestNote(
        tests, trainingRows: setup.training.count, testRows: setup.test.count,
        foldTrainingRows: setup.crossValidation.folds.map(\.trainIndices.count), batchSize: recipe.batchSize,
        trials: trials) {
        lesson.say(note)
    }

    // MARK: Summary and exercises

    // Exercise 3's expectation, computed now: the squared-error fit with a larger typo.
    let bigTypo = typo == 100 ? 1_000 : 100
    var bigTyped = study.targets
    bigTyped[study.largestTargetRow] *= Double(bigTypo)
    let bigTypoFit = try study.fit(.meanSquaredError, targets: bigTyped, epochs: regressionEpochs,
                                   learningRate: regressionRate)
    let structureOrder = ModelSelectionReport.order(structureRows.map { ($0.name, $0.evaluation.score ?? .nan) })
    lesson.finish(summary: ChoiceReport.summary(
        parameters: structureRows.map { ($0.name, $0.parameters) }, structureOrder: structureOrder,
        stepTwoBest: structureComparisons.first?.best ?? "-", clearInStep2: structureComparisons.allSatisfy(\.isClear),
        activations: activationRuns, regression: regression,
        chosen: chosen, tests: tests, testRows: setup.test.count), exercises: ExerciseText.all(.init(
        again: { lesson.rerunFlags(changing: [$0]) }, epochs: epochs, depth: depth, typo: typo, trials: trials,
        structureOrder: structureOrder, stepTwoBest: structureComparisons.first?.best ?? "-",
        stepTwoVerdicts: structureComparisons.map { ($0.other, $0.isClear ? "clear" : "inconclusive") },
        sigmoidRatio: activationRuns[0].firstToLastRatio,
        typoTarget: before, trainingRows: study.trainingRows, bigTypo: bigTypo, bigTypoTestMAE: bigTypoFit.testMAE,
        bigTypoShift: bigTypoFit.intercept - regression[0].cleanIntercept,
        absoluteTestMAE: regression[1].corruptedTestMAE,
        absoluteShift: regression[1].corruptedIntercept - regression[1].cleanIntercept,
        tunedBest: tunedRows.map { "\($0.name) \(Format.fixed($0.evaluation.score ?? .nan, 3))" })))
}
