// Training-loop tests: determinism, the epoch records and cost accounting, divergence
// as an outcome, early stopping, shape errors, and the article's network on Pima.

import Testing
import LabData
import LabMath
@testable import TrainingEngine

/// The first article's network: Dense(10, relu, 8 inputs) -> Dense(1, sigmoid).
func articleNetwork(learningRate: Double = 0.001, seed: UInt64) throws -> Sequential {
    var rng = SeededGenerator(seed: seed)
    let model = Sequential()
    try model.add(Dense(10, inputDim: 8, activation: .relu))
    try model.add(Dense(1, activation: .sigmoid))
    try model.compile(loss: .binaryCrossEntropy, optimizer: Adam(learningRate: learningRate),
                      metrics: [.accuracy], weightsFrom: &rng)
    return model
}

/// Pima split 60/20/20 (stratified, seed 0) and standardised on the training part.
func pimaSplit() throws -> (train: (Matrix, Matrix), validation: (Matrix, Matrix), test: (Matrix, Matrix)) {
    let pima = try #require(DatasetCatalog.locate()).load("pima-diabetes")
    var rng = SeededGenerator(seed: 0)
    let split = try DataSplitter.stratified(labels: pima.classLabels(), validationFraction: 0.2,
                                            testFraction: 0.2, rng: &rng)
    let scaler = try Standardizer(fittedOn: pima.subset(split.train).features)
    func part(_ rows: [Int]) throws -> (Matrix, Matrix) {
        let d = pima.subset(rows)
        return (try scaler.transform(d.features), columnMatrix(d.targets))
    }
    return (try part(split.train), try part(split.validation), try part(split.test))
}

@Suite("Training")
struct TrainingTests {
    @Test func sameSeedSameWeightsAndHistory() throws {
        let data = try pimaSplit()
        func run() throws -> (TrainingRun, [Matrix]) {
            let model = try articleNetwork(seed: 3)
            var rng = SeededGenerator(seed: 4)
            let history = try model.fit(data.train.0, data.train.1, epochs: 5, batchSize: 10,
                                        validationData: data.validation, rng: &rng)
            return (history, model.weightsSnapshot())
        }
        let (a, weightsA) = try run()
        let (b, weightsB) = try run()
        #expect(a.history == b.history)
        #expect(weightsA == weightsB)
        let c = try articleNetwork(seed: 5)
        #expect(c.weightsSnapshot() != weightsA)
    }

    @Test func everyEpochIsRecordedAndObserved() throws {
        let data = try pimaSplit()
        let model = try articleNetwork(seed: 1)
        var rng = SeededGenerator(seed: 2)
        var observed: [Int] = []
        let n = data.train.0.rows                      // 460 rows, batch 32 -> 15 updates per epoch
        let run = try model.fit(data.train.0, data.train.1, epochs: 3, batchSize: 32,
                                validationData: data.validation, rng: &rng) { observed.append($0.epoch) }
        #expect(observed == [1, 2, 3])
        #expect(run.outcome == .completed(epochs: 3))
        let updatesPerEpoch = (n + 31) / 32
        for record in run.history {
            #expect(record.samplesSeen == n * record.epoch)
            #expect(record.parameterUpdates == updatesPerEpoch * record.epoch)
            #expect(record.learningRate == 0.001)
            #expect(record.validationLoss != nil && record.validationMetrics?.count == 1)
            #expect(record.gradientNorm > 0 && record.layerGradientNorms.count == 2)
            #expect(record.trainingMetrics[0] >= 0 && record.trainingMetrics[0] <= 1)
        }
        // Cost: per example 8*10 (forward) * 2 + 10*1 * 3 for training, plus the
        // validation forward passes (90 per example) after each epoch.
        #expect(model.trainingMultiplyAddsPerSample == 80 * 2 + 10 * 3)
        #expect(run.cost.multiplyAdds == 3 * (n * 190 + data.validation.0.rows * 90))
        #expect(run.cost.updates == 3 * updatesPerEpoch && run.cost.epochs == 3)
    }

