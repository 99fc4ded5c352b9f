// ModelSelection.swift
//
// What this file teaches: choosing a *model* (structure, activation, loss) with the same
// discipline as choosing hyperparameters. Every candidate is trained on the same folds,
// compared by cross-validated accuracy, and only the final choice is scored on the test
// set. Pixel values are divided by 16 (their maximum), a fixed scale that learns
// nothing from the data, so there is no preprocessing to leak.
//
// The structures themselves are defined in main.swift, where the student reads them;
// this file holds what every candidate shares: the split, the folds, how one fold is
// trained, and the data checks made before anything runs.

import Experiments
import HyperSearch
import LabData
import LabMath
import TrainingEngine

/// A candidate structure: its name and how to build a fresh, untrained network of a
/// given size (hidden units or filters; ignored by a structure without a size).
struct Structure {
    let name: String
    /// What the size counts ("units", "filters"), nil for a structure without one.
    let sizeName: String?
    /// The size step 2 trains.
    let defaultSize: Int
    /// The sizes step 5 searches (log-uniformly), nil for a structure without a size.
    let sizes: ClosedRange<Int>?
    /// A new network of the given size, every time it is called (a trained network
    /// keeps its weights, so each fold needs its own).
    let build: (Int) throws -> Sequential

    init(_ name: String, size sizeName: String? = nil, defaultSize: Int = 0, sizes: ClosedRange<Int>? = nil,
         build: @escaping (Int) throws -> Sequential) {
        self.name = name
        self.sizeName = sizeName
        self.defaultSize = defaultSize
        self.sizes = sizes
        self.build = build
    }

    /// The size a search configuration asks for (the default when it has none).
    func size(in configuration: Configuration) throws -> Int {
        guard let sizeName, configuration[sizeName] != nil else { return defaultSize }
        return try configuration.integer(sizeName)
    }

    /// "MLP (79 units)", or the bare name for a structure without a size.
    func label(size: Int) -> String {
        sizeName.map { "\(name) (\(size) \($0))" } ?? name
    }

    /// Trainable parameters and training multiply-adds per example of the network at
    /// `size`. Both need the layers built, so a throwaway copy is compiled.
    func cost(size: Int) throws -> (parameters: Int, multiplyAdds: Int) {
        try DigitsSetup.cost(of: build(size))
    }
}

/// How a candidate is trained.
struct TrainingRecipe: Sendable, Equatable {
    var learningRate = 0.003
    var epochs = 20
    var batchSize = 32
    var loss: Loss = .categoricalCrossEntropy
}

/// The digits split once: training rows with fixed folds, and held-out test rows.
struct DigitsSetup {
    let training: Dataset
    let test: Dataset
    let crossValidation: CrossValidation
    let seed: UInt64

    init(digits: Dataset, testFraction: Double = 0.2, folds: Int = 3, seed: UInt64) throws {
        let parts = try HeldOutFolds(digits, testFraction: testFraction, folds: folds, seed: seed)
        (training, test, crossValidation) = (parts.training, parts.test, parts.crossValidation)
        self.seed = seed
    }

    /// The fewest rows of each class the lesson accepts with `folds` folds: enough for a
    /// stratified test split and a few rows of the class in every fold (Lessons 1 to 4
    /// use the same rule).
    static func minimumPerClass(folds: Int) -> Int { max(5, 2 * folds) }

    /// Checks that `digits` has the shape this lesson's networks assume, before any
    /// training: 64 pixel columns (an 8 x 8 image, row by row) with values 0 to 16, a
    /// label 0 to 9 in the last column, at least two classes, and at least
    /// `minimumPerClass(folds:)` rows of every class present.
    /// - Throws: `DataError` naming the first row (and column) or class at fault.
    static func check(_ digits: Dataset, folds: Int) throws {
        guard digits.featureCount == 64 else {
            throw DataError.invalidArgument("\(digits.name): this lesson needs 8 x 8 images, 64 pixel columns and the "
                                            + "label last; the file has \(digits.featureCount) feature columns")
        }
        var counts = [Int](repeating: 0, count: 10)
        for row in 0..<digits.count {
            let label = digits.targets[row]
            guard label >= 0, label <= 9, label == label.rounded() else {
                throw DataError.invalidArgument("\(digits.name): data row \(row + 1) (line \(row + 2)) has label "
                                                + "\(label); the networks have 10 outputs, for digits 0 to 9")
            }
            counts[Int(label)] += 1
            for column in 0..<64 where !(0...16).contains(digits.features[row, column]) {
                throw DataError.invalidArgument("\(digits.name): data row \(row + 1) (line \(row + 2)), column "
                                                + "\(column + 1) ('\(digits.featureNames[column])') is "
                                                + "\(digits.features[row, column]); pixels must be 0 to 16")
            }
        }
        let present = counts.indices.filter { counts[$0] > 0 }
        guard present.count >= 2 else {
            throw DataError.invalidArgument("\(digits.name): every row has label \(present.first ?? 0); choosing "
                                            + "between models needs at least two classes (with one, any model that "
                                            + "always answers it scores 1.000)")
        }
        let needed = minimumPerClass(folds: folds)
        if let thin = present.first(where: { counts[$0] < needed }) {
            let problem = DataError.tooFewRowsInClass(targetName: digits.targetName, label: thin, found: counts[thin],
                                                      needed: needed)
            throw DataError.invalidArgument("\(digits.name): \(problem)")
        }
    }

