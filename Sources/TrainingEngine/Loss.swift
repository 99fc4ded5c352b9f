// Loss.swift
//
// What this file teaches: the four loss functions of the second article, what each
// measures, and how to compute them without overflow or log(0).
//
// For a batch of N examples with K outputs, prediction a and target y:
//   mean squared error        L = 1/(N K) sum (a - y)^2          (regression)
//   mean absolute error       L = 1/(N K) sum |a - y|            (regression, robust to outliers)
//   binary cross-entropy      L = -1/(N K) sum [y log a + (1 - y) log(1 - a)]
//   categorical cross-entropy L = -1/N sum_n sum_k y_nk log a_nk  (one-hot targets)
//
// Cross-entropy needs care: log(0) = -inf. There are two stable routes.
// 1. From logits (the output layer's pre-activation z), when the output activation is
//    the matching one (sigmoid for binary, softmax for categorical). The loss is then
//    rewritten so that no exponential can overflow and no logarithm sees 0, and its
//    gradient with respect to z collapses to the famous (a - y) / N.
// 2. From probabilities otherwise, clamping a into [1e-7, 1 - 1e-7] as Keras does.
// The model picks route 1 automatically when it applies.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LabMath

/// A loss function, named as in Keras (`loss='binary_crossentropy'`).
public enum Loss: String, Sendable, CaseIterable {
    case binaryCrossEntropy, categoricalCrossEntropy, meanSquaredError, meanAbsoluteError

    /// The clamp applied to probabilities before taking logs (Keras's `epsilon()`).
    public static let probabilityEpsilon = 1e-7

    /// True when this loss after `activation` has the stable fused form (route 1 above).
    public func fuses(with activation: Activation) -> Bool {
        (self == .binaryCrossEntropy && activation == .sigmoid)
            || (self == .categoricalCrossEntropy && activation == .softmax)
    }

    /// The mean loss of predictions `a` against targets `y` (both N x K).
    public func value(prediction a: Matrix, target y: Matrix) -> Double {
        checkShapes(a, y)
        let n = Double(a.rows), k = Double(a.columns)
        let eps = Loss.probabilityEpsilon
        var sum = 0.0
        for i in a.elements.indices {
            let p = a.elements[i], t = y.elements[i]
            switch self {
            case .meanSquaredError: sum += (p - t) * (p - t)
            case .meanAbsoluteError: sum += abs(p - t)
            case .binaryCrossEntropy:
                let q = min(max(p, eps), 1 - eps)
                sum -= t * log(q) + (1 - t) * log(1 - q)
            case .categoricalCrossEntropy:
                if t != 0 { sum -= t * log(min(max(p, eps), 1 - eps)) }
            }
        }
        return self == .categoricalCrossEntropy ? sum / n : sum / (n * k)
    }

    /// dL/da for predictions `a` and targets `y`, written into `gradient`.
    ///
    /// Where the clamp of the cross-entropies is active, the true derivative of the
    /// clamped loss is 0; we return 0 there too, so that this gradient is exactly the
    /// derivative of `value(prediction:target:)`.
    public func gradient(prediction a: Matrix, target y: Matrix, into gradient: inout Matrix) {
        checkShapes(a, y)
        gradient.reshapeReusingStorage(rows: a.rows, columns: a.columns)
        let n = Double(a.rows), k = Double(a.columns)
        let eps = Loss.probabilityEpsilon
        for i in a.elements.indices {
            let p = a.elements[i], t = y.elements[i]
            let inRange = p > eps && p < 1 - eps
            switch self {
            case .meanSquaredError:
                gradient.elements[i] = 2 * (p - t) / (n * k)
            case .meanAbsoluteError:
                // |x| has no derivative at 0; we use 0 there (a subgradient).
                gradient.elements[i] = (p > t ? 1 : (p < t ? -1 : 0)) / (n * k)
            case .binaryCrossEntropy:
                gradient.elements[i] = inRange ? (p - t) / (p * (1 - p)) / (n * k) : 0
            case .categoricalCrossEntropy:
                gradient.elements[i] = inRange ? -t / p / n : 0
            }
        }
    }

