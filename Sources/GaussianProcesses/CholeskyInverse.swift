// CholeskyInverse.swift
//
// What this file teaches: how to invert a symmetric positive-definite matrix when you
// really need every entry of the inverse (the marginal likelihood's gradient does),
// starting from its Cholesky factor: K = L L^T, so K^-1 = L^-T L^-1 = X^T X with
// X = L^-1. Two steps, each about n^3 / 6 multiply-adds:
//
//   1. X = L^-1 by forward substitution, row by row:
//        X_ij = -(sum_{j <= k < i} L_ik X_kj) / L_ii   (j < i),    X_ii = 1 / L_ii.
//   2. (K^-1)_ij = sum_{k >= i} X_ki X_kj                          (j <= i),
//      computed in 4 x 8 tiles from the rows of X (see `compute`).
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
    /// X packed in panels of 8 columns, for the blocked code (empty until it runs).
    var packedLowerInverse: [Double] = []

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

    /// Computes K^-1 = L^-T L^-1 from L (n x n, lower triangular, positive diagonal):
    /// by the loops below up to `blockedInverseThreshold`, in cache-sized blocks above
    /// it (BlockedCholeskyInverse.swift). Both give the same sums grouped differently,
    /// so they agree to round-off, not bit for bit.
    /// - Complexity: about n^3 / 3 multiply-adds, four per SIMD instruction.
    mutating func compute(from lowerFactor: Matrix) {
        precondition(lowerFactor.rows == dimension, "factor has \(lowerFactor.rows) rows, expected \(dimension)")
        if dimension > blockedInverseThreshold {
            computeBlocked(from: lowerFactor)
        } else {
            computeUnblocked(from: lowerFactor)
        }
    }

    /// `compute(from:)` without blocking, for any n (the tests compare both ways).
    mutating func computeUnblocked(from lowerFactor: Matrix) {
        precondition(lowerFactor.rows == dimension, "factor has \(lowerFactor.rows) rows, expected \(dimension)")
        let n = dimension, stride = self.stride
        withBuffers(lowerFactor) { l, x, w in
            // Step 1: X = L^-1, four rows i0..i0+3 at a time. For a column block
            // j0..j0+3 left of the diagonal block, the four rows' sums over
            // k < i0 share each load of X[k, j0..j0+3] (sixteen multiply-adds
            // per load); then the rows finish in order inside the block, each
            // using the ones just computed above it.
            var i0 = 0
            while i0 < n {
                let rows = min(4, n - i0)
                // Rows past n reuse row n - 1's numbers and are never stored.
                let lr0 = l + min(i0, n - 1) * n, lr1 = l + min(i0 + 1, n - 1) * n
                let lr2 = l + min(i0 + 2, n - 1) * n, lr3 = l + min(i0 + 3, n - 1) * n
                var j0 = 0
                while j0 < i0 {
                    var a0 = SIMD4<Double>(), a1 = a0, a2 = a0, a3 = a0
                    // X_kj = 0 for k < j, so the sums start at k = j0.
                    for k in j0..<i0 {
                        let xk = load(x + k * stride + j0)
                        a0 += lr0[k] * xk; a1 += lr1[k] * xk; a2 += lr2[k] * xk; a3 += lr3[k] * xk
                    }
                    // Row i0 + r adds its terms k = i0 ..< i0 + r from the rows
                    // just finished, then X_ij = -sum / L_ii.
                    let x0 = a0 * -(1 / lr0[i0])
                    store(x0, x + i0 * stride + j0)
                    if rows > 1 {
                        let x1 = (a1 + lr1[i0] * x0) * -(1 / lr1[i0 + 1])
                        store(x1, x + (i0 + 1) * stride + j0)
                        if rows > 2 {
                            let x2 = (a2 + lr2[i0] * x0 + lr2[i0 + 1] * x1) * -(1 / lr2[i0 + 2])
                            store(x2, x + (i0 + 2) * stride + j0)
                            if rows > 3 {
                                let x3 = (a3 + lr3[i0] * x0 + lr3[i0 + 1] * x1 + lr3[i0 + 2] * x2)
                                    * -(1 / lr3[i0 + 3])
                                store(x3, x + (i0 + 3) * stride + j0)
                            }
                        }
                    }
                    j0 += 4
                }
                // The diagonal block itself, entry by entry in the textbook order,
                // and zeros right of the diagonal (step 2 reads whole groups).
                for i in i0..<(i0 + rows) {
                    finishRowInDiagonalBlock(l, x, n: n, stride: stride, row: i, blockStart: i0)
                }
                i0 += 4
            }
            // Step 2: (K^-1)_ij = sum_{k >= i} X_ki X_kj, as 4 x 8 tiles: rows
            // i0..i0+3 and columns j0..j0+7 at once. Per k, one load of
            // X[k, i0..i0+3] and two of X[k, j0..j0+7] feed 32 multiply-adds in
            // eight independent chains, all from row k of X (contiguous), where
            // a column-by-column sum would walk down X with a stride of n.
            // X_ki = 0 for k < i, so every sum can start at k = i0.
            i0 = 0
            while i0 < n {
                let rows = min(4, n - i0)
                var j0 = 0
                while j0 < i0 + rows {
                    let pair = j0 + 4 < i0 + rows
                    var a0 = SIMD4<Double>(), a1 = a0, a2 = a0, a3 = a0
                    var b0 = a0, b1 = a0, b2 = a0, b3 = a0
                    for k in i0..<n {
                        let row = x + k * stride
                        let xi = load(row + i0), xj = load(row + j0)
                        a0 += xi[0] * xj; a1 += xi[1] * xj; a2 += xi[2] * xj; a3 += xi[3] * xj
                        if pair {
                            let xk = load(row + j0 + 4)
                            b0 += xi[0] * xk; b1 += xi[1] * xk; b2 += xi[2] * xk; b3 += xi[3] * xk
                        }
                    }
                    // Rows past n (a short last block) are not stored.
                    let out = w + i0 * stride + j0
                    store(a0, out)
                    if rows > 1 { store(a1, out + stride) }
                    if rows > 2 { store(a2, out + 2 * stride) }
                    if rows > 3 { store(a3, out + 3 * stride) }
                    if pair {
                        store(b0, out + 4)
                        if rows > 1 { store(b1, out + stride + 4) }
                        if rows > 2 { store(b2, out + 2 * stride + 4) }
                        if rows > 3 { store(b3, out + 3 * stride + 4) }
                    }
                    j0 += pair ? 8 : 4
                }
                i0 += 4
            }
        }
    }

    /// Calls `body` with pointers to L (row stride n), X and K^-1 (row stride `stride`).
    mutating func withBuffers(_ lowerFactor: Matrix,
                              _ body: (_ l: UnsafePointer<Double>, _ x: UnsafeMutablePointer<Double>,
                                       _ w: UnsafeMutablePointer<Double>) -> Void) {
        lowerFactor.elements.withUnsafeBufferPointer { lBuffer in
            lowerInverse.withUnsafeMutableBufferPointer { xBuffer in
                inverse.withUnsafeMutableBufferPointer { wBuffer in
                    guard let l = lBuffer.baseAddress, let x = xBuffer.baseAddress,
                          let w = wBuffer.baseAddress else { return }
                    body(l, x, w)
                }
            }
        }
    }
}

/// Row i of X = L^-1 inside its diagonal block (columns blockStart...i), given the
/// rows above it, in the textbook order
///   X_ij = -(sum_{j <= k < i} L_ik X_kj) / L_ii,    X_ii = 1 / L_ii,
/// then zeros from column i + 1 to `stride` (the products read whole groups of 4).
@inline(__always)
func finishRowInDiagonalBlock(_ l: UnsafePointer<Double>, _ x: UnsafeMutablePointer<Double>, n: Int, stride: Int,
                              row i: Int, blockStart: Int) {
    let row = x + i * stride
    for j in blockStart..<i {
        var sum = 0.0
        for k in j..<i { sum += l[i * n + k] * x[k * stride + j] }
        row[j] = -sum / l[i * n + i]
    }
    row[i] = 1 / l[i * n + i]
    for column in (i + 1)..<stride { row[column] = 0 }
}

/// Four doubles from `p`, no alignment needed (shared with BlockedCholeskyInverse.swift).
@inline(__always)
func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

/// Stores four doubles at `p`, no alignment needed.
@inline(__always)
func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}
