// Activation.swift
//
// What this file teaches: the non-linear functions applied after each layer's
// weighted sum z, their derivatives, and how each behaves numerically.
//
//   relu(z)    = max(0, z)               derivative 1 for z > 0, else 0
//   sigmoid(z) = 1 / (1 + e^-z)          derivative s (1 - s), at most 1/4
//   tanh(z)                              derivative 1 - tanh^2, at most 1
//   softmax(z)_k = e^{z_k} / sum_j e^{z_j}   (a whole row at once)
//   linear(z)  = z                       derivative 1
//
// The small maximum slopes of sigmoid (1/4) and tanh (1) are why deep stacks of them
// suffer from *vanishing gradients*: the chain rule multiplies one such factor per
// layer. Lesson 5 measures this.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LabMath

/// An activation function, named as in Keras (`activation='relu'`).
public enum Activation: String, Sendable, CaseIterable {
    case relu, sigmoid, tanh, softmax, linear

    /// Computes a = f(z) row by row into `output` (resized to z's shape).
    public func apply(_ z: Matrix, into output: inout Matrix) {
        output.reshapeReusingStorage(rows: z.rows, columns: z.columns)
        let columns = z.columns
        z.elements.withUnsafeBufferPointer { Z in
            output.elements.withUnsafeMutableBufferPointer { A in
                switch self {
                case .linear:
                    for i in Z.indices { A[i] = Z[i] }
                case .relu:
                    for i in Z.indices { A[i] = Z[i] > 0 ? Z[i] : 0 }
                case .sigmoid:
                    for i in Z.indices { A[i] = Activation.sigmoid(Z[i]) }
                case .tanh:
                    for i in Z.indices { A[i] = hyperbolicTangent(Z[i]) }
                case .softmax:
                    for r in 0..<z.rows {
                        Activation.softmaxRow(Z.baseAddress! + r * columns, A.baseAddress! + r * columns, columns)
                    }
                }
            }
        }
    }

    /// The chain rule through the activation: given dL/da, computes dL/dz.
    ///
    /// - Parameters:
    ///   - z: the pre-activations (batch x units), needed by relu.
    ///   - a: the activations f(z), from which sigmoid, tanh and softmax derivatives
    ///     are cheapest to compute.
    ///   - outputGradient: dL/da, same shape.
    ///   - zGradient: receives dL/dz, same shape.
    ///
    /// For softmax every output depends on every input of its row, so the Jacobian is
    /// a matrix: da_k/dz_i = a_k (delta_ki - a_i). Its product with dL/da simplifies to
    /// dL/dz_i = a_i (dL/da_i - sum_k a_k dL/da_k), which we compute without forming it.
    public func backward(z: Matrix, a: Matrix, outputGradient: Matrix, into zGradient: inout Matrix) {
        zGradient.reshapeReusingStorage(rows: z.rows, columns: z.columns)
        let columns = z.columns
        z.elements.withUnsafeBufferPointer { Z in
            a.elements.withUnsafeBufferPointer { A in
                outputGradient.elements.withUnsafeBufferPointer { G in
                    zGradient.elements.withUnsafeMutableBufferPointer { D in
                        switch self {
                        case .linear:
                            for i in G.indices { D[i] = G[i] }
                        case .relu:
                            // The derivative at exactly 0 is undefined; we use 0, as Keras and PyTorch do.
                            for i in G.indices { D[i] = Z[i] > 0 ? G[i] : 0 }
                        case .sigmoid:
                            for i in G.indices { D[i] = G[i] * A[i] * (1 - A[i]) }
                        case .tanh:
                            for i in G.indices { D[i] = G[i] * (1 - A[i] * A[i]) }
                        case .softmax:
                            for r in 0..<z.rows {
                                let base = r * columns
                                var weighted = 0.0
                                for k in 0..<columns { weighted += A[base + k] * G[base + k] }
                                for k in 0..<columns { D[base + k] = A[base + k] * (G[base + k] - weighted) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The logistic function 1 / (1 + e^-z), evaluated without overflow.
    ///
    /// For z very negative, e^-z overflows to infinity; the result 1 / inf = 0 is still
    /// right, but to be safe from NaN in every branch we use the equivalent
    /// e^z / (1 + e^z) when z < 0, whose exponential is always at most 1.
    @inline(__always)
    public static func sigmoid(_ z: Double) -> Double {
        if z >= 0 {
            return 1 / (1 + exp(-z))
        } else {
            let e = exp(z)
            return e / (1 + e)
        }
    }

    /// Softmax of one row of length n.
    ///
    /// The naive e^{z_k} / sum_j e^{z_j} overflows as soon as some z_k > 709
    /// (e^710 = inf, and inf / inf = NaN). Softmax does not change when a constant is
    /// subtracted from every z_k, so we subtract the row maximum first: every exponent
    /// is then <= 0, the largest term is exactly 1, and the sum is at least 1.
    @inline(__always)
    static func softmaxRow(_ z: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ n: Int) {
        var maximum = -Double.infinity
        for k in 0..<n { maximum = max(maximum, z[k]) }
        var sum = 0.0
        for k in 0..<n {
            let e = exp(z[k] - maximum)
            a[k] = e
            sum += e
        }
        for k in 0..<n { a[k] /= sum }
    }
}

/// The C library's tanh under another name: inside `Activation`, `tanh` means the enum case.
@inline(__always)
func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }
