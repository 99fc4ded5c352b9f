// Convolutional layers: gradient checks for every padding and several channels,
// output shapes and parameter counts against hand-computed values, the summary, and
// the clear error for the second article's model (Conv2D after Dense).

import Testing
import LabMath
@testable import TrainingEngine

@Suite("Convolutional layers")
struct ConvolutionTests {
    /// A small CNN on random images, with a softmax head so every output is used.
    func cnn(height: Int, width: Int, channels: Int, filters: Int, kernel: (Int, Int), padding: Conv2D.Padding,
             pool: (Int, Int), activation: Activation, seed: UInt64) throws -> (Sequential, Matrix, Matrix) {
        var rng = SeededGenerator(seed: seed)
        let model = Sequential()
        try model.add(Conv2D(filters, kernelSize: kernel, padding: padding, activation: activation,
                         inputShape: TensorShape(height, width, channels)))
        try model.add(MaxPooling2D(poolSize: pool))
        model.add(Flatten())
        try model.add(Dense(3, activation: .softmax))
        try model.compile(loss: .categoricalCrossEntropy, optimizer: SGD(), weightsFrom: &rng)
        let (x, y) = randomBatch(rows: 4, inputs: height * width * channels, outputs: 3, loss: .categoricalCrossEntropy, rng: &rng)
        return (model, x, y)
    }

    @Test(arguments: [Conv2D.Padding.valid, .same])
    func gradientsOfEveryLayerMatchFiniteDifferences(padding: Conv2D.Padding) throws {
        // Odd and even kernels, one and several input channels, tanh (smooth) and relu.
        let cases: [(Int, Int, Int, Int, (Int, Int), (Int, Int), Activation)] = [
            (6, 6, 1, 2, (3, 3), (2, 2), .tanh), (5, 7, 3, 2, (2, 3), (2, 2), .tanh),
            (6, 5, 2, 3, (3, 2), (1, 1), .relu), (4, 4, 2, 2, (2, 2), (2, 1), .sigmoid),
        ]
        for (index, c) in cases.enumerated() {
            let (model, x, y) = try cnn(height: c.0, width: c.1, channels: c.2, filters: c.3, kernel: c.4, padding: padding,
                                        pool: c.5, activation: c.6, seed: UInt64(index))
            let check = checkGradients(model, x, y)
            print("gradient check: Conv2D \(c.4) \(padding) on \(c.0)x\(c.1)x\(c.2), \(c.3) filters, pool \(c.5), \(c.6): "
                  + "largest relative error \(check.largestError) over \(check.checked) weights (\(check.skippedAtKinks) at kinks)")
            #expect(check.largestError < 1e-6)
            #expect(check.skippedAtKinks <= 2)
        }
    }

    /// MaxPooling2D against the plain loop over each window (first maximum on ties, a NaN
    /// never wins): 11 and 16 channels take the 8-channels-at-once path and its tail,
    /// 3 channels only the tail; overlapping windows too. Forward values and the
    /// backward routing to the winners must be exactly those of the plain loop.
    @Test func maxPoolingMatchesThePlainWindowLoop() throws {
        var rng = SeededGenerator(seed: 21)
        let cases: [(Int, Int, Int, (Int, Int), (Int, Int)?)] = [
            (4, 4, 11, (2, 2), nil), (5, 6, 16, (3, 2), (1, 1)), (4, 5, 3, (2, 2), (1, 2)),
        ]
        for (h, w, c, pool, strides) in cases {
            let layer = try MaxPooling2D(poolSize: pool, strides: strides)
            try layer.build(inputShape: TensorShape(h, w, c), rng: &rng)
            let out = try layer.outputShape(for: TensorShape(h, w, c))
            let (batch, (sy, sx)) = (2, strides ?? pool)
            // Few distinct values, so that windows have ties.
            var x = Matrix(rows: batch, columns: h * w * c,
                           elements: (0..<(batch * h * w * c)).map { _ in Double(rng.nextInt(below: 4)) - 1 })
            x.elements[c + 2] = .nan
            let dy = Matrix(rows: batch, columns: out.elementCount, elements: (0..<(batch * out.elementCount)).map { Double($0 + 1) })
            var expectedOutput: [Double] = []
            var expectedGradient = [Double](repeating: 0, count: x.elements.count)
            func at(_ b: Int, _ row: Int, _ column: Int, _ channel: Int) -> Int { b * h * w * c + (row * w + column) * c + channel }
            for b in 0..<batch {
                for oy in 0..<out.dimensions[0] {
                    for ox in 0..<out.dimensions[1] {
                        for channel in 0..<c {
                            var best = at(b, oy * sy, ox * sx, channel)
                            for py in 0..<pool.0 {
                                for px in 0..<pool.1 where x.elements[at(b, oy * sy + py, ox * sx + px, channel)] > x.elements[best] {
                                    best = at(b, oy * sy + py, ox * sx + px, channel)
                                }
                            }
                            expectedGradient[best] += dy.elements[expectedOutput.count]
                            expectedOutput.append(x.elements[best])
                        }
                    }
                }
            }
            layer.forward(x)
            #expect(layer.output.elements.map(\.bitPattern) == expectedOutput.map(\.bitPattern))
            layer.backward(input: x, outputGradient: dy, computeInputGradient: true)
            #expect(layer.inputGradient.elements == expectedGradient)
        }
    }

