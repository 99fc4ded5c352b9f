// Issue 8, the training engine as a hostile user meets it: layers of zero units,
// negative learning rates and patience, targets that are not probabilities, NaN in the
// data, and gradients or weights that become NaN while the loss still looks fine. Each
// test is named after the item it covers and failed (or trapped) before its fix.

import Testing
import LabMath
import TestSupport
@testable import TrainingEngine

/// A pass-through layer with one weight whose backward pass reports a NaN gradient:
/// the loss stays finite, as it does when ReLU's max(0, z) hides a NaN from it.
final class NaNGradientLayer: Layer {
    let kind = "NaNGradient"
    var name = "nan_gradient"
    let declaredInputShape: TensorShape?
    let weight = Parameter(name: "nan_gradient/w", value: Matrix([[1]]))
    private(set) var output = Matrix(rows: 0, columns: 0)
    private(set) var inputGradient = Matrix(rows: 0, columns: 0)

    init(inputs: Int) { declaredInputShape = TensorShape(inputs) }
    func outputShape(for inputShape: TensorShape) throws -> TensorShape { inputShape }
    func parameterCount(inputShape: TensorShape) -> Int { 1 }
    func build(inputShape: TensorShape, rng: inout SeededGenerator) throws {}
    var parameters: [Parameter] { [weight] }
    var forwardMultiplyAdds: Int { 0 }
    func forward(_ input: Matrix) { output = input }
    func backward(input: Matrix, outputGradient: Matrix, computeInputGradient: Bool) {
        weight.gradient = Matrix([[.nan]])
        inputGradient = outputGradient
    }
}

@Suite("Hostile input: training engine")
struct HostileInputTrainingTests {
    /// A compiled 2 -> 3 (relu) -> 1 (sigmoid) network with binary cross-entropy.
    func smallNetwork(seed: UInt64 = 1) throws -> Sequential {
        var rng = SeededGenerator(seed: seed)
        let model = try Sequential([Dense(3, inputDim: 2, activation: .relu), Dense(1, activation: .sigmoid)])
        try model.compile(loss: .binaryCrossEntropy, optimizer: Adam(learningRate: 0.01), metrics: [.accuracy],
                          weightsFrom: &rng)
        return model
    }

    let x = Matrix([[0, 1], [1, 0], [1, 1], [0, 0]])
    let y = Matrix([[1], [1], [0], [0]])

