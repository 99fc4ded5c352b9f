// Cholesky.swift
//
// What this file teaches: how to solve A x = b when A is symmetric positive definite
// (a covariance matrix, say) without ever computing A^-1.
//
// Factor A = L L^T with L lower triangular (the Cholesky factorisation). Then
// A x = b becomes two triangular solves: L y = b (forward substitution) and
// L^T x = y (back substitution). Compared with forming an inverse this is about
// three times cheaper, and much more accurate: the error of an explicit inverse grows
// with the condition number of A in ways the triangular solves avoid (Higham,
// "Accuracy and Stability of Numerical Algorithms", 2nd ed., ch. 10 and 14). As a
// bonus, log det A = 2 sum_i log L_ii comes for free, which the Gaussian process's
// marginal likelihood needs.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a Cholesky factorisation failed.
public enum CholeskyError: Error, Equatable, CustomStringConvertible {
    /// The matrix is not square.
    case notSquare(rows: Int, columns: Int)
    /// Pivot `index` was not positive (or was NaN): the matrix is not positive
    /// definite, at least not to working precision.
    case notPositiveDefinite(index: Int, pivot: Double)

    public var description: String {
        switch self {
        case let .notSquare(r, c):
            return "Cholesky needs a square matrix, got \(r)x\(c)"
        case let .notPositiveDefinite(i, p):
            return "matrix is not positive definite: pivot \(i) is \(p)"
        }
    }
}

/// The Cholesky factor L of a symmetric positive-definite matrix A = L L^T.
///
/// ```swift
/// let a = Matrix([[4, 2], [2, 3]])
/// let chol = try CholeskyFactor(a)
/// chol.solve([2, 1])          // x with a . x = [2, 1]
/// chol.logDeterminant         // log(8)
/// ```
public struct CholeskyFactor: Sendable {
    /// L, lower triangular; entries above the diagonal are zero.
    public let lower: Matrix

