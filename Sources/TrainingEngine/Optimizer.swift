// Optimizer.swift
//
// What this file teaches: what an optimizer does with the gradients. After each
// mini-batch's backward pass every parameter has a gradient g = dL/dtheta. Plain
// gradient descent steps against it: theta <- theta - lr g. The learning rate lr is a
// hyperparameter of the *optimizer* (which is why Keras takes it in `Adam(...)` and
// not in `fit`, as the first article's code wrongly assumes).
//
// Momentum and Adam keep per-parameter state (running averages), so an optimizer
// belongs to one model and is reset when the model is rebuilt.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LabMath

/// Updates parameters from their gradients.
public protocol Optimizer {
    /// A short description such as "Adam(lr=0.001)".
    var summary: String { get }
    /// The step size.
    var learningRate: Double { get set }
    /// Applies one update to every parameter, using `parameter.gradient`.
    /// The parameters must be passed in the same order on every call.
    mutating func update(_ parameters: [Parameter])
    /// Forgets all state (momentum, running averages, step count).
    mutating func reset()
}

/// Refuses a learning rate no optimizer can use: negative (every step would climb the
/// loss) or NaN/infinite (the first step would make every weight NaN). 0 is allowed:
/// the weights stay where they start, a legitimate baseline.
func checkLearningRate(_ learningRate: Double, _ call: @autoclosure () -> String) throws {
    try require(learningRate >= 0 && learningRate.isFinite, call(),
                "the learning rate must be a finite number >= 0, got \(learningRate)")
}

/// Stochastic gradient descent, optionally with momentum (Keras's `SGD`).
///
/// Update rule, per parameter, with velocity v starting at 0:
///   v <- momentum v - lr g
///   theta <- theta + v
/// With momentum 0 this is theta <- theta - lr g. Momentum lets steps build up speed
/// along directions where gradients agree and cancel out where they oscillate.
/// (Polyak 1964; Keras's formulation.)
public struct SGD: Optimizer {
    public var learningRate: Double
    public var momentum: Double
    private var velocities: [[Double]] = []

    /// Keras defaults: learning rate 0.01, momentum 0.
    /// - Throws: `ModelError.invalidArgument` for a learning rate that is negative or
    ///   not finite, or a momentum outside [0, 1).
    public init(learningRate: Double = 0.01, momentum: Double = 0) throws {
        try checkLearningRate(learningRate, "SGD(learningRate: \(learningRate))")
        try require(momentum >= 0 && momentum < 1, "SGD(momentum: \(momentum))", "momentum must be in [0, 1)")
        self.init(checkedLearningRate: learningRate, momentum: momentum)
    }

    /// The memberwise initialiser, for values known to be valid (Keras's defaults
    /// before a model is compiled).
    init(checkedLearningRate learningRate: Double, momentum: Double) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public var summary: String {
        momentum == 0 ? "SGD(lr=\(learningRate))" : "SGD(lr=\(learningRate), momentum=\(momentum))"
    }

    public mutating func update(_ parameters: [Parameter]) {
        if momentum == 0 {
            for p in parameters {
                let g = p.gradient.elements
                p.value.elements.withUnsafeMutableBufferPointer { theta in
                    for i in theta.indices { theta[i] -= learningRate * g[i] }
                }
            }
            return
        }
        if velocities.count != parameters.count {
            velocities = parameters.map { [Double](repeating: 0, count: $0.count) }
        }
        for (index, p) in parameters.enumerated() {
            let g = p.gradient.elements
            velocities[index].withUnsafeMutableBufferPointer { v in
                p.value.elements.withUnsafeMutableBufferPointer { theta in
                    for i in theta.indices {
                        v[i] = momentum * v[i] - learningRate * g[i]
                        theta[i] += v[i]
                    }
                }
            }
        }
    }

    public mutating func reset() { velocities = [] }
}

