// BlockedCholesky.swift
//
// What this file teaches: how to make an n^3 algorithm run at the speed of the matrix
// product kernel by *blocking*, here for the Cholesky factorisation of a large matrix.
//
// The unblocked loop (Cholesky.swift) computes each L_ij as A_ij minus a dot product
// of two row prefixes. For n = 1,000 the matrix takes 8 MB: it no longer fits in the
// processor's caches, and each dot product reads its rows from main memory again. A
// matrix product, by contrast, reuses every number it loads many times while it sits
// in a register or in the cache (MatrixProducts.swift). So we regroup the same sums.
// Cut the columns into blocks of w (64 here) and write, for the block column J:
//
//   [ L_JJ ]           [ A_JJ ]   [ L_J,<J ]
//   [ L_BJ ] L_JJ^T =  [ A_BJ ] - [ L_B,<J ] L_J,<J^T          (B: the rows below J)
//
// ("left-looking": block column J looks left at the finished columns < J). Each step:
//   1. update:  the right-hand side, one matrix product with p = (columns left of J),
//               almost all of the n^3 / 3 multiply-adds, in the fast kernel;
//   2. factor:  the w x w diagonal block, by the unblocked code, L_JJ L_JJ^T = (it);
//   3. solve:   L_BJ = (it) L_JJ^-T, forward substitution for every row below,
//               eight rows at a time in SIMD lanes (see `solveBelowDiagonalBlock`).
// This is the left-looking order of LAPACK's dpotrf (update the block column from the
// finished ones, factor its top, solve below). The right-looking order, the other
// textbook form, would instead subtract each new block column's outer product from
// the whole trailing matrix at once: the same n^3 / 3 multiply-adds, but it rewrites
// the trailing matrix (8 MB at n = 1,000) on every step, where ours updates each
// block column once, with all the columns to its left. Reference: Golub and Van Loan, "Matrix
// Computations", 4th ed., section 4.2 (block Cholesky, level-3 formulations).
//
// Numerical safety is that of the unblocked loop: the same error bound
// (n eps |L||L^T|), and a pivot <= 0 or NaN in any diagonal block stops the
// factorisation with the pivot's index in the whole matrix, so that the Gaussian
// process can add jitter and retry (GaussianProcessRegressor.swift).
//
// Each L_ij is still A_ij minus the same products L_ik L_jk, in a fixed order (k < J's
// start in one chain from the kernel, then the block's own k in order), so the result
// is the same bits in every build; it can differ from the unblocked loop's in the last
// bits, with the same error bound.

/// Matrices up to this size are factored by the unblocked loop: their rows stay in
/// the 512 kB level-2 cache (n = 256: a 256 x 256 triangle is 256 kB), where blocking
/// gains little. Larger ones are factored block by block.
let blockedCholeskyThreshold = 256

/// The width w of a block column: the product's inner loop (p) grows in steps of w,
/// and the w x (columns left) slice of L that the update reads (up to 512 kB for
/// n = 1,000) stays in the level-2 cache while all rows below use it.
let choleskyBlockWidth = 64

/// Left-looking blocked Cholesky, in place: on entry the n x n matrix at `L` (row
/// stride n) holds A's lower triangle and zeros above it; on return, L.
/// - Throws: `CholeskyError.notPositiveDefinite` with the global pivot index.
/// - Complexity: n^3 / 3 multiply-adds, all but about n^2 w / 2 in the product kernel.
func factorBlocked(_ L: UnsafeMutablePointer<Double>, size n: Int) throws {
    let w = choleskyBlockWidth
    // -L_J,<J^T, the product's B, packed in panels of 8 columns (PackedProducts.swift):
    // B(k, j) = -L[start + j, k] at (j / 8) * 8 start + 8 k + j % 8.
    var packed = [Double](repeating: 0, count: n * w)
    var start = 0
    while start < n {
        let end = min(start + w, n), width = end - start
        // 1. Update: A[start..<n, start..<end] += (-L[start..<n, 0..<start]) L_J,<J^T.
        //    The negated copy turns the kernel's "C += A B" into a subtraction; negation
        //    is exact, so this is the same arithmetic as subtracting each product.
        if start > 0 {
            packed.withUnsafeMutableBufferPointer { buffer in
                let b = buffer.baseAddress!
                for j in 0..<width {
                    let row = L + (start + j) * n, column = b + (j / 8) * 8 * start + j % 8
                    for k in 0..<start { column[8 * k] = -row[k] }
                }
                multiplyAdd(rows: n - start, columns: width, depth: start,
                            a: L + start * n, rowStride: n, columnStride: 1,
                            panels: b, panelStride: 8 * start, c: L + start * n + start, cRowStride: n,
                            accumulate: true)
            }
        }
        // The update also wrote into the diagonal block's upper triangle; clear it
        // (the unblocked factorisation never reads it, but L must be zero there).
        for i in start..<end {
            for j in (i + 1)..<end { L[i * n + j] = 0 }
        }
        // 2. Factor the diagonal block.
        try factorUnblocked(L + start * n + start, rowStride: n, size: width, firstIndex: start)
        // 3. Solve for the rows below it.
        solveBelowDiagonalBlock(L, n: n, start: start, end: end)
        start = end
    }
}

/// L[i, start..<end] = x with L_JJ x = L[i, start..<end] (forward substitution),
/// for every row i >= end; L_JJ is the factored diagonal block.
///
///   x_j = (a_j - sum_{start <= k < j} L_jk x_k) / L_jj
///
/// Eight rows at a time: their segments are copied, transposed, into a small buffer
/// (row k of it holds x_k of the eight rows), so that one SIMD8 operation advances
/// all eight sums; each lane does exactly the scalar loop's arithmetic, in order.
func solveBelowDiagonalBlock(_ L: UnsafeMutablePointer<Double>, n: Int, start: Int, end: Int) {
    let width = end - start
    let lanes = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: width)
    defer { lanes.deallocate() }
    var first = end
    while first < n {
        let rows = min(8, n - first)
        // Rows past n repeat the last row; their results are not stored.
        for k in 0..<width {
            var v = SIMD8<Double>()
            for r in 0..<8 { v[r] = L[(first + min(r, rows - 1)) * n + start + k] }
            lanes[k] = v
        }
        for j in 0..<width {
            var sum = lanes[j]
            let rowJ = L + (start + j) * n + start
            for k in 0..<j { sum -= rowJ[k] * lanes[k] }
            lanes[j] = sum / rowJ[j]
        }
        for k in 0..<width {
            for r in 0..<rows { L[(first + r) * n + start + k] = lanes[k][r] }
        }
        first += rows
    }
}
