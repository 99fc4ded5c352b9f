// ModelSelection.swift
//
// What this file teaches: choosing a *model* (structure, activation, loss) with the same
// discipline as choosing hyperparameters. Every candidate is trained on the same folds,
// compared by cross-validated accuracy, and only the final choice is scored on the test
// set. Pixel values are divided by 16 (their maximum), a fixed scale that learns
// nothing from the data, so there is no preprocessing to leak.

import HyperSearch
import LabData
import LabMath
import TrainingEngine

/// A candidate structure for the digits (8 x 8 images, 10 classes).
public enum Architecture: String, Sendable, CaseIterable {
    case logisticRegression = "logistic regression"
    case mlp = "MLP"
    case cnn = "CNN"

    /// Builds the structure; `width` is the MLP's hidden units or the CNN's filters.
    /// - Throws: `ModelError.invalidArgument` for a width below 1.
    public func build(width: Int, activation: Activation = .relu) throws -> Sequential {
        switch self {
        case .logisticRegression:
            return try Sequential([Dense(10, inputDim: 64, activation: .softmax)])
        case .mlp:
            return try Sequential([Dense(width, inputDim: 64, activation: activation), Dense(10, activation: .softmax)])
        case .cnn:
            return try Sequential([Conv2D(width, kernelSize: (3, 3), padding: .same, activation: activation,
                                          inputShape: TensorShape(8, 8, 1)),
                                   MaxPooling2D(poolSize: (2, 2)), Flatten(), Dense(10, activation: .softmax)])
        }
    }

    /// The default width: 64 hidden units, 16 filters (unused by logistic regression).
    public var defaultWidth: Int { self == .cnn ? 16 : 64 }

    /// The Swift lines that build it, for the lesson's code cells.
    public var source: String {
        switch self {
        case .logisticRegression:
            return "try Sequential([Dense(10, inputDim: 64, activation: .softmax)])"
        case .mlp:
            return "try Sequential([Dense(64, inputDim: 64, activation: .relu),\n                Dense(10, activation: .softmax)])"
        case .cnn:
            return "try Sequential([Conv2D(16, kernelSize: (3, 3), padding: .same,\n"
                + "                       activation: .relu, inputShape: TensorShape(8, 8, 1)),\n"
                + "                MaxPooling2D(poolSize: (2, 2)), Flatten(),\n"
                + "                Dense(10, activation: .softmax)])"
        }
    }
}

/// How a candidate is trained.
public struct TrainingRecipe: Sendable, Equatable {
    public var learningRate = 0.003
    public var epochs = 20
    public var batchSize = 32
    public var loss: Loss = .categoricalCrossEntropy
    public init(learningRate: Double = 0.003, epochs: Int = 20, batchSize: Int = 32, loss: Loss = .categoricalCrossEntropy) {
        self.learningRate = learningRate
        self.epochs = epochs
        self.batchSize = batchSize
        self.loss = loss
    }
}

/// The digits split once: training rows with fixed folds, and held-out test rows.
public struct DigitsSetup {
    public let training: Dataset
    public let test: Dataset
    public let crossValidation: CrossValidation
    public let seed: UInt64

    public init(digits: Dataset, testFraction: Double = 0.2, folds: Int = 3, seed: UInt64) throws {
        let parts = try HeldOutFolds(digits, testFraction: testFraction, folds: folds, seed: seed)
        (training, test, crossValidation) = (parts.training, parts.test, parts.crossValidation)
        self.seed = seed
    }

    /// Checks that `digits` has the shape this lesson's networks assume, before any
    /// training: 64 pixel columns (an 8 x 8 image, row by row) with values 0 to 16, a
    /// label 0 to 9 in the last column, at least `minimumRows` rows, at least two
    /// digits, and `minimumPerClass` rows of each digit that occurs (as the yes/no
    /// lessons check their two classes).
    /// - Throws: `DataError` naming the first row (and column) or class at fault.
    public static func check(_ digits: Dataset, minimumRows: Int = 50, minimumPerClass: Int = 6) throws {
        guard digits.featureCount == 64 else {
            throw DataError.invalidArgument("\(digits.name): this lesson needs 8 x 8 images, 64 pixel columns and the "
                                            + "label last; the file has \(digits.featureCount) feature columns")
        }
        guard digits.count >= minimumRows else {
            throw DataError.invalidArgument("\(digits.name): \(digits.count) rows; the splits and folds need at least "
                                            + "\(minimumRows)")
        }
        for row in 0..<digits.count {
            let label = digits.targets[row]
            guard label >= 0, label <= 9, label == label.rounded() else {
                throw DataError.invalidArgument("\(digits.name): data row \(row + 1) (line \(row + 2)) has label "
                                                + "\(label); the networks have 10 outputs, for digits 0 to 9")
            }
            for column in 0..<64 where !(0...16).contains(digits.features[row, column]) {
                throw DataError.invalidArgument("\(digits.name): data row \(row + 1) (line \(row + 2)), column "
                                                + "\(column + 1) ('\(digits.featureNames[column])') is "
                                                + "\(digits.features[row, column]); pixels must be 0 to 16")
            }
        }
        do {
            _ = try digits.classLabels(minimumPerClass: minimumPerClass)
        } catch let error as DataError {
            throw DataError.invalidArgument("\(digits.name): \(error)")
        }
    }

