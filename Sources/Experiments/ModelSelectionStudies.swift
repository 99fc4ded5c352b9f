// ModelSelectionStudies.swift
//
// What this file teaches: three controlled experiments, each changing one thing.
//
//   activation   the same deep network with sigmoid, tanh or ReLU, and the gradient norm
//                of each layer measured during the first epoch: the chain rule
//                multiplies one activation derivative per layer, at most 1/4 for the
//                sigmoid, so the first layers of a sigmoid stack receive little gradient
//   loss (class) cross-entropy against mean squared error on softmax outputs
//   loss (reg.)  mean absolute against mean squared error on diabetes progression, and
//                what one wrong target (an extra zero) does to each

import LabData
import LabMath
import TrainingEngine

public enum ModelSelectionStudies {
    /// One activation's result: its run on fold 0 and the first epoch's gradient norm per
    /// Dense layer (input side first).
    public struct ActivationResult {
        public let activation: Activation
        public let run: TrainingRun
        public let firstEpochLayerNorms: [Double]
        public let validationAccuracy: Double
    }

    /// A 4-hidden-layer MLP (64 -> 32 -> 32 -> 32 -> 32 -> 10) with each activation, trained
    /// on fold 0 of `setup` with Adam.
    public static func activations(_ setup: DigitsSetup, epochs: Int) throws -> [ActivationResult] {
        let fold = setup.crossValidation.folds[0]
        let train = try DigitsSetup.matrices(setup.training, rows: fold.trainIndices)
        let validation = try DigitsSetup.matrices(setup.training, rows: fold.validationIndices)
        return try [Activation.sigmoid, .tanh, .relu].map { activation in
            var rng = SeededGenerator(seed: setup.seed, stream: 300)
            let model = try Sequential([Dense(32, inputDim: 64, activation: activation), Dense(32, activation: activation),
                                        Dense(32, activation: activation), Dense(32, activation: activation),
                                        Dense(10, activation: .softmax)])
            try model.compile(loss: .categoricalCrossEntropy, optimizer: Adam(learningRate: 0.001), metrics: [.accuracy],
                              weightsFrom: &rng)
            let run = try model.fit(train.x, train.y, epochs: epochs, batchSize: 32, validationData: validation, rng: &rng)
            return ActivationResult(activation: activation, run: run, firstEpochLayerNorms: run.history.first?.layerGradientNorms ?? [],
                                    validationAccuracy: run.last?.validationMetrics?[0] ?? .nan)
        }
    }

    /// Cross-entropy against mean squared error for the MLP on fold 0: the runs.
    public static func classificationLosses(_ setup: DigitsSetup, epochs: Int) throws -> [(loss: Loss, run: TrainingRun)] {
        try [Loss.categoricalCrossEntropy, .meanSquaredError].map { loss in
            let result = try setup.trainFold(.mlp, width: 64, recipe: TrainingRecipe(learningRate: 0.003, epochs: epochs, loss: loss),
                                             fold: 0)
            return (loss, result.run)
        }
    }

    /// The regression experiment's numbers.
    public struct RegressionResult {
        public let loss: Loss
        public let cleanTestMAE: Double
        public let corruptedTestMAE: Double
        public let cleanIntercept: Double
        public let corruptedIntercept: Double
    }

    /// Checks, before any training, that `data` can take the regression experiment:
    /// at least `minimumRows` rows (a fifth are test rows), and targets small enough that
    /// the typo (the largest training target times 10) is still a finite number.
    /// - Throws: `DataError.invalidArgument` naming the dataset and the row at fault.
    public static func checkRegressionData(_ data: Dataset, minimumRows: Int = 20) throws {
        guard data.count >= minimumRows else {
            throw DataError.invalidArgument("\(data.name): \(data.count) rows; the regression experiment needs at least "
                                            + "\(minimumRows) (a fifth of them are test rows)")
        }
        if let row = data.targets.firstIndex(where: { !(10 * $0).isFinite }) {
            throw DataError.invalidArgument("\(data.name): target '\(data.targetName)' in data row \(row + 1) (line "
                                            + "\(row + 2)) is \(data.targets[row]); ten times it (the lesson's typo) is "
                                            + "beyond the largest double")
        }
    }

    /// A linear model (Dense(1) on standardised features) trained with MSE and with MAE on
    /// diabetes progression, before and after one training target gains an extra zero
    /// (the largest target, times 10). Scored by mean absolute error on the test rows.
    public static func regressionLosses(_ data: Dataset, seed: UInt64, epochs: Int)
        throws -> (results: [RegressionResult], trainingRows: Int, before: Double, after: Double) {
        try checkRegressionData(data)
        var rng = SeededGenerator(seed: seed)
        let split = try DataSplitter.shuffled(count: data.count, validationFraction: 0, testFraction: 0.2, rng: &rng)
        let train = data.subset(split.train), test = data.subset(split.test)
        let scaler = try Standardizer(fittedOn: train.features)
        let (xTrain, xTest) = (try scaler.transform(train.features), try scaler.transform(test.features))
        let row = Statistics.indexOfMaximum(train.targets)!
        var corrupted = train.targets
        corrupted[row] *= 10
        func fit(_ loss: Loss, _ targets: [Double]) throws -> (mae: Double, intercept: Double) {
            var r = SeededGenerator(seed: seed, stream: 400)
            let model = try Sequential([Dense(1, inputDim: data.featureCount)])
            try model.compile(loss: loss, optimizer: Adam(learningRate: 0.3), metrics: [.meanAbsoluteError], weightsFrom: &r)
            try model.fit(xTrain, columnMatrix(targets), epochs: epochs, batchSize: 32, rng: &r)
            return (try model.evaluate(xTest, columnMatrix(test.targets)).metrics[0], model.weightsSnapshot()[1].elements[0])
        }
        let results = try [Loss.meanSquaredError, .meanAbsoluteError].map { loss in
            let clean = try fit(loss, train.targets), dirty = try fit(loss, corrupted)
            return RegressionResult(loss: loss, cleanTestMAE: clean.mae, corruptedTestMAE: dirty.mae,
                                    cleanIntercept: clean.intercept, corruptedIntercept: dirty.intercept)
        }
        return (results, train.count, train.targets[row], corrupted[row])
    }
}