    @Test func aHugeLearningRateDivergesAsAnOutcome() throws {
        let data = try pimaSplit()
        var rng = SeededGenerator(seed: 7)
        let model = Sequential()
        try model.add(Dense(10, inputDim: 8, activation: .relu))
        try model.add(Dense(1, activation: .linear))
        try model.compile(loss: .meanSquaredError, optimizer: SGD(learningRate: 50), weightsFrom: &rng)
        let run = try model.fit(data.train.0, data.train.1, epochs: 20, batchSize: 10, rng: &rng)
        // The gradient overflows one mini-batch before the loss would (the overflowed
        // step is not applied, so the run stops there).
        guard case let .diverged(epoch, reason) = run.outcome, case .nonFiniteGradient = reason else {
            Issue.record("expected divergence, got \(run.outcome)")
            return
        }
        #expect(run.history.count == epoch - 1)
        #expect(run.outcome.description.hasPrefix("diverged at epoch \(epoch) (the gradient became NaN"))
        #expect(!run.outcome.isUsable)
    }

    /// Adam with learning rate 50 never produces NaN on Pima (each step is bounded by
    /// the learning rate), but the loss explodes in the first epoch. The factor rule
    /// catches it; without the rule the run "completes" with dead units.
    @Test func anExplodingLossCountsAsDivergedUnderTheFactorRule() throws {
        let data = try pimaSplit()
        var rng = SeededGenerator(seed: 2)
        let withRule = try articleNetwork(learningRate: 50, seed: 1)
        let stopped = try withRule.fit(data.train.0, data.train.1, epochs: 100, batchSize: 10,
                                       divergence: DivergenceRule(lossIncreaseFactor: 10), rng: &rng)
        guard case let .diverged(epoch, .lossExploded(initial, epochLoss, factor)) = stopped.outcome else {
            Issue.record("expected an exploding loss, got \(stopped.outcome)")
            return
        }
        #expect(epoch == 1 && factor == 10 && epochLoss > 10 * initial)
        #expect(stopped.outcome.description.contains("more than 10 times its starting value"))
        var again = SeededGenerator(seed: 2)
        let withoutRule = try articleNetwork(learningRate: 50, seed: 1)
        let completed = try withoutRule.fit(data.train.0, data.train.1, epochs: 5, batchSize: 10, rng: &again)
        #expect(completed.outcome == .completed(epochs: 5))
        // A sane learning rate never trips the rule.
        let sane = try articleNetwork(learningRate: 0.01, seed: 1)
        let fine = try sane.fit(data.train.0, data.train.1, epochs: 20, batchSize: 10,
                                divergence: DivergenceRule(lossIncreaseFactor: 10), rng: &again)
        #expect(fine.outcome == .completed(epochs: 20))
        #expect(DivergenceReason.short(6713.689733) == "6714" && DivergenceReason.short(0.69314) == "0.6931")
    }

    @Test func earlyStoppingRestoresTheBestWeights() throws {
        let data = try pimaSplit()
        // minDelta so large that no epoch after the first counts as an improvement:
        // training must stop after 1 + patience epochs with epoch 1's weights.
        let rule = try EarlyStopping(monitor: .trainingLoss, patience: 2, minDelta: 1e9, restoreBestWeights: true)
        let model = try articleNetwork(seed: 11)
        var rng = SeededGenerator(seed: 12)
        let run = try model.fit(data.train.0, data.train.1, epochs: 50, batchSize: 10, earlyStopping: rule, rng: &rng)
        #expect(run.outcome == .stoppedEarly(epoch: 3, bestEpoch: 1, restoredBestWeights: true))
        #expect(run.history.count == 3)
        // The same seeds trained for exactly one epoch give exactly those weights.
        let reference = try articleNetwork(seed: 11)
        var referenceRng = SeededGenerator(seed: 12)
        try reference.fit(data.train.0, data.train.1, epochs: 1, batchSize: 10, rng: &referenceRng)
        #expect(model.weightsSnapshot() == reference.weightsSnapshot())
    }