    /// Factors `a`, reading only its lower triangle (it is assumed symmetric).
    ///
    /// The Cholesky-Banachiewicz order, row by row:
    ///   L_ij = (A_ij - sum_{k<j} L_ik L_jk) / L_jj    for j < i
    ///   L_ii = sqrt(A_ii - sum_{k<i} L_ik^2)
    /// Both sums are dot products of contiguous row prefixes.
    ///
    /// Speed: each sum is a chain of dependent subtractions, and the processor waits
    /// for one to finish before starting the next. So rows are taken four at a time:
    /// for the columns j left of the block (almost all of the n^3 / 3 work), the four
    /// rows' sums advance together, four terms k at a time in SIMD lanes (sixteen
    /// multiply-adds per step from five loads), and each row's four lane sums are added
    /// at the end. The ten sums of the small triangle inside the block do their terms
    /// k < (start of the block) together, then finish in the textbook order. The lanes
    /// change the order of the additions, so L_ij can differ from the textbook loop's
    /// in the last bits (the error bound, n eps |L||L^T|, is the same).
    ///
    /// Above `blockedCholeskyThreshold` (256) the same sums are regrouped into block
    /// columns of 64, so that almost all the work runs in the matrix product kernel
    /// while its data stays in the cache (BlockedCholesky.swift); L then agrees with
    /// this loop's to round-off, not bit for bit.
    ///
    /// - Throws: `CholeskyError.notPositiveDefinite` when a pivot is <= 0 or NaN.
    ///   Callers such as the Gaussian process then add a small "jitter" to the
    ///   diagonal and try again.
    /// - Complexity: n^3 / 3 multiply-adds.
    public init(_ a: Matrix) throws {
        guard a.rows == a.columns else { throw CholeskyError.notSquare(rows: a.rows, columns: a.columns) }
        let n = a.rows
        // L starts as A's lower triangle (zeros above it) and is overwritten in place.
        var l = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0...i { l.elements[i * n + j] = a.elements[i * n + j] }
        }
        try l.elements.withUnsafeMutableBufferPointer { L in
            guard let base = L.baseAddress else { return }
            if n <= blockedCholeskyThreshold {
                try factorUnblocked(base, rowStride: n, size: n, firstIndex: 0)
            } else {
                try factorBlocked(base, size: n)
            }
        }
        lower = l
    }

    /// The size n of the factored n x n matrix.
    public var dimension: Int { lower.rows }

    /// log det A = 2 sum_i log L_ii. Computing det A itself would overflow or
    /// underflow for moderate n; its logarithm does not.
    public var logDeterminant: Double {
        var sum = 0.0
        for i in 0..<dimension { sum += log(lower[i, i]) }
        return 2 * sum
    }

    /// Solves L y = b by forward substitution: y_i = (b_i - sum_{k<i} L_ik y_k) / L_ii.
    /// - Complexity: O(n^2).
    public func solveLower(_ b: [Double]) -> [Double] {
        precondition(b.count == dimension, "right-hand side has \(b.count) entries, expected \(dimension)")
        let n = dimension
        var y = b
        lower.elements.withUnsafeBufferPointer { L in
            for i in 0..<n {
                var sum = y[i]
                for k in 0..<i { sum -= L[i * n + k] * y[k] }
                y[i] = sum / L[i * n + i]
            }
        }
        return y
    }

    /// Solves L^T x = y by back substitution: x_i = (y_i - sum_{k>i} L_ki x_k) / L_ii.
    /// - Complexity: O(n^2).
    public func solveUpper(_ y: [Double]) -> [Double] {
        precondition(y.count == dimension, "right-hand side has \(y.count) entries, expected \(dimension)")
        let n = dimension
        var x = y
        lower.elements.withUnsafeBufferPointer { L in
            var i = n - 1
            while i >= 0 {
                var sum = x[i]
                for k in (i + 1)..<n { sum -= L[k * n + i] * x[k] }
                x[i] = sum / L[i * n + i]
                i -= 1
            }
        }
        return x
    }

    /// Solves A x = b as L (L^T x) = b: one forward and one back substitution.
    public func solve(_ b: [Double]) -> [Double] {
        solveUpper(solveLower(b))
    }

    /// Forward substitution for many right-hand sides at once: each *row* r of `b`
    /// is replaced by the solution y of L y = r. Rows are contiguous, so this is the
    /// cache-friendly layout when there are many right-hand sides (for example one
    /// per test point of a Gaussian process).
    ///
    /// - Parameter b: m x n, one right-hand side per row.
    /// - Returns: m x n.
    /// - Complexity: O(m n^2).
    public func solveLower(rowsOf b: Matrix) -> Matrix {
        precondition(b.columns == dimension, "right-hand sides have \(b.columns) entries, expected \(dimension)")
        let n = dimension
        var out = b
        lower.elements.withUnsafeBufferPointer { L in
            out.elements.withUnsafeMutableBufferPointer { Y in
                var r = 0
                // Four right-hand sides at once: four independent chains of subtractions
                // (see `init`); each row's arithmetic is exactly the one-row loop below.
                while r + 4 <= b.rows {
                    let y0 = Y.baseAddress! + r * n, y1 = y0 + n, y2 = y1 + n, y3 = y2 + n
                    for i in 0..<n {
                        var s0 = y0[i], s1 = y1[i], s2 = y2[i], s3 = y3[i]
                        for k in 0..<i {
                            let lik = L[i * n + k]
                            s0 -= lik * y0[k]
                            s1 -= lik * y1[k]
                            s2 -= lik * y2[k]
                            s3 -= lik * y3[k]
                        }
                        let pivot = L[i * n + i]
                        y0[i] = s0 / pivot
                        y1[i] = s1 / pivot
                        y2[i] = s2 / pivot
                        y3[i] = s3 / pivot
                    }
                    r += 4
                }
                while r < b.rows {
                    let y = Y.baseAddress! + r * n
                    for i in 0..<n {
                        var sum = y[i]
                        for k in 0..<i { sum -= L[i * n + k] * y[k] }
                        y[i] = sum / L[i * n + i]
                    }
                    r += 1
                }
            }
        }
        return out
    }
}

