// CholeskyInverse.swift
//
// What this file teaches: how to invert a symmetric positive-definite matrix when you
// really need every entry of the inverse (the marginal likelihood's gradient does),
// starting from its Cholesky factor: K = L L^T, so K^-1 = L^-T L^-1 = X^T X with
// X = L^-1. Two steps, each about n^3 / 6 multiply-adds:
//
//   1. X = L^-1 by forward substitution, row by row:
//        X_ij = -(sum_{j <= k < i} L_ik X_kj) / L_ii   (j < i),    X_ii = 1 / L_ii.
//   2. (K^-1)_ij = sum_{k >= i} X_ki X_kj                          (j <= i).
//
// Speed: both are sums over k of (a number) x (a row segment of X). We compute four
// neighbouring columns j..j+3 at once in a `SIMD4<Double>`, and keep four partial sums
// (k = 0, 4, 8, ...; k = 1, 5, 9, ...; ...) so that four additions are in flight at a
// time instead of one long chain. Rows are `stride` long (n rounded up to a multiple
// of 4) so that a group of four columns never leaves its row; X is zero above the
// diagonal, so the extra columns add nothing.

import LabMath

/// K^-1 from the Cholesky factor of K, with buffers reused between computations.
struct CholeskyInverse {
    /// n, the size of K.
    let dimension: Int
    /// The row length of the buffers: n rounded up to a multiple of 4.
    let stride: Int
    /// X = L^-1, lower triangular, n rows of `stride` entries (zero beyond the diagonal).
    private var lowerInverse: [Double]
    /// K^-1: row i holds (K^-1)_ij for j <= i; entries right of the diagonal are scratch.
    private var inverse: [Double]

    init(dimension n: Int) {
        dimension = n
        stride = (n + 3) / 4 * 4
        lowerInverse = [Double](repeating: 0, count: n * stride)
        inverse = lowerInverse
    }

    /// (K^-1)_ij for j <= i (the lower triangle; K^-1 is symmetric).
    subscript(i: Int, j: Int) -> Double { inverse[i * stride + j] }

    /// Calls `body` with a pointer to the lower triangle (row i starts at i * stride).
    func withLowerTriangle<R>(_ body: (UnsafePointer<Double>, _ stride: Int) -> R) -> R {
        inverse.withUnsafeBufferPointer { body($0.baseAddress!, stride) }
    }

    /// Computes K^-1 = L^-T L^-1 from L (n x n, lower triangular, positive diagonal).
    /// - Complexity: about n^3 / 3 multiply-adds, four per SIMD instruction.
    mutating func compute(from lowerFactor: Matrix) {
        precondition(lowerFactor.rows == dimension, "factor has \(lowerFactor.rows) rows, expected \(dimension)")
        let n = dimension, stride = self.stride
        lowerFactor.elements.withUnsafeBufferPointer { lBuffer in
            lowerInverse.withUnsafeMutableBufferPointer { xBuffer in
                inverse.withUnsafeMutableBufferPointer { wBuffer in
                    guard let l = lBuffer.baseAddress, let x = xBuffer.baseAddress,
                          let w = wBuffer.baseAddress else { return }
                    // Step 1: X = L^-1, row i from rows 0..<i.
                    for i in 0..<n {
                        let row = x + i * stride
                        let reciprocal = 1 / l[i * n + i]
                        var j = 0
                        while j < i {
                            // X_kj = 0 for k < j, so the sum starts at k = j.
                            let sum = scaledRowSum(l + i * n + j, scalarStride: 1,
                                                   x + j * stride + j, rowStride: stride, count: i - j)
                            store(sum * -reciprocal, row + j)
                            j += 4
                        }
                        // The last group may have written columns >= i; set them right.
                        row[i] = reciprocal
                        for column in (i + 1)..<stride { row[column] = 0 }
                    }
                    // Step 2: (K^-1)_ij = sum_{k >= i} X_ki X_kj, four columns j at a time.
                    for i in 0..<n {
                        var j = 0
                        while j <= i {
                            let sum = scaledRowSum(x + i * stride + i, scalarStride: stride,
                                                   x + i * stride + j, rowStride: stride, count: n - i)
                            store(sum, w + i * stride + j)
                            j += 4
                        }
                    }
                }
            }
        }
    }
}

/// sum_{k < count} s[k * scalarStride] * (v[k * rowStride ..< k * rowStride + 4]), with
/// four partial sums (k mod 4) added at the end.
@inline(__always)
private func scaledRowSum(_ s: UnsafePointer<Double>, scalarStride: Int, _ v: UnsafePointer<Double>,
                          rowStride: Int, count: Int) -> SIMD4<Double> {
    var sum0 = SIMD4<Double>(), sum1 = sum0, sum2 = sum0, sum3 = sum0
    var k = 0
    while k + 4 <= count {
        sum0 += s[k * scalarStride] * load(v + k * rowStride)
        sum1 += s[(k + 1) * scalarStride] * load(v + (k + 1) * rowStride)
        sum2 += s[(k + 2) * scalarStride] * load(v + (k + 2) * rowStride)
        sum3 += s[(k + 3) * scalarStride] * load(v + (k + 3) * rowStride)
        k += 4
    }
    while k < count {
        sum0 += s[k * scalarStride] * load(v + k * rowStride)
        k += 1
    }
    return (sum0 + sum1) + (sum2 + sum3)
}

@inline(__always)
private func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
private func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}
