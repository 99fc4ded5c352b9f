// Sequential.swift
//
// What this file teaches: a model as a stack of layers, assembled the way Keras code
// reads. The first article's network, line by line:
//
//   Keras (Python)                                   TuningLab (Swift)
//   model = Sequential()                             let model = Sequential()
//   model.add(Dense(10, input_dim=8,                 try model.add(Dense(10, inputDim: 8, activation: .relu))
//                   activation='relu'))
//   model.add(Dense(1, activation='sigmoid'))        try model.add(Dense(1, activation: .sigmoid))
//   model.compile(loss='binary_crossentropy',        try model.compile(loss: .binaryCrossEntropy,
//                 optimizer=Adam(learning_rate=lr),                    optimizer: Adam(learningRate: lr),
//                 metrics=['accuracy'])                                metrics: [.accuracy], weightsFrom: &rng)
//   model.fit(X, y, epochs=100, batch_size=10)       try model.fit(x, y, epochs: 100, batchSize: 10, rng: &rng)
//
// Two differences are deliberate: the random generator is passed explicitly (so runs
// are reproducible), and the learning rate goes to the optimizer. (`try` marks calls
// that refuse bad arguments with an error, such as Dense(0), instead of crashing.) The article passes
// `learning_rate` to `fit`, which Keras rejects: it is the optimizer's setting.

import LabMath

/// A linear stack of layers trained by backpropagation.
public final class Sequential {
    /// The layers, in order.
    public private(set) var layers: [any Layer] = []
    /// The loss chosen in `compile`.
    public private(set) var loss: Loss = .meanSquaredError
    /// The optimizer chosen in `compile`; it keeps per-parameter state.
    public var optimizer: any Optimizer = SGD(checkedLearningRate: 0.01, momentum: 0)
    /// The metrics chosen in `compile`, reported every epoch.
    public private(set) var metrics: [Metric] = []
    /// The shapes flowing between layers: `shapes[0]` is the input, `shapes[i + 1]`
    /// the output of layer i. Filled by `compile`.
    public private(set) var shapes: [TensorShape] = []
    /// True once `compile` succeeded.
    public private(set) var isCompiled = false

    // Cached at compile time for the training loop.
    var allParameters: [Parameter] = []
    var parametersByLayer: [[Parameter]] = []
    var fusedOutputLayer: (any ActivatedLayer)?
    @exclusivity(unchecked) var lossGradient = Matrix(rows: 0, columns: 0)

    public init() {}

    /// Creates a model from a list of layers (equivalent to calling `add` for each).
    public convenience init(_ layers: [any Layer]) {
        self.init()
        for layer in layers { add(layer) }
    }

    /// Appends a layer. Names follow Keras: "dense", "dense_1", ..., "conv2d",
    /// "max_pooling2d" (the class name in snake case, then a counter).
    public func add(_ layer: any Layer) {
        let base = Sequential.snakeCase(layer.kind)
        let sameKind = layers.filter { $0.kind == layer.kind }.count
        layer.name = sameKind == 0 ? base : "\(base)_\(sameKind)"
        layers.append(layer)
        isCompiled = false
    }