    /// The input gradient (needed when a Conv2D is not the first layer) through two
    /// stacked convolutions.
    @Test func stackedConvolutionsPassGradientsBack() throws {
        var rng = SeededGenerator(seed: 9)
        let model = Sequential()
        try model.add(Conv2D(3, kernelSize: (3, 3), padding: .same, activation: .tanh, inputShape: TensorShape(5, 5, 2)))
        try model.add(Conv2D(2, kernelSize: (2, 2), activation: .tanh))
        model.add(Flatten())
        try model.add(Dense(2, activation: .sigmoid))
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(), weightsFrom: &rng)
        let (x, y) = randomBatch(rows: 3, inputs: 50, outputs: 2, loss: .binaryCrossEntropy, rng: &rng)
        let check = checkGradients(model, x, y)
        print("gradient check: two stacked Conv2D layers: largest relative error \(check.largestError)")
        #expect(check.largestError < 1e-6 && check.skippedAtKinks == 0)
    }

    /// Hand-computed: the second article's corrected model on 28 x 28 x 1 images.
    /// Conv2D(32, 3x3, valid): (26, 26, 32), 3*3*1*32 + 32 = 320 parameters;
    /// MaxPooling2D(2x2): (13, 13, 32); Flatten: 13*13*32 = 5408;
    /// Dense(10): 5408*10 + 10 = 54090 parameters. (Keras prints the same numbers.)
    @Test func shapesAndParameterCounts() throws {
        let model = try Sequential([Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: TensorShape(28, 28, 1)),
                                    MaxPooling2D(poolSize: (2, 2)), Flatten(), Dense(10, activation: .softmax)])
        let shapes = try Sequential.checkShapes(model.layers)
        #expect(shapes.map(\.description) == ["(None, 28, 28, 1)", "(None, 26, 26, 32)", "(None, 13, 13, 32)",
                                             "(None, 5408)", "(None, 10)"])
        #expect(model.layers.map(\.name) == ["conv2d", "max_pooling2d", "flatten", "dense"])
        let summary = try model.summary()
        #expect(summary.contains("conv2d (Conv2D)") && summary.contains("320"))
        #expect(summary.contains("54,090") && summary.contains("Total params: 54,410"))
        #expect(summary.split(separator: "\n").allSatisfy { $0.count <= 80 })
        var rng = SeededGenerator(seed: 1)
        try model.compile(loss: .categoricalCrossEntropy, optimizer: Adam(), weightsFrom: &rng)
        #expect(model.parameterCount == 54_410)
        // "same" keeps height and width; an even kernel pads one more at the bottom/right.
        #expect(try Conv2D(4, kernelSize: (2, 4), padding: .same).outputShape(for: TensorShape(5, 6, 3)) == TensorShape(5, 6, 4))
        #expect(try MaxPooling2D(poolSize: (2, 2), strides: (1, 1)).outputShape(for: TensorShape(4, 4, 2)) == TensorShape(3, 3, 2))
    }

    /// The second article stacks Conv2D(32, (3,3), input_shape=(28,28,1)) after
    /// Dense(64, input_dim=100): the error must name the layer and both shapes.
    @Test func theArticlesModelGetsAClearError() throws {
        let broken = try Sequential([Dense(64, inputDim: 100, activation: .relu),
                                     Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: TensorShape(28, 28, 1)),
                                     MaxPooling2D(poolSize: (2, 2)), Flatten(), Dense(10, activation: .softmax)])
        do {
            _ = try broken.summary()
            Issue.record("the model should not build")
        } catch let error as ModelError {
            #expect(error.description == "layer 2 (conv2d (Conv2D)) expects input of shape (None, 28, 28, 1) (its declared "
                    + "input shape), but the previous layer outputs (None, 64)")
        } catch {
            Issue.record("unexpected \(error)")
        }
        // Without the declared shape, Conv2D itself explains what it needs.
        let alsoBroken = try Sequential([Dense(64, inputDim: 100), Conv2D(8, kernelSize: (3, 3))])
        #expect(throws: ModelError.incompatibleShapes(layer: "conv2d (Conv2D)", position: 2,
                                                      expected: "(None, height, width, channels), an image per example",
                                                      got: TensorShape(64))) { try alsoBroken.summary() }
        let tooSmall = try Sequential([Conv2D(2, kernelSize: (5, 5), inputShape: TensorShape(3, 3, 1))])
        #expect(throws: ModelError.self) { try tooSmall.summary() }
    }

    @Test func trainingACNNIsDeterministic() throws {
        func run() throws -> [Matrix] {
            let (model, x, y) = try cnn(height: 6, width: 6, channels: 1, filters: 4, kernel: (3, 3), padding: .same,
                                        pool: (2, 2), activation: .relu, seed: 21)
            var rng = SeededGenerator(seed: 22)
            try model.fit(x, y, epochs: 3, batchSize: 2, rng: &rng)
            return model.weightsSnapshot()
        }
        #expect(try run() == run())
    }
}