    /// Pixels divided by 16 and one-hot labels for some rows of `data`.
    static func matrices(_ data: Dataset, rows: [Int]? = nil) throws -> (x: Matrix, y: Matrix) {
        let part = rows.map { data.subset($0) } ?? data
        return (part.features.map { $0 / 16 }, try oneHot(try part.classLabels(), classCount: 10))
    }

    /// Parameters and training multiply-adds per example of `model` (compiled here
    /// with a throwaway generator: the counts do not depend on the weights).
    static func cost(of model: Sequential) throws -> (parameters: Int, multiplyAdds: Int) {
        var rng = SeededGenerator(seed: 0)
        try model.compile(loss: .categoricalCrossEntropy, optimizer: Adam(), weightsFrom: &rng)
        return (model.parameterCount, model.trainingMultiplyAddsPerSample)
    }

    /// Trains the model `build` makes on fold `index` (0-based) and scores it on the
    /// fold's validation rows. Fold f's initial weights and batch order come from
    /// stream 200 + f of the seed, the same for every candidate.
    /// - Parameter curves: score the validation rows after every epoch too (for a
    ///   learning curve). Off, they are scored once, after training: a cross-validation
    ///   needs only that, and it saves a forward pass over them per epoch.
    func trainFold(recipe: TrainingRecipe, fold index: Int, curves: Bool = false,
                   build: () throws -> Sequential) throws -> (run: TrainingRun, model: Sequential, accuracy: Double) {
        let fold = crossValidation.folds[index]
        let train = try Self.matrices(training, rows: fold.trainIndices)
        let validation = try Self.matrices(training, rows: fold.validationIndices)
        var rng = SeededGenerator(seed: seed, stream: 200 + UInt64(index))
        let model = try build()
        try model.compile(loss: recipe.loss, optimizer: try Adam(learningRate: recipe.learningRate), metrics: [.accuracy],
                          weightsFrom: &rng)
        var run = try model.fit(train.x, train.y, epochs: recipe.epochs, batchSize: recipe.batchSize,
                                validationData: curves ? validation : nil, divergence: DivergenceRule(lossIncreaseFactor: 10),
                                rng: &rng)
        guard run.outcome.isUsable else { return (run, model, .nan) }
        let scores = try model.evaluate(validation.x, validation.y)
        // Weights can blow up while the training loss (a running mean) is still finite;
        // a non-finite validation loss is divergence too, as `fit` judges it per epoch.
        guard scores.loss.isFinite else {
            run.outcome = .diverged(epoch: run.history.count, reason: .nonFiniteValidationLoss)
            return (run, model, .nan)
        }
        return (run, model, scores.metrics[0])
    }

    /// Cross-validated accuracy of the model `build` makes: one training per fold, the
    /// fold scores kept (a search evaluation, with its cost).
    func crossValidate(recipe: TrainingRecipe, build: () throws -> Sequential) -> Evaluation {
        crossValidation.evaluate { index, _ in
            let fold = try trainFold(recipe: recipe, fold: index, build: build)
            let cost = SearchCost(epochs: fold.run.cost.epochs, updates: fold.run.cost.updates)
            guard fold.run.outcome.isUsable else { return .diverged("\(fold.run.outcome)", cost: cost) }
            return .score(fold.accuracy, cost: cost)
        }
    }

    /// An objective over `learningRate` and the structure's size, for brief tuning.
    func objective(_ structure: Structure, recipe: TrainingRecipe) -> Objective {
        Objective(name: "\(structure.name): mean CV accuracy", direction: .maximize) { configuration in
            var r = recipe
            r.learningRate = try configuration.double("learningRate")
            let size = try structure.size(in: configuration)
            return self.crossValidate(recipe: r) { try structure.build(size) }
        }
    }

    /// Trains the model `build` makes on all training rows and scores the test rows
    /// once: the accuracy and the number of test images it got right (NaN and 0 if the
    /// training diverged).
    func finalTest(recipe: TrainingRecipe, build: () throws -> Sequential) throws -> (accuracy: Double, correct: Int) {
        let train = try Self.matrices(training), test = try Self.matrices(self.test)
        var rng = SeededGenerator(seed: seed, stream: 999)
        let model = try build()
        try model.compile(loss: recipe.loss, optimizer: try Adam(learningRate: recipe.learningRate), metrics: [.accuracy],
                          weightsFrom: &rng)
        let run = try model.fit(train.x, train.y, epochs: recipe.epochs, batchSize: recipe.batchSize, rng: &rng)
        guard run.outcome.isUsable else { return (.nan, 0) }
        let accuracy = try model.evaluate(test.x, test.y).metrics[0]
        // Accuracy is (images right) / (images); the count makes ties exact.
        return (accuracy, Int((accuracy * Double(self.test.count)).rounded()))
    }
}