    /// "MaxPooling2D" -> "max_pooling2d": an underscore before a capital that follows a
    /// lower-case letter, then everything in lower case.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previous: Character?
        for c in name {
            if c.isUppercase, let p = previous, p.isLowercase { out.append("_") }
            out.append(contentsOf: c.lowercased())
            previous = c
        }
        return out
    }


    /// The input shape of one example, once compiled.
    public var inputShape: TensorShape? { shapes.first }
    /// The output shape of one example, once compiled.
    public var outputShape: TensorShape? { isCompiled ? shapes.last : nil }

    /// Checks that the layers fit together, creates their weights and sets the training
    /// configuration. Calling it again re-initialises the weights and the optimizer.
    ///
    /// - Parameters:
    ///   - loss: what `fit` minimises.
    ///   - optimizer: how parameters are updated (it carries the learning rate).
    ///   - metrics: extra measures reported each epoch.
    ///   - rng: the seeded generator that draws the initial weights.
    /// - Throws: `ModelError` when there are no layers, the first layer has no input
    ///   shape, or a layer cannot take the previous layer's output.
    public func compile(loss: Loss, optimizer: any Optimizer, metrics: [Metric] = [],
                        weightsFrom rng: inout SeededGenerator) throws {
        shapes = try Sequential.checkShapes(layers)
        for (i, layer) in layers.enumerated() {
            try layer.build(inputShape: shapes[i], rng: &rng)
        }
        self.loss = loss
        self.optimizer = optimizer
        self.optimizer.reset()
        self.metrics = metrics
        parametersByLayer = layers.map { $0.parameters }
        allParameters = parametersByLayer.flatMap { $0 }
        fusedOutputLayer = nil
        if let last = layers.last as? any ActivatedLayer, loss.fuses(with: last.activation) {
            fusedOutputLayer = last
        }
        isCompiled = true
    }

    /// Walks the layers and computes every intermediate shape, or throws an error that
    /// names the first layer that does not fit (e.g. a Conv2D placed after a Dense).
    public static func checkShapes(_ layers: [any Layer]) throws -> [TensorShape] {
        guard let first = layers.first else { throw ModelError.noLayers }
        guard let input = first.declaredInputShape else {
            throw ModelError.missingInputShape(layer: "\(first.name) (\(first.kind))")
        }
        var shapes = [input]
        for (position, layer) in layers.enumerated() {
            let incoming = shapes.last!
            let label = "\(layer.name) (\(layer.kind))"
            try checkSize(incoming, label: position == 0 ? "the input of \(label)" : "the input of layer \(position + 1), \(label)")
            if position > 0, let declared = layer.declaredInputShape, declared != incoming {
                throw ModelError.incompatibleShapes(
                    layer: label, position: position + 1,
                    expected: "\(declared) (its declared input shape)", got: incoming)
            }
            do {
                shapes.append(try layer.outputShape(for: incoming))
            } catch let mismatch as ShapeMismatch {
                throw ModelError.incompatibleShapes(layer: label, position: position + 1,
                                                    expected: mismatch.expected, got: incoming)
            }
        }
        try checkSize(shapes.last!, label: "the output of the last layer")
        return shapes
    }

    /// The largest number of values one example may have between two layers. The
    /// products of this module index a mini-batch row with `Int`, and counts such as
    /// in x units must not overflow; 2^31 - 1 values per example (16 GB) is far beyond
    /// any memory, so the limit only ever refuses a typo such as `inputDim: Int.max`.
    static let largestExampleSize = Int(Int32.max)

    /// Throws unless every dimension of `shape` is at least 1 and their product is at
    /// most `largestExampleSize` (computed without overflow).
    static func checkSize(_ shape: TensorShape, label: @autoclosure () -> String) throws {
        var size = 1
        for d in shape.dimensions {
            try require(d >= 1, label(), "every dimension of the shape \(shape) must be at least 1")
            let (product, overflow) = size.multipliedReportingOverflow(by: d)
            try require(!overflow && product <= largestExampleSize, label(),
                        "the shape \(shape) has more than \(largestExampleSize) values per example")
            size = product
        }
    }

    /// The total number of trainable scalars.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Multiply-adds of one example's forward pass through all layers.
    public var forwardMultiplyAdds: Int { layers.reduce(0) { $0 + $1.forwardMultiplyAdds } }

    /// Multiply-adds to train on one example (see `TrainingCost.multiplyAdds`).
    public var trainingMultiplyAddsPerSample: Int {
        layers.enumerated().reduce(0) { total, item in
            total + item.element.forwardMultiplyAdds * (item.offset == 0 ? 2 : 3)
        }
    }

    /// Runs the forward pass on a mini-batch; the result is the last layer's `output`.
    func forward(_ x: Matrix) {
        for (i, layer) in layers.enumerated() {
            layer.forward(i == 0 ? x : layers[i - 1].output)
        }
    }

    /// The model's outputs for `x` (one row per example), computed in chunks of
    /// `batchSize` rows to bound memory.
    public func predict(_ x: Matrix, batchSize: Int = 1024) throws -> Matrix {
        try checkInput(x)
        try Sequential.checkChunkSize(batchSize, "predict")
        var result = Matrix(rows: x.rows, columns: shapes.last!.elementCount)
        var chunk = Matrix(rows: 0, columns: x.columns)
        var start = 0
        while start < x.rows {
            let end = min(start + batchSize, x.rows)
            chunk.gatherRows(from: x, at: Array(start..<end)[...])
            forward(chunk)
            let out = layers.last!.output
            for i in 0..<out.elements.count { result.elements[start * out.columns + i] = out.elements[i] }
            start = end
        }
        return result
    }

    /// The loss and metrics (in `metrics` order) of the current weights on (x, y),
    /// computed in chunks of `batchSize` rows. The loss uses the same stable form as
    /// training, so training and validation losses are comparable.
    public func evaluate(_ x: Matrix, _ y: Matrix, batchSize: Int = 1024) throws -> (loss: Double, metrics: [Double]) {
        try checkInput(x)
        try checkTargets(y, rows: x.rows)
        try Sequential.checkChunkSize(batchSize, "evaluate")
        var lossSum = 0.0
        var metricTotals = [(sum: Double, count: Int)](repeating: (0, 0), count: metrics.count)
        var chunkX = Matrix(rows: 0, columns: x.columns)
        var chunkY = Matrix(rows: 0, columns: y.columns)
        var start = 0
        while start < x.rows {
            let end = min(start + batchSize, x.rows)
            let rows = Array(start..<end)[...]
            chunkX.gatherRows(from: x, at: rows)
            chunkY.gatherRows(from: y, at: rows)
            forward(chunkX)
            let out = layers.last!.output
            // Every loss is a mean over rows, so chunk means weighted by chunk size add up.
            lossSum += lossValue(prediction: out, target: chunkY) * Double(end - start)
            for (m, metric) in metrics.enumerated() {
                let t = metric.total(prediction: out, target: chunkY)
                metricTotals[m].sum += t.sum
                metricTotals[m].count += t.count
            }
            start = end
        }
        return (lossSum / Double(x.rows), metricTotals.map { $0.count == 0 ? .nan : $0.sum / Double($0.count) })
    }

    /// The loss of the last forward pass's `prediction` against `target`; uses the
    /// stable logit form when the output layer fuses with the loss.
    func lossValue(prediction: Matrix, target: Matrix) -> Double {
        if let output = fusedOutputLayer {
            return loss.fusedValue(logits: output.preActivation, activations: prediction, target: target)
        }
        return loss.value(prediction: prediction, target: target)
    }

    /// A copy of every parameter's values (for early stopping's "restore best weights").
    public func weightsSnapshot() -> [Matrix] { allParameters.map { $0.value } }

    /// Puts back values saved by `weightsSnapshot()`.
    public func restoreWeights(_ snapshot: [Matrix]) {
        precondition(snapshot.count == allParameters.count, "snapshot from a different model")
        for (p, value) in zip(allParameters, snapshot) { p.value = value }
    }
}
