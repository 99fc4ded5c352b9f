// Dense.swift
//
// What this file teaches: the fully connected layer, Keras's `Dense`, forward and
// backward. For a mini-batch X (batch x in), weights W (in x out) and bias b (out):
//
//   forward:   Z = X W + b          A = f(Z)
//   backward:  dZ = f'(Z) * dA      (element-wise; a small matrix product for softmax)
//              dW = X^T dZ          db = column sums of dZ
//              dX = dZ W^T          (handed to the previous layer)
//
// Each line of backward is the chain rule applied to the matching line of forward.

import LabMath

/// A fully connected layer: every output unit is a weighted sum of every input plus a
/// bias, passed through an activation.
///
/// ```swift
/// try model.add(Dense(10, inputDim: 8, activation: .relu))   // Keras: Dense(10, input_dim=8, activation='relu')
/// try model.add(Dense(1, activation: .sigmoid))
/// ```
public final class Dense: ActivatedLayer {
    public let kind = "Dense"
    public var name = "dense"
    /// Number of output units.
    public let units: Int
    public let activation: Activation
    public let initializer: WeightInitializer
    public let declaredInputShape: TensorShape?

    /// The kernel W, `in x units`.
    public private(set) var weights = Parameter(name: "dense/kernel", value: Matrix(rows: 0, columns: 0))
    /// The bias b, `1 x units`.
    public private(set) var bias = Parameter(name: "dense/bias", value: Matrix(rows: 0, columns: 0))

    // Buffers reused by every mini-batch (exclusivity checks off: see `Parameter`).
    @exclusivity(unchecked) public private(set) var preActivation = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) public private(set) var output = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) public private(set) var inputGradient = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) private var preActivationGradient = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) private var transposedWeights = Matrix(rows: 0, columns: 0)

    /// - Parameters:
    ///   - units: output size.
    ///   - inputDim: input size, required on the first layer only (Keras's `input_dim`).
    ///   - activation: applied after the weighted sum (Keras's default is linear).
    ///   - initializer: how W is drawn; Keras's default is Glorot uniform.
    /// - Throws: `ModelError.invalidArgument` when `units` or `inputDim` is below 1.
    public init(_ units: Int, inputDim: Int? = nil, activation: Activation = .linear,
                initializer: WeightInitializer = .glorotUniform) throws {
        try require(units >= 1, "Dense(\(units), ...)", "units must be at least 1, got \(units)")
        if let inputDim {
            try require(inputDim >= 1, "Dense(\(units), inputDim: \(inputDim))", "inputDim must be at least 1, got \(inputDim)")
        }
        self.units = units
        self.activation = activation
        self.initializer = initializer
        self.declaredInputShape = inputDim.map { TensorShape($0) }
    }

    public func outputShape(for inputShape: TensorShape) throws -> TensorShape {
        // Keras's Dense also accepts higher-rank inputs (acting on the last axis); we
        // keep the common case and ask for Flatten first, which is clearer to read.
        guard inputShape.dimensions.count == 1 else {
            throw ShapeMismatch(expected: "(None, features), a flat vector per example (add Flatten() first)")
        }
        return TensorShape(units)
    }

    public func parameterCount(inputShape: TensorShape) -> Int {
        inputShape.elementCount * units + units
    }

    public func build(inputShape: TensorShape, rng: inout SeededGenerator) throws {
        _ = try outputShape(for: inputShape)
        let fanIn = inputShape.elementCount
        weights = Parameter(name: "\(name)/kernel", value: initializer.weights(fanIn: fanIn, fanOut: units, rng: &rng))
        bias = Parameter(name: "\(name)/bias", value: Matrix(rows: 1, columns: units))
    }

    public var parameters: [Parameter] { [weights, bias] }

    public var forwardMultiplyAdds: Int { weights.value.rows * units }

    public func forward(_ input: Matrix) {
        // Z = X W + b, b added to every row as each block of the product is stored.
        multiply(input, weights.value, addingToEveryRow: bias.value.elements, into: &preActivation)
        // A = f(Z)
        activation.apply(preActivation, into: &output)
    }

    public func backward(input: Matrix, outputGradient: Matrix, computeInputGradient: Bool) {
        // dZ = f'(Z) * dA
        activation.backward(z: preActivation, a: output, outputGradient: outputGradient, into: &preActivationGradient)
        backward(input: input, preActivationGradient: preActivationGradient, computeInputGradient: computeInputGradient)
    }

    public func backward(input: Matrix, preActivationGradient dZ: Matrix, computeInputGradient: Bool) {
        // dW = X^T dZ
        multiply(transposing: input, dZ, into: &weights.gradient)
        // db = sum of dZ over the batch (each row contributed b once)
        dZ.columnSums(into: &bias.gradient.elements)
        // dX = dZ W^T. W^T is copied into a reused buffer first (in x out values), so
        // the product runs in the fast kernel; the copy is small next to the product.
        if computeInputGradient {
            transpose(weights.value, into: &transposedWeights)
            multiply(dZ, transposedWeights, into: &inputGradient)
        }
    }
}