/// Adam (Kingma and Ba, ICLR 2015), in the form Keras implements.
///
/// Per parameter, with m = v = 0 and t = 0 at the start, each step:
///   t <- t + 1
///   m <- beta1 m + (1 - beta1) g            running mean of gradients
///   v <- beta2 v + (1 - beta2) g^2          running mean of squared gradients
///   alpha <- lr sqrt(1 - beta2^t) / (1 - beta1^t)     bias correction of both
///   theta <- theta - alpha m / (sqrt(v) + epsilon)
/// Dividing by sqrt(v) gives every parameter its own step size, roughly lr, whatever
/// the scale of its gradient. Keras adds epsilon to sqrt(v) rather than to the
/// bias-corrected sqrt(v-hat) as in the paper's Algorithm 1; we follow Keras so that
/// "Keras defaults" means the same numbers.
public struct Adam: Optimizer {
    public var learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    private var stepsTaken = 0
    private var firstMoments: [[Double]] = []
    private var secondMoments: [[Double]] = []

    /// Keras defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
    /// - Throws: `ModelError.invalidArgument` for a learning rate that is negative or
    ///   not finite, betas outside [0, 1), or an epsilon that is not a positive number.
    public init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7) throws {
        try checkLearningRate(learningRate, "Adam(learningRate: \(learningRate))")
        try require(beta1 >= 0 && beta1 < 1, "Adam(beta1: \(beta1))", "beta1 must be in [0, 1)")
        try require(beta2 >= 0 && beta2 < 1, "Adam(beta2: \(beta2))", "beta2 must be in [0, 1)")
        try require(epsilon > 0 && epsilon.isFinite, "Adam(epsilon: \(epsilon))", "epsilon must be a positive number")
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public var summary: String { "Adam(lr=\(learningRate))" }

    /// The number of updates applied so far (t in the update rule).
    public var stepCount: Int { stepsTaken }

    public mutating func update(_ parameters: [Parameter]) {
        if firstMoments.count != parameters.count {
            firstMoments = parameters.map { [Double](repeating: 0, count: $0.count) }
            secondMoments = firstMoments
        }
        stepsTaken += 1
        let t = Double(stepsTaken)
        let alpha = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for (index, p) in parameters.enumerated() {
            p.gradient.elements.withUnsafeBufferPointer { g in
                firstMoments[index].withUnsafeMutableBufferPointer { m in
                    secondMoments[index].withUnsafeMutableBufferPointer { v in
                        p.value.elements.withUnsafeMutableBufferPointer { theta in
                            Adam.step(g: g, m: m, v: v, theta: theta, alpha: alpha, beta1: b1, beta2: b2, epsilon: eps)
                        }
                    }
                }
            }
        }
    }

    /// The update rule above for one parameter tensor. The loop is written plainly; the
    /// compiler turns it into SIMD instructions (four square roots and divisions at
    /// once), which matters because Adam touches every parameter on every mini-batch.
    /// Large tensors are shared between two cores (elements are independent), by the
    /// rule the matrix products use (see `parallelThreshold` in LabMath): only work
    /// worth at least 262,144 multiply-adds is split. One element's square root and
    /// division take about as long as 14 multiply-adds of the product kernel (measured:
    /// 1.25 ns against 0.09 ns), so that is about 19,000 elements; we split from 16,384.
    private static func step(g: UnsafeBufferPointer<Double>, m: UnsafeMutableBufferPointer<Double>,
                             v: UnsafeMutableBufferPointer<Double>, theta: UnsafeMutableBufferPointer<Double>,
                             alpha: Double, beta1 b1: Double, beta2 b2: Double, epsilon eps: Double) {
        let count = theta.count
        runSplittingAcrossTwoCores(count: count, splitAt: count / 2, worthSplitting: count >= 16_384) { range in
            for i in range {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * (g[i] * g[i])
                theta[i] -= alpha * m[i] / (v[i].squareRoot() + eps)
            }
        }
    }

    public mutating func reset() {
        stepsTaken = 0
        firstMoments = []
        secondMoments = []
    }
}
