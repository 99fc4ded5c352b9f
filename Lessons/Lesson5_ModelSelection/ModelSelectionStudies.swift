// ModelSelectionStudies.swift
//
// What this file teaches: controlled experiments, each changing one thing (main.swift
// runs them; this file holds their records and the regression's data handling).
//
//   activation   the same deep network with sigmoid, tanh or ReLU, and the gradient norm
//                of each layer measured during the first epoch: the chain rule
//                multiplies one activation derivative per layer, at most 1/4 for the
//                sigmoid, so the first layers of a sigmoid stack receive little gradient
//   loss (class) cross-entropy against mean squared error on softmax outputs
//   loss (reg.)  mean absolute against mean squared error on diabetes progression, and
//                what one wrong target (the largest, multiplied by a factor) does to each

import LabData
import LabMath
import TrainingEngine

/// One activation's run on fold 1 of the digits.
struct ActivationRun {
    let activation: Activation
    let run: TrainingRun
    let validationAccuracy: Double

    /// The first epoch's gradient norm per layer with weights (input side first).
    var firstEpochLayerNorms: [Double] { run.history.first?.layerGradientNorms ?? [] }

    /// The first layer's gradient norm divided by the last layer's (NaN if unknown).
    var firstToLastRatio: Double {
        let norms = firstEpochLayerNorms
        return norms.count > 1 ? norms[0] / norms[norms.count - 1] : .nan
    }
}

/// A regression split once, features standardised with the training rows' statistics,
/// ready to fit a linear model with any loss and any (possibly corrupted) targets.
struct RegressionStudy {
    /// The name of the dataset the lesson loads for step 4.
    static let datasetName = "diabetes-progression"

    let trainingRows: Int
    /// The training targets as loaded.
    let targets: [Double]
    private let xTrain: Matrix, xTest: Matrix, testTargets: [Double]
    private let seed: UInt64

    /// Loads step 4's regression data from `catalog` and checks what the study needs,
    /// so that a missing or unsuitable file stops the lesson before step 1.
    /// - Parameter typo: the factor step 4 multiplies the largest training target by; the
    ///   product must still be a finite number.
    /// - Throws: `DataError` (no catalog, no file, a malformed file, too few rows, a
    ///   target whose typo would overflow).
    static func load(from catalog: DatasetCatalog?, typo: Int) throws -> Dataset {
        guard let catalog else {
            throw DataError.invalidArgument("cannot find the datasets/ folder (step 4 needs \(datasetName).csv); run "
                                            + "from the TuningLab package or set TUNINGLAB_DATASETS")
        }
        let data = try catalog.load(datasetName)
        // 20% test rows and a training part large enough for a linear fit.
        guard data.count >= 20 else {
            throw DataError.invalidArgument("\(data.name): \(data.count) rows; step 4's regression needs at least 20")
        }
        if let row = data.targets.firstIndex(where: { !(Double(typo) * $0).isFinite }) {
            throw DataError.invalidArgument("\(data.name): target '\(data.targetName)' in data row \(row + 1) (line "
                                            + "\(row + 2)) is \(data.targets[row]); \(typo) times it (step 4's typo) is "
                                            + "beyond the largest double")
        }
        return data
    }

    /// Splits `data` (80% training rows, seeded) and standardises the features.
    init(_ data: Dataset, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let split = try DataSplitter.shuffled(count: data.count, validationFraction: 0, testFraction: 0.2, rng: &rng)
        let train = data.subset(split.train), test = data.subset(split.test)
        let scaler = try Standardizer(fittedOn: train.features)
        (xTrain, xTest) = (try scaler.transform(train.features), try scaler.transform(test.features))
        (targets, testTargets, trainingRows) = (train.targets, test.targets, train.count)
        self.seed = seed
    }

    /// The training row with the largest target, the one the typo hits.
    var largestTargetRow: Int { Statistics.indexOfMaximum(targets) ?? 0 }

    /// Fits Dense(1) (a linear model: one weight per feature plus an intercept) with
    /// `loss` on `targets`, by Adam with learning rate `learningRate`, batches of 32.
    /// - Returns: the mean absolute error on the test rows, and the fitted intercept.
    func fit(_ loss: Loss, targets: [Double], epochs: Int,
             learningRate: Double) throws -> (testMAE: Double, intercept: Double) {
        var rng = SeededGenerator(seed: seed, stream: 400)
        let model = Sequential([try Dense(1, inputDim: xTrain.columns)])
        try model.compile(loss: loss, optimizer: try Adam(learningRate: learningRate), metrics: [.meanAbsoluteError],
                          weightsFrom: &rng)
        try model.fit(xTrain, columnMatrix(targets), epochs: epochs, batchSize: 32, rng: &rng)
        // The parameters are [kernel, bias]; the bias is the intercept.
        return (try model.evaluate(xTest, columnMatrix(testTargets)).metrics[0], model.weightsSnapshot()[1].elements[0])
    }

    /// One loss's numbers before and after the typo.
    struct Result {
        let loss: Loss
        let cleanTestMAE: Double
        let corruptedTestMAE: Double
        let cleanIntercept: Double
        let corruptedIntercept: Double
    }
}