    @Test func shapeAndConfigurationErrorsAreClear() throws {
        var rng = SeededGenerator(seed: 1)
        #expect(throws: ModelError.noLayers) { try Sequential().compile(loss: .meanSquaredError, optimizer: SGD(), weightsFrom: &rng) }
        let noInput = try Sequential([Dense(3)])
        #expect(throws: ModelError.missingInputShape(layer: "dense (Dense)")) {
            try noInput.compile(loss: .meanSquaredError, optimizer: SGD(), weightsFrom: &rng)
        }
        let uncompiled = try Sequential([Dense(3, inputDim: 2)])
        #expect(throws: ModelError.notCompiled) { try uncompiled.predict(Matrix(rows: 1, columns: 2)) }
        let model = try Sequential([Dense(4, inputDim: 2, activation: .relu), Dense(3, activation: .softmax)])
        #expect(model.layers.map(\.name) == ["dense", "dense_1"])
        try model.compile(loss: .categoricalCrossEntropy, optimizer: Adam(), weightsFrom: &rng)
        do {
            try model.fit(Matrix(rows: 4, columns: 2), Matrix(rows: 4, columns: 1), epochs: 1, batchSize: 2, rng: &rng)
            Issue.record("expected a shape error")
        } catch let error as ModelError {
            #expect(error.description.contains("one-hot encode"))
        }
        #expect(throws: ModelError.self) {
            try model.fit(Matrix(rows: 4, columns: 5), Matrix(rows: 4, columns: 3), epochs: 1, batchSize: 2, rng: &rng)
        }
        #expect(throws: ModelError.self) {
            try model.fit(Matrix(rows: 4, columns: 2), Matrix(rows: 4, columns: 3), epochs: 1, batchSize: 0, rng: &rng)
        }
        #expect(model.parameterCount == 2 * 4 + 4 + 4 * 3 + 3)
    }

    /// The article's network on Pima, on the very split PROVENANCE.md's reference uses:
    /// scikit-learn's `train_test_split(test_size=0.2, random_state=0, stratify=y)`,
    /// whose 154 test rows are listed below (exported with scikit-learn 1.9.1). There
    /// MLPClassifier with the same network reaches about 0.82 (mean of 3 seeds). Over
    /// ten other random splits its mean is 0.747 with spread 0.038, so split 0 is an
    /// easy one; a correct engine should land near 0.82 on it, not near 0.75.
    @Test func articleNetworkMatchesScikitLearnOnTheSameSplit() throws {
        let pima = try #require(DatasetCatalog.locate()).load("pima-diabetes")
        let testRows = Self.scikitLearnTestRows
        let testSet = Set(testRows)
        let trainRows = (0..<pima.count).filter { !testSet.contains($0) }
        let train = pima.subset(trainRows), test = pima.subset(testRows)
        let scaler = try Standardizer(fittedOn: train.features)
        var accuracies: [Double] = []
        for seed: UInt64 in 0..<3 {
            let model = try articleNetwork(seed: seed)
            var rng = SeededGenerator(seed: seed)
            try model.fit(try scaler.transform(train.features), columnMatrix(train.targets), epochs: 100, batchSize: 10, rng: &rng)
            let scores = try model.evaluate(try scaler.transform(test.features), columnMatrix(test.targets))
            accuracies.append(scores.metrics[0])
        }
        let mean = Statistics.mean(accuracies)
        print("Pima test accuracy on scikit-learn's split, 3 seeds: \(accuracies), mean \(mean) (MLPClassifier: 0.823)")
        #expect(abs(mean - 0.823) < 0.04)
    }

    static let scikitLearnTestRows = [
        8, 27, 43, 50, 54, 56, 58, 59, 68, 69, 74, 78, 80, 87, 92, 108, 109, 113, 125, 128, 132, 134, 136, 139,
        140, 144, 153, 162, 175, 178, 181, 183, 190, 198, 199, 202, 203, 208, 230, 235, 236, 237, 240, 242, 247,
        254, 259, 263, 267, 276, 277, 279, 280, 285, 289, 291, 295, 299, 301, 308, 309, 313, 315, 318, 319, 324,
        328, 331, 333, 339, 344, 360, 386, 390, 391, 392, 393, 407, 414, 418, 425, 426, 427, 431, 433, 441, 449,
        455, 460, 463, 465, 466, 467, 484, 485, 495, 504, 506, 507, 508, 515, 520, 522, 525, 526, 535, 540, 546,
        551, 553, 554, 567, 574, 587, 590, 592, 594, 595, 596, 598, 603, 607, 609, 620, 638, 639, 643, 654, 658,
        662, 668, 677, 678, 680, 684, 685, 692, 697, 703, 705, 708, 710, 713, 714, 719, 720, 723, 732, 736, 737,
        742, 743, 755, 765,
    ]
}