/// The unblocked factorisation, in place: the size x size block at `L` (rows
/// `rowStride` apart) holds A's lower triangle on entry and L's on return. The
/// algorithm and its speed-ups are described at `CholeskyFactor.init`.
/// - Parameter firstIndex: the block's first row in the whole matrix (for errors).
func factorUnblocked(_ L: UnsafeMutablePointer<Double>, rowStride ld: Int, size n: Int, firstIndex: Int) throws {
    var first = 0
    while first < n {
        let last = min(first + 4, n)    // rows first..<last form the block
        // The triangle's sums over k < first, for a full block (else zeros).
        var prefix = SIMD16<Double>()   // entry 4 (i - first) + (j - first)
        let full = last - first == 4
        if full {
            // Columns left of the block: four independent sums per column.
            let r0 = first * ld, r1 = r0 + ld, r2 = r1 + ld, r3 = r2 + ld
            for j in 0..<first {
                // Four k at a time in SIMD lanes (k = 4m + lane), one shared
                // load of row j's segment per step; the lanes are added at the
                // end, then the last j mod 4 terms in order.
                var v0 = SIMD4<Double>(), v1 = v0, v2 = v0, v3 = v0
                let rowJ = L + j * ld
                var k = 0
                while k + 4 <= j {
                    let ljk = loadFour(rowJ + k)
                    v0 += loadFour(L + r0 + k) * ljk
                    v1 += loadFour(L + r1 + k) * ljk
                    v2 += loadFour(L + r2 + k) * ljk
                    v3 += loadFour(L + r3 + k) * ljk
                    k += 4
                }
                var s0 = L[r0 + j] - v0.sum(), s1 = L[r1 + j] - v1.sum()
                var s2 = L[r2 + j] - v2.sum(), s3 = L[r3 + j] - v3.sum()
                while k < j {
                    let ljk = rowJ[k]
                    s0 -= L[r0 + k] * ljk
                    s1 -= L[r1 + k] * ljk
                    s2 -= L[r2 + k] * ljk
                    s3 -= L[r3 + k] * ljk
                    k += 1
                }
                let pivot = L[j * ld + j]
                L[r0 + j] = s0 / pivot
                L[r1 + j] = s1 / pivot
                L[r2 + j] = s2 / pivot
                L[r3 + j] = s3 / pivot
            }
            // The block's own triangle (j <= i, both in the block): the terms
            // k < first of its ten sums, again advancing together.
            var t00 = L[r0 + first], t10 = L[r1 + first], t11 = L[r1 + first + 1]
            var t20 = L[r2 + first], t21 = L[r2 + first + 1], t22 = L[r2 + first + 2]
            var t30 = L[r3 + first], t31 = L[r3 + first + 1], t32 = L[r3 + first + 2]
            var t33 = L[r3 + first + 3]
            for k in 0..<first {
                let l0 = L[r0 + k], l1 = L[r1 + k], l2 = L[r2 + k], l3 = L[r3 + k]
                t00 -= l0 * l0
                t10 -= l1 * l0; t11 -= l1 * l1
                t20 -= l2 * l0; t21 -= l2 * l1; t22 -= l2 * l2
                t30 -= l3 * l0; t31 -= l3 * l1; t32 -= l3 * l2; t33 -= l3 * l3
            }
            prefix = SIMD16(t00, 0, 0, 0, t10, t11, 0, 0, t20, t21, t22, 0, t30, t31, t32, t33)
        }
        // The rest of each row (all of it for a short last block), in order:
        // continue each sum where the prefix stopped.
        for i in first..<last {
            for j in (full ? first : 0)...i {
                var sum = full ? prefix[4 * (i - first) + (j - first)] : L[i * ld + j]
                for k in (full ? first : 0)..<j { sum -= L[i * ld + k] * L[j * ld + k] }
                if i == j {
                    // `!(sum > 0)` also catches NaN, which `sum <= 0` would let through.
                    guard sum > 0 else { throw CholeskyError.notPositiveDefinite(index: firstIndex + i, pivot: sum) }
                    L[i * ld + i] = sum.squareRoot()
                } else {
                    L[i * ld + j] = sum / L[j * ld + j]
                }
            }
        }
        first = last
    }
}

/// Four doubles from `p` (no alignment needed).
@inline(__always)
private func loadFour(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}