    /// Pixels divided by 16 and one-hot labels for some rows of `data`.
    public static func matrices(_ data: Dataset, rows: [Int]? = nil) throws -> (x: Matrix, y: Matrix) {
        let part = rows.map { data.subset($0) } ?? data
        return (part.features.map { $0 / 16 }, try oneHot(try part.classLabels(), classCount: 10))
    }

    /// Trains a fresh model on one fold; returns the run, the model and its validation accuracy.
    public func trainFold(_ architecture: Architecture, width: Int, activation: Activation = .relu, recipe: TrainingRecipe,
                          fold index: Int) throws -> (run: TrainingRun, model: Sequential, accuracy: Double) {
        try trainFold(build: { try architecture.build(width: width, activation: activation) }, recipe: recipe, fold: index)
    }

    /// Trains the model `build` makes on one fold (any structure: the lesson also trains
    /// the second article's corrected model this way).
    public func trainFold(build: () throws -> Sequential, recipe: TrainingRecipe,
                          fold index: Int) throws -> (run: TrainingRun, model: Sequential, accuracy: Double) {
        let fold = crossValidation.folds[index]
        let train = try Self.matrices(training, rows: fold.trainIndices)
        let validation = try Self.matrices(training, rows: fold.validationIndices)
        var rng = SeededGenerator(seed: seed, stream: UInt64(index) &+ 200)
        let model = try build()
        try model.compile(loss: recipe.loss, optimizer: Adam(learningRate: recipe.learningRate), metrics: [.accuracy],
                          weightsFrom: &rng)
        let run = try model.fit(train.x, train.y, epochs: recipe.epochs, batchSize: recipe.batchSize,
                                validationData: validation, divergence: DivergenceRule(lossIncreaseFactor: 10), rng: &rng)
        let accuracy = run.outcome.isUsable ? try model.evaluate(validation.x, validation.y).metrics[0] : .nan
        return (run, model, accuracy)
    }

    /// Cross-validated accuracy of a candidate, as a search evaluation (fold scores and cost).
    public func crossValidate(_ architecture: Architecture, width: Int, activation: Activation = .relu,
                              recipe: TrainingRecipe) -> Evaluation {
        crossValidate(build: { try architecture.build(width: width, activation: activation) }, recipe: recipe)
    }

    /// Cross-validated accuracy of the model `build` makes.
    public func crossValidate(build: () throws -> Sequential, recipe: TrainingRecipe) -> Evaluation {
        crossValidation.evaluate { index, _ in
            let fold = try trainFold(build: build, recipe: recipe, fold: index)
            let cost = SearchCost(epochs: fold.run.cost.epochs, updates: fold.run.cost.updates)
            guard fold.run.outcome.isUsable else { return .diverged("\(fold.run.outcome)", cost: cost) }
            return .score(fold.accuracy, cost: cost)
        }
    }

    /// An objective over `learningRate` and `width` for one structure (for brief tuning).
    public func objective(_ architecture: Architecture, recipe: TrainingRecipe) -> Objective {
        Objective(name: "\(architecture.rawValue): mean CV accuracy", direction: .maximize) { configuration in
            var r = recipe
            r.learningRate = try configuration.double("learningRate")
            let width = configuration["width"] == nil ? architecture.defaultWidth : try configuration.integer("width")
            return self.crossValidate(architecture, width: width, recipe: r)
        }
    }

    /// Trains on all training rows and scores the test rows once.
    public func finalTest(_ architecture: Architecture, width: Int, recipe: TrainingRecipe)
        throws -> (accuracy: Double, model: Sequential, run: TrainingRun) {
        let train = try Self.matrices(training), test = try Self.matrices(self.test)
        var rng = SeededGenerator(seed: seed, stream: 999)
        let model = try architecture.build(width: width)
        try model.compile(loss: recipe.loss, optimizer: Adam(learningRate: recipe.learningRate), metrics: [.accuracy],
                          weightsFrom: &rng)
        let run = try model.fit(train.x, train.y, epochs: recipe.epochs, batchSize: recipe.batchSize, rng: &rng)
        return (try model.evaluate(test.x, test.y).metrics[0], model, run)
    }
}