    @Test func item3_5_layerInitialisersThrowNamingTheArgument() {
        #expect(thrownMessage { _ = try Dense(0, inputDim: 2) } == "Dense(0, ...): units must be at least 1, got 0")
        #expect(thrownMessage { _ = try Dense(3, inputDim: 0) }?.contains("inputDim must be at least 1, got 0") == true)
        #expect(thrownMessage { _ = try Conv2D(0, kernelSize: (3, 3)) }?.contains("filters must be at least 1") == true)
        #expect(thrownMessage { _ = try Conv2D(4, kernelSize: (0, 3)) }?.contains("kernel sides") == true)
        #expect(thrownMessage { _ = try MaxPooling2D(poolSize: (2, -1)) }?.contains("pool sides") == true)
        #expect(thrownMessage { _ = try MaxPooling2D(poolSize: (2, 2), strides: (0, 1)) }?.contains("strides") == true)
        // A shape no memory could hold, or with a zero side, is refused at compile time
        // (its size used to overflow Int).
        var rng = SeededGenerator(seed: 1)
        #expect(thrownMessage {
            let huge = try Sequential([Dense(2, inputDim: Int.max)])
            try huge.compile(loss: .meanSquaredError, optimizer: SGD(), weightsFrom: &rng)
        }?.contains("values per example") == true)
        #expect(thrownMessage {
            let flat = try Sequential([Flatten(inputShape: TensorShape(4, 0, 1)), Dense(2)])
            try flat.compile(loss: .meanSquaredError, optimizer: SGD(), weightsFrom: &rng)
        }?.contains("must be at least 1") == true)
    }

    @Test func item4_10_optimizerAndEarlyStoppingArgumentsAreChecked() throws {
        #expect(thrownMessage { _ = try Adam(learningRate: -0.5) }
                == "Adam(learningRate: -0.5): the learning rate must be a finite number >= 0, got -0.5")
        for bad in [Double.nan, .infinity] {
            #expect(thrownMessage { _ = try Adam(learningRate: bad) } != nil, "\(bad)")
            #expect(thrownMessage { _ = try SGD(learningRate: bad) } != nil, "\(bad)")
        }
        #expect(thrownMessage { _ = try Adam(beta1: 1) } != nil)
        #expect(thrownMessage { _ = try Adam(epsilon: 0) } != nil)
        #expect(thrownMessage { _ = try SGD(momentum: -0.1) } != nil)
        #expect(thrownMessage { _ = try EarlyStopping(patience: -3) }
                == "EarlyStopping(patience: -3): patience must be at least 0 epochs")
        #expect(thrownMessage { _ = try EarlyStopping(minDelta: .nan) } != nil)
        // Settings are variables: fit checks them again.
        let model = try smallNetwork()
        model.optimizer.learningRate = -1
        var rng = SeededGenerator(seed: 2)
        #expect(thrownMessage { try model.fit(x, y, epochs: 1, batchSize: 2, rng: &rng) }?
                    .contains("the learning rate must be a finite number >= 0") == true)
        model.optimizer.learningRate = 0.01
        var stop = try EarlyStopping(monitor: .trainingLoss)
        stop.patience = -1
        #expect(thrownMessage { try model.fit(x, y, epochs: 1, batchSize: 2, earlyStopping: stop, rng: &rng) } != nil)
        #expect(thrownMessage {
            try model.fit(x, y, epochs: 1, batchSize: 2, divergence: DivergenceRule(lossIncreaseFactor: .nan), rng: &rng)
        } != nil)
    }

    @Test func item4_10_crossEntropyTargetsMustBeProbabilities() throws {
        let model = try smallNetwork()
        var rng = SeededGenerator(seed: 3)
        let message = thrownMessage { try model.fit(x, Matrix([[1], [2], [0], [0]]), epochs: 1, batchSize: 2, rng: &rng) }
        #expect(message == "binary_crossentropy compares probabilities, so training targets must be between 0 and 1; "
                + "row 2, column 1 is 2.0")
        #expect(thrownMessage { _ = try model.evaluate(x, Matrix([[1], [-1], [0], [0]])) } != nil)
    }

    @Test func item4_6_nonFiniteInputsAndTargetsAreRefusedUpFront() throws {
        let model = try smallNetwork()
        var rng = SeededGenerator(seed: 4)
        var poisoned = x
        poisoned[2, 1] = .nan
        // With a ReLU first layer this run used to "complete" with a NaN gradient norm.
        #expect(thrownMessage { try model.fit(poisoned, y, epochs: 3, batchSize: 2, rng: &rng) }
                == "training inputs: row 3, column 2 is nan; every value must be a finite number")
        #expect(thrownMessage { try model.fit(x, y, epochs: 3, batchSize: 2, validationData: (poisoned, y), rng: &rng) }?
                    .hasPrefix("validation inputs: row 3, column 2 is nan") == true)
        // evaluate() used to return a finite loss for a batch with a NaN row.
        #expect(thrownMessage { _ = try model.evaluate(poisoned, y) } != nil)
        #expect(thrownMessage { _ = try model.predict(poisoned) } != nil)
        let regression = try Sequential([Dense(1, inputDim: 2)])
        try regression.compile(loss: .meanSquaredError, optimizer: SGD(), weightsFrom: &rng)
        #expect(thrownMessage { try regression.fit(x, Matrix([[1], [.infinity], [0], [0]]), epochs: 1, batchSize: 2, rng: &rng) }
                == "training targets: row 2, column 1 is inf; every value must be a finite number")
    }

    @Test func item4_6_aNonFiniteGradientOrWeightIsDivergence() throws {
        var rng = SeededGenerator(seed: 5)
        let model = try Sequential([NaNGradientLayer(inputs: 2), Dense(1, activation: .sigmoid)])
        try model.compile(loss: .binaryCrossEntropy, optimizer: Adam(), weightsFrom: &rng)
        let run = try model.fit(x, y, epochs: 3, batchSize: 4, rng: &rng)
        #expect(run.outcome == .diverged(epoch: 1, reason: .nonFiniteGradient(batch: 1)))
        #expect(run.outcome.description == "diverged at epoch 1 (the gradient became NaN or infinite at mini-batch 1)")
        // A NaN weight behind a ReLU leaves loss and gradient finite; the weight check
        // at the end of the epoch ends the run.
        let network = try smallNetwork()
        network.layers[0].parameters[0].value[0, 0] = .nan
        let broken = try network.fit(x, y, epochs: 3, batchSize: 4, rng: &rng)
        #expect(broken.outcome == .diverged(epoch: 1, reason: .nonFiniteWeights))
    }

    @Test func extra_predictAndEvaluateRefuseABatchSizeBelowOne() throws {
        // A batch size of 0 looped forever; a negative one trapped.
        let model = try smallNetwork()
        for size in [0, -5] {
            #expect(thrownMessage { _ = try model.predict(x, batchSize: size) }
                    == "predict(batchSize: \(size)): the batch size must be at least 1")
            #expect(thrownMessage { _ = try model.evaluate(x, y, batchSize: size) } != nil)
        }
    }
}
