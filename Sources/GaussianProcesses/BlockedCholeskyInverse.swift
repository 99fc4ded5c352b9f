// BlockedCholeskyInverse.swift
//
// What this file teaches: the two steps of CholeskyInverse.swift (X = L^-1, then
// K^-1 = X^T X) rearranged in blocks, so that a large n (1,000: 8 MB per matrix, more
// than the processor's caches hold) runs at the speed of LabMath's product kernel
// instead of waiting for memory. The sums are the same; only their grouping changes.
//
// Step 1, X = L^-1 by block rows of h = 64 rows. Write row block I of L X = I as
//
//   L_I,<I X_<I,<I + L_II X_I,<I = 0   =>   X_I,<I = -L_II^-1 (L_I,<I X_<I,<I),
//
// so each row block needs one matrix product T = L_I,<I X_<I,<I (the finished rows of
// X above it; X is lower triangular, so each 8-column slice of T sums only over the
// rows k >= its first column), then a forward substitution with the small h x h block
// L_II applied to whole rows of T at once, and the block's own triangle X_II.
//
// Step 2, K^-1 = X^T X, (K^-1)_ij = sum_{k >= i} X_ki X_kj: the sum over k is cut
// into slices of h rows of X. One slice (h x n, at most 512 kB) stays in the level-2
// cache while every 4-row strip of K^-1 adds its part; without the slicing each strip
// would read all of X from main memory again.
//
// Both steps read X as the product's B. Each finished block of rows of X is also
// copied into panels of 8 columns (LabMath's PackedProducts.swift), so that the
// products read it as sequential streams instead of one cache line per row of 8 kB;
// n^2 / 2 copies against n^3 / 3 multiply-adds, and the same sums bit for bit.
//
// These are the two steps of LAPACK's dpotri (dtrtri: L^-1 by blocks, then dlauum:
// L^-T L^-1 by blocks); Golub and Van Loan, "Matrix Computations", 4th ed., chapter 3
// (triangular systems, block forms) and section 4.2. Safeguards: none beyond the
// factor's, since L's diagonal is positive (CholeskyFactor checks every pivot) and
// every division is by an L_ii.
// Every entry is a fixed sequence of operations, so the bits do not depend on the
// build; they can differ from the unblocked code's in the last place.

import LabMath

/// K^-1 for n up to this size uses the unblocked code: X and K^-1 then fit in the
/// level-2 cache (two 256 x 256 matrices, 1 MB in all, half of it the used triangles).
let blockedInverseThreshold = 256

/// Rows of X per block in both steps.
let inverseBlockHeight = 64

extension CholeskyInverse {
    /// `compute(from:)` for large n, in blocks (see the top of the file).
    /// - Complexity: about n^3 / 3 multiply-adds, almost all in the product kernel.
    mutating func computeBlocked(from lowerFactor: Matrix) {
        let n = dimension, stride = self.stride, h = inverseBlockHeight
        // X again, packed in panels of 8 columns (PackedProducts.swift in LabMath):
        // both steps read X as the products' B. Taken out of `self` while the other
        // buffers are borrowed, and put back for the next call.
        let panelStride = 8 * n
        var panels = packedLowerInverse
        packedLowerInverse = []
        if panels.count != panelStride * ((n + 7) / 8) {
            panels = [Double](repeating: 0, count: panelStride * ((n + 7) / 8))
        }
        panels.withUnsafeMutableBufferPointer { panelBuffer in
            let packed = panelBuffer.baseAddress!
            withBuffers(lowerFactor) { l, x, w in
                var start = 0
                while start < n {
                    let end = min(start + h, n)
                    invertRowBlock(l, into: x, packed: packed, panelStride: panelStride, n: n, stride: stride,
                                   rows: start..<end)
                    // The finished rows join the packed copy (columns up to the block's end;
                    // the rest of these rows is zero and never read).
                    packColumnPanels(rows: end - start, columns: end, from: x + start * stride, rowStride: stride,
                                     into: packed + 8 * start, panelStride: panelStride)
                    start = end
                }
                multiplyTransposeByItself(packed, panelStride: panelStride, into: w, n: n, stride: stride,
                                          sliceHeight: h)
            }
        }
        packedLowerInverse = panels
    }
}

