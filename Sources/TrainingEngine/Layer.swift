// Layer.swift
//
// What this file teaches: the contract every layer fulfils. A layer is a function
// with trainable parameters. The model calls `forward` on a mini-batch (one example
// per row), then, going back through the layers in reverse, `backward` with the
// gradient of the loss with respect to the layer's output. From it the layer computes
// the gradient for its own parameters (the optimizer then updates them) and the
// gradient with respect to its input (handed on to the layer before it): the chain
// rule, one layer at a time. That is all backpropagation is.

import LabMath

/// The shape of one example as a layer sees it: `[8]` for 8 features,
/// `[8, 8, 1]` for an 8x8 image with one channel (height, width, channels).
/// In a mini-batch each example is one row of `elementCount` numbers.
public struct TensorShape: Equatable, Sendable, CustomStringConvertible {
    public var dimensions: [Int]

    public init(_ dimensions: [Int]) { self.dimensions = dimensions }
    public init(_ dimensions: Int...) { self.dimensions = dimensions }

    /// The number of values per example (the product of the dimensions).
    public var elementCount: Int { dimensions.reduce(1, *) }

    /// Keras's notation with the batch dimension first: `(None, 10)`.
    public var description: String {
        "(None, " + dimensions.map(String.init).joined(separator: ", ") + ")"
    }
}

/// A trainable tensor and its gradient, e.g. a Dense layer's weight matrix.
public final class Parameter {
    /// A readable name such as "dense/kernel".
    public let name: String
    // Swift checks at run time that two `inout` accesses to a class's property never
    // overlap ("exclusivity"). Each check is a thread-local table lookup, which on a
    // 10-example mini-batch costs as much as the arithmetic. Only the owning layer and
    // the optimizer touch these buffers, one call at a time, so we switch the check
    // off for them (and for the layers' scratch buffers, marked the same way).

    /// The current values.
    @exclusivity(unchecked) public var value: Matrix
    /// dL/dvalue from the last backward pass, same shape as `value`.
    @exclusivity(unchecked) public var gradient: Matrix

    public init(name: String, value: Matrix) {
        self.name = name
        self.value = value
        self.gradient = Matrix(rows: value.rows, columns: value.columns)
    }

    /// Number of scalars.
    public var count: Int { value.elements.count }
}

/// Errors raised while assembling or using a model.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    case noLayers
    case missingInputShape(layer: String)
    case incompatibleShapes(layer: String, position: Int, expected: String, got: TensorShape)
    case notCompiled
    case dataShapeMismatch(String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .noLayers:
            return "the model has no layers; add at least one with model.add(...)"
        case let .missingInputShape(layer):
            return "the first layer (\(layer)) needs an input shape, e.g. Dense(10, inputDim: 8)"
        case let .incompatibleShapes(layer, position, expected, got):
            return "layer \(position) (\(layer)) expects input of shape \(expected), but the previous layer outputs \(got)"
        case .notCompiled:
            return "call compile(loss:optimizer:metrics:weightsFrom:) before fit, predict or evaluate"
        case let .dataShapeMismatch(message), let .invalidArgument(message):
            return message
        }
    }
}

/// Throws `ModelError.invalidArgument("<call>: <requirement>")` unless `condition`
/// holds: how every initialiser of this module refuses a bad argument, naming the call
/// and the argument, e.g. "Dense(0, ...): units must be at least 1, got 0".
func require(_ condition: Bool, _ call: @autoclosure () -> String, _ requirement: @autoclosure () -> String) throws {
    guard condition else { throw ModelError.invalidArgument("\(call()): \(requirement())") }
}

/// Thrown by `Layer.outputShape(for:)`: the input shape the layer would accept.
public struct ShapeMismatch: Error, Equatable {
    /// E.g. "(None, height, width, channels)".
    public var expected: String
    public init(expected: String) { self.expected = expected }
}

/// A layer of a sequential network. Layers are classes: they own their parameters
/// and the buffers reused for every mini-batch, so training allocates no memory per batch.
public protocol Layer: AnyObject {
    /// The Keras class name, e.g. "Dense".
    var kind: String { get }
    /// A unique name within the model, e.g. "dense_1" (set by `Sequential.add`).
    var name: String { get set }
    /// The input shape given at construction (Keras's `input_dim=`/`input_shape=`), if any.
    var declaredInputShape: TensorShape? { get }

    /// The shape of one output example for a given input shape.
    /// - Throws: `ShapeMismatch` saying what the layer expects when it cannot take that
    ///   input; the model turns it into a `ModelError` naming the layer and position.
    func outputShape(for inputShape: TensorShape) throws -> TensorShape

    /// The number of trainable scalars the layer will have for `inputShape` (known
    /// before `build`, for model summaries).
    func parameterCount(inputShape: TensorShape) -> Int

    /// Creates (and seeds) the parameters for `inputShape`.
    func build(inputShape: TensorShape, rng: inout SeededGenerator) throws

    /// The trainable parameters, in a fixed order.
    var parameters: [Parameter] { get }

    /// The output of the last `forward` call (batch x output elements).
    var output: Matrix { get }
    /// dL/dinput from the last `backward` call (batch x input elements).
    var inputGradient: Matrix { get }

    /// Computes `output` for a mini-batch `input` (batch x input elements).
    func forward(_ input: Matrix)

    /// Given `input` (the same as in `forward`) and dL/doutput, fills every parameter's
    /// `gradient` and, if asked, `inputGradient`. The first layer is not asked: nothing
    /// before it needs the gradient, which saves a matrix product.
    func backward(input: Matrix, outputGradient: Matrix, computeInputGradient: Bool)

    /// Multiply-adds of one example's forward pass (for cost accounting).
    var forwardMultiplyAdds: Int { get }
}

extension Layer {
    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}

/// A layer that ends with an activation function, so that the model can fuse it with
/// a matching loss (sigmoid with binary cross-entropy, softmax with categorical).
public protocol ActivatedLayer: Layer {
    var activation: Activation { get }
    /// The pre-activations z of the last forward pass (output = activation(z)).
    var preActivation: Matrix { get }
    /// Backward pass that starts from dL/dz instead of dL/doutput.
    func backward(input: Matrix, preActivationGradient: Matrix, computeInputGradient: Bool)
}