    /// The mean loss computed from the output layer's logits z (route 1), given also
    /// the activations a = f(z) that the forward pass already computed.
    ///
    /// Binary: with a = sigmoid(z), -[y log a + (1 - y) log(1 - a)] equals
    ///   max(z, 0) - z y + log(1 + e^-|z|),
    /// where the exponent is never positive, so neither log(0) nor overflow can occur.
    /// The last term is -log(sigmoid(|z|)), and sigmoid(|z|) = max(a, 1 - a) is already
    /// known from the forward pass; it is at least 1/2, so its logarithm is accurate to
    /// about 1e-16 (absolute) and costs one `log` instead of `exp` plus `log1p`.
    ///
    /// Categorical: with a = softmax(z), -sum_k y_k log a_k equals
    ///   sum_k y_k (logsumexp(z) - z_k),
    /// and logsumexp(z) = log sum_j e^{z_j} is what overflows in the naive form. The
    /// log-sum-exp trick computes it as m + log sum_j e^{z_j - m} with m = max_j z_j.
    /// The softmax in the forward pass computed exactly that sum S, and its largest
    /// output is a_max = e^0 / S = 1 / S, so logsumexp(z) = m - log(a_max): one
    /// logarithm per example instead of K more exponentials. a_max >= 1/K, so the
    /// logarithm never sees a tiny number.
    /// - Precondition: `fuses(with:)` is true for the output activation.
    public func fusedValue(logits z: Matrix, activations a: Matrix, target y: Matrix) -> Double {
        checkShapes(z, y)
        let rows = z.rows, k = z.columns
        var sum = 0.0
        z.elements.withUnsafeBufferPointer { Z in
            a.elements.withUnsafeBufferPointer { A in
                y.elements.withUnsafeBufferPointer { Y in
                    switch self {
                    case .binaryCrossEntropy:
                        for i in 0..<Z.count {
                            sum += max(Z[i], 0) - Z[i] * Y[i] - log(max(A[i], 1 - A[i]))
                        }
                    case .categoricalCrossEntropy:
                        for r in 0..<rows {
                            let base = r * k
                            // The row's largest logit (the first on ties), without branches.
                            let best = base + indexOfFirstMaximum(Z.baseAddress! + base, k)
                            let logSumExp = Z[best] - log(A[best])
                            for j in base..<(base + k) where Y[j] != 0 { sum += Y[j] * (logSumExp - Z[j]) }
                        }
                    default:
                        preconditionFailure("\(self) has no fused logit form")
                    }
                }
            }
        }
        return self == .categoricalCrossEntropy ? sum / Double(rows) : sum / Double(rows * k)
    }

    /// dL/dz for the fused forms, given the activations a = f(z) (route 1).
    ///
    /// Binary: dL/dz = (a - y) / (N K). Categorical: dL/dz_k = (a_k sum_j y_j - y_k) / N,
    /// which is (a - y) / N for one-hot targets. The sigmoid's or softmax's own
    /// derivative cancels against the logarithm's, so no small number is divided by.
    public func logitGradient(activations a: Matrix, target y: Matrix, into gradient: inout Matrix) {
        checkShapes(a, y)
        gradient.reshapeReusingStorage(rows: a.rows, columns: a.columns)
        let rows = a.rows, k = a.columns
        a.elements.withUnsafeBufferPointer { A in
            y.elements.withUnsafeBufferPointer { Y in
                gradient.elements.withUnsafeMutableBufferPointer { G in
                    switch self {
                    case .binaryCrossEntropy:
                        let scale = 1 / Double(rows * k)
                        for i in 0..<A.count { G[i] = (A[i] - Y[i]) * scale }
                    case .categoricalCrossEntropy:
                        let scale = 1 / Double(rows)
                        for r in 0..<rows {
                            let base = r * k
                            var targetSum = 0.0
                            for j in base..<(base + k) { targetSum += Y[j] }
                            for j in base..<(base + k) { G[j] = (A[j] * targetSum - Y[j]) * scale }
                        }
                    default:
                        preconditionFailure("\(self) has no fused logit form")
                    }
                }
            }
        }
    }

    /// The Keras spelling, for printing (`binary_crossentropy`, `mse`, ...).
    public var kerasName: String {
        switch self {
        case .binaryCrossEntropy: return "binary_crossentropy"
        case .categoricalCrossEntropy: return "categorical_crossentropy"
        case .meanSquaredError: return "mean_squared_error"
        case .meanAbsoluteError: return "mean_absolute_error"
        }
    }

    private func checkShapes(_ a: Matrix, _ y: Matrix) {
        precondition(a.rows == y.rows && a.columns == y.columns,
                     "\(self): prediction is \(a.rows)x\(a.columns) but target is \(y.rows)x\(y.columns)")
    }
}