/// Rows `rows` of X = L^-1 (L: n x n, row stride n; X: row stride `stride`), given
/// the rows of X above them. Writes X[rows, 0..<stride] (zeros right of the diagonal).
private func invertRowBlock(_ l: UnsafePointer<Double>, into x: UnsafeMutablePointer<Double>,
                            packed: UnsafePointer<Double>, panelStride: Int, n: Int, stride: Int, rows: Range<Int>) {
    let s = rows.lowerBound
    // T = L_I,<I X_<I,<I, written where X_I,<I goes. Slice of columns j0..<j0+8 (one
    // panel of the packed X, from its row j0): X_kj = 0 for k < j0, so the sum runs
    // over k >= j0 only.
    var j0 = 0
    while j0 < s {
        let columns = min(8, s - j0)
        multiplyAdd(rows: rows.count, columns: columns, depth: s - j0,
                    a: l + s * n + j0, rowStride: n, columnStride: 1,
                    panels: packed + (j0 / 8) * panelStride + 8 * j0, panelStride: panelStride,
                    c: x + s * stride + j0, cRowStride: stride, accumulate: false)
        j0 += columns
    }
    // X_I,<I = -L_II^-1 T, row by row: with Y = L_II^-1 T = -X_I,<I,
    //   Y_r = (T_r - sum_{q<r} L_rq Y_q) / L_rr   =>   X_r = (T_r + sum_{q<r} L_rq X_q) / -L_rr,
    // each a whole row of s entries at once (s is a multiple of h, hence of 4).
    for i in rows {
        let row = x + i * stride
        for q in s..<i {
            let c = l[i * n + q]
            let other = x + q * stride
            var j = 0
            while j < s {
                store(load(row + j) + c * load(other + j), row + j)
                j += 4
            }
        }
        let pivot = -l[i * n + i]
        var j = 0
        while j < s {
            store(load(row + j) / pivot, row + j)
            j += 4
        }
    }
    // The block's own triangle X_II, entry by entry (as in CholeskyInverse.swift), and
    // zeros right of the diagonal (step 2 reads whole groups of columns).
    for i in rows { finishRowInDiagonalBlock(l, x, n: n, stride: stride, row: i, blockStart: s) }
}

/// (K^-1)_ij = sum_{k >= i} X_ki X_kj for j <= i (and scratch right of the diagonal),
/// summed slice by slice of `sliceHeight` rows of X; each strip of 4 rows of K^-1 is
/// one product per slice: A' = X^T (rows i, columns k), B = X (rows k), both read
/// from the packed X (panel i / 8 holds X_ki at 8 k + i % 8).
private func multiplyTransposeByItself(_ packed: UnsafePointer<Double>, panelStride: Int,
                                       into w: UnsafeMutablePointer<Double>, n: Int, stride: Int, sliceHeight: Int) {
    var k0 = 0
    while k0 < n {
        let k1 = min(k0 + sliceHeight, n)
        // Strips i0 < k1 get the terms k in max(k0, i0)..<k1 (X_ki = 0 for k < i).
        var i0 = 0
        while i0 < k1 {
            let rows = min(4, n - i0)
            let kStart = max(k0, i0)
            multiplyAdd(rows: rows, columns: i0 + rows, depth: k1 - kStart,
                        a: packed + (i0 / 8) * panelStride + 8 * kStart + i0 % 8, rowStride: 1, columnStride: 8,
                        panels: packed + 8 * kStart, panelStride: panelStride,
                        c: w + i0 * stride, cRowStride: stride, accumulate: k0 > i0)
            i0 += 4
        }
        k0 = k1
    }
}
