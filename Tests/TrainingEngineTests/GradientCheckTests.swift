// Finite-difference gradient checks for every activation (hidden and output) and every
// loss, fused and unfused, through a two-layer Dense network. Double precision.

import Testing
import LabMath
@testable import TrainingEngine

@Suite("Gradient checks")
struct GradientCheckTests {
    /// Output activation and loss pairs. Sigmoid + binary and softmax + categorical take
    /// the fused logit route; the others go through the activation's own derivative.
    static let heads: [(Activation, Loss)] = [
        (.sigmoid, .binaryCrossEntropy), (.softmax, .binaryCrossEntropy),
        (.softmax, .categoricalCrossEntropy), (.sigmoid, .categoricalCrossEntropy),
        (.linear, .meanSquaredError), (.sigmoid, .meanSquaredError), (.tanh, .meanSquaredError),
        (.relu, .meanSquaredError), (.softmax, .meanSquaredError),
        (.linear, .meanAbsoluteError), (.sigmoid, .meanAbsoluteError), (.tanh, .meanAbsoluteError),
        (.softmax, .meanAbsoluteError),
    ]

    @Test(arguments: Activation.allCases)
    func everyHeadThroughEveryHiddenActivation(hidden: Activation) throws {
        for (outputActivation, loss) in Self.heads {
            var rng = SeededGenerator(seed: 17)
            let model = Sequential()
            try model.add(Dense(5, inputDim: 4, activation: hidden))
            try model.add(Dense(3, activation: outputActivation))
            try model.compile(loss: loss, optimizer: SGD(), weightsFrom: &rng)
            let (x, y) = randomBatch(rows: 6, inputs: 4, outputs: 3, loss: loss, rng: &rng)
            let check = checkGradients(model, x, y)
            print("gradient check: hidden \(hidden), output \(outputActivation), loss \(loss): largest relative error "
                  + "\(check.largestError) over \(check.checked) weights (\(check.skippedAtKinks) at kinks)")
            #expect(check.largestError < 1e-6, "hidden \(hidden), output \(outputActivation), \(loss): \(check.largestError)")
            #expect(check.skippedAtKinks <= 2 && check.checked >= 40)
        }
    }

    @Test func singleLayerAndDeeperStacks() throws {
        for depth in [1, 4] {
            var rng = SeededGenerator(seed: UInt64(depth))
            let model = Sequential()
            try model.add(Dense(4, inputDim: 3, activation: depth == 1 ? .sigmoid : .tanh))
            for _ in 1..<depth { try model.add(Dense(4, activation: .tanh)) }
            if depth > 1 { try model.add(Dense(1, activation: .sigmoid)) }
            let outputs = depth == 1 ? 4 : 1
            try model.compile(loss: .binaryCrossEntropy, optimizer: Adam(), weightsFrom: &rng)
            let (x, y) = randomBatch(rows: 5, inputs: 3, outputs: outputs, loss: .binaryCrossEntropy, rng: &rng)
            let check = checkGradients(model, x, y)
            print("gradient check: \(depth)-layer stack: largest relative error \(check.largestError)")
            #expect(check.largestError < 1e-6)
            #expect(check.skippedAtKinks == 0)
        }
    }
}
