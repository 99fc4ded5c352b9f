// MatrixProducts.swift
//
// What this file teaches: the matrix products a neural network spends its time in,
// and how to arrange the loops so that they run fast.
//
//   forward pass      Z  = X  . W      (batch x in) . (in x out)
//   weight gradient   dW = X^T . dZ    (in x batch) . (batch x out)
//   input gradient    dX = dZ . W^T    (batch x out) . (out x in)
//
// The textbook triple loop
//
//     for i in 0..<m { for j in 0..<n { for k in 0..<p { C[i][j] += A[i][k] * B[k][j] } } }
//
// is correct but slow, for two reasons. Its inner loop walks down a *column* of B,
// jumping a whole row of memory at each step, and it loads and stores C[i][j] for
// every single multiply-add. The kernel below fixes both:
//
// * It computes a block of 4 rows x 8 columns of C at once. The 32 running sums live
//   in processor registers (as four `SIMD8<Double>` values) for the whole k loop, and
//   are written to memory once at the end. Leftover columns use blocks 4, 2 and 1 wide.
// * Each step of the k loop reads 8 *consecutive* values of one row of B and one
//   value from each of the 4 rows of A, then does 32 multiply-adds with them. One
//   SIMD instruction multiplies 4 or 8 doubles at once (AVX or wider hardware).
//
// Every element of C is still the sum over k in increasing order, exactly as in the
// triple loop, so results do not depend on the blocking (nor on the hardware): the
// same seed gives the same bits in a debug and a release build.

/// C = A . B, or C += A . B when `accumulate` is true.
///
/// - Parameters:
///   - a: m x p.
///   - b: p x n.
///   - c: resized to m x n (its storage is reused).
///   - accumulate: add to the existing contents of `c` instead of overwriting them
///     (`c` must then already be m x n).
/// - Complexity: m * p * n multiply-adds.
public func multiply(_ a: Matrix, _ b: Matrix, into c: inout Matrix, accumulate: Bool = false) {
    precondition(a.columns == b.rows, "A.B needs A.columns == B.rows, got \(a.shape) and \(b.shape)")
    prepare(&c, rows: a.rows, columns: b.columns, accumulate: accumulate)
    // Element (i, k) of A is at i * p + k: row stride p, column stride 1.
    blockedProduct(a, rowStride: a.columns, columnStride: 1, m: a.rows, p: a.columns, b, &c, accumulate, nil)
}

/// C = A . B + r, the row vector r added to every row: a layer's Z = X W + b.
///
/// Every element is (sum_k A[i, k] B[k, j]) + r[j], the product's sum first and then
/// the addition, exactly what filling every row of C with r and then accumulating the
/// product computes, but without writing r into every row and reading it back.
///
/// - Parameters:
///   - a: m x p.
///   - b: p x n.
///   - row: n values.
///   - c: resized to m x n.
/// - Complexity: m * p * n multiply-adds, m * n additions.
public func multiply(_ a: Matrix, _ b: Matrix, addingToEveryRow row: [Double], into c: inout Matrix) {
    precondition(a.columns == b.rows, "A.B needs A.columns == B.rows, got \(a.shape) and \(b.shape)")
    precondition(row.count == b.columns, "adding a row of \(row.count) values to a product with \(b.columns) columns")
    prepare(&c, rows: a.rows, columns: b.columns, accumulate: false)
    row.withUnsafeBufferPointer { r in
        blockedProduct(a, rowStride: a.columns, columnStride: 1, m: a.rows, p: a.columns, b, &c, false, r.baseAddress)
    }
}

/// C = A^T . B, or C += A^T . B when `accumulate` is true, without forming A^T.
///
/// - Parameters:
///   - a: p x m (its transpose is m x p).
///   - b: p x n.
///   - c: resized to m x n.
/// - Complexity: m * p * n multiply-adds.
public func multiply(transposing a: Matrix, _ b: Matrix, into c: inout Matrix, accumulate: Bool = false) {
    precondition(a.rows == b.rows, "A^T.B needs A.rows == B.rows, got \(a.shape) and \(b.shape)")
    prepare(&c, rows: a.columns, columns: b.columns, accumulate: accumulate)
    // Element (i, k) of A^T is A[k, i], at k * m + i: row stride 1, column stride m.
    blockedProduct(a, rowStride: 1, columnStride: a.columns, m: a.columns, p: a.rows, b, &c, accumulate, nil)
}

/// C = A . B^T, without forming B^T in the caller: B is transposed into a temporary
/// first (p * n copies), then the fast kernel runs (m * p * n multiply-adds). For the
/// shapes of a network's backward pass the copy is cheap next to the product.
///
/// - Parameters:
///   - a: m x p.
///   - b: n x p (its transpose is p x n).
///   - c: resized to m x n.
public func multiply(_ a: Matrix, transposing b: Matrix, into c: inout Matrix) {
    precondition(a.columns == b.columns, "A.B^T needs A.columns == B.columns, got \(a.shape) and \(b.shape)")
    var bT = Matrix(rows: 0, columns: 0)
    transpose(b, into: &bT)
    multiply(a, bT, into: &c)
}

/// Writes the transpose of `m` into `t` (resized to m.columns x m.rows, storage reused).
///
/// Row j of the transpose is column j of `m`: the loop writes it in order while it
/// reads down the column, one row of `m` (`columns` values) further each step. Walking
/// pointers costs an addition per element, where the index formula `j * rows + i`
/// cost a multiplication checked for overflow.
public func transpose(_ m: Matrix, into t: inout Matrix) {
    t.reshapeReusingStorage(rows: m.columns, columns: m.rows)
    let rows = m.rows, columns = m.columns
    m.elements.withUnsafeBufferPointer { src in
        t.elements.withUnsafeMutableBufferPointer { dst in
            guard let from = src.baseAddress, var to = dst.baseAddress else { return }
            for j in 0..<columns {
                var element = from + j          // m[0, j]
                for _ in 0..<rows {
                    to.pointee = element.pointee
                    to += 1
                    element += columns          // m[i + 1, j]
                }
            }
        }
    }
}

/// The allocating product A . B, for code where clarity matters more than speed.
public func * (a: Matrix, b: Matrix) -> Matrix {
    var c = Matrix(rows: 0, columns: 0)
    multiply(a, b, into: &c)
    return c
}

// MARK: - The kernel

private func prepare(_ c: inout Matrix, rows: Int, columns: Int, accumulate: Bool) {
    if accumulate {
        precondition(c.rows == rows && c.columns == columns,
                     "accumulating into a \(c.shape) matrix, need \(rows)x\(columns)")
    } else {
        c.reshapeReusingStorage(rows: rows, columns: columns)
    }
}

/// C (m x n) = A' . B (+ C when `accumulate`, + `row` in every row when given), where
/// A'(i, k) = a[i * rowStride + k * columnStride] (m x p) and B is p x n, row-major.
private func blockedProduct(_ a: Matrix, rowStride: Int, columnStride: Int, m: Int, p: Int,
                            _ b: Matrix, _ c: inout Matrix, _ accumulate: Bool, _ row: UnsafePointer<Double>?) {
    let n = b.columns
    a.elements.withUnsafeBufferPointer { aBuffer in
        b.elements.withUnsafeBufferPointer { bBuffer in
            c.elements.withUnsafeMutableBufferPointer { cBuffer in
                guard let A = aBuffer.baseAddress, let B = bBuffer.baseAddress,
                      let C = cBuffer.baseAddress else { return }
                // What is added to the sums before they are stored: C's own contents
                // (moving down C's rows), the same `row` for every row, or nothing.
                let addend: UnsafePointer<Double>? = accumulate ? UnsafePointer(C) : row
                let shape = KernelShape(rowStride: rowStride, columnStride: columnStride, p: p, bStride: n,
                                        cStride: n, addendRowStride: accumulate ? n : 0)
                // Large products are shared with a second core: rows 0..<half here, the
                // rest on the helper thread (see TwoCoreSplit.swift). `half` is a
                // multiple of 4 so both parts keep whole 4-row blocks.
                let half = (m / 2 + 3) / 4 * 4
                runSplittingAcrossTwoCores(count: m, splitAt: half,
                                           worthSplitting: m >= 8 && m * p * n > parallelThreshold) { rows in
                    productRows(rows, columns: n, a: A, b: B, c: C, addend: addend, shape)
                }
            }
        }
    }
}

/// The kernel on raw memory, for algorithms that work on blocks of larger matrices
/// (the blocked Cholesky factorisation and triangular inverse):
///
///   C (+)= A' . B,   A'(i, k) = a[i * rowStride + k * columnStride]   (m x p),
///                    B(k, j)  = b[k * bRowStride + j]                  (p x n),
///                    C(i, j) at c[i * cRowStride + j]                  (m x n).
///
/// Runs on the calling thread only. Every C(i, j) is sum_k A'(i, k) B(k, j) with k in
/// increasing order from 0 (then added to C's old value when `accumulate`), whatever
/// the shapes: the same operations as `multiply(_:_:into:accumulate:)`.
/// - Complexity: m * p * n multiply-adds.
public func multiplyAdd(rows m: Int, columns n: Int, depth p: Int,
                        a: UnsafePointer<Double>, rowStride: Int, columnStride: Int,
                        b: UnsafePointer<Double>, bRowStride: Int,
                        c: UnsafeMutablePointer<Double>, cRowStride: Int, accumulate: Bool) {
    let shape = KernelShape(rowStride: rowStride, columnStride: columnStride, p: p, bStride: bRowStride,
                            cStride: cRowStride, addendRowStride: accumulate ? cRowStride : 0)
    productRows(0..<m, columns: n, a: a, b: b, c: c, addend: accumulate ? UnsafePointer(c) : nil, shape)
}

/// Rows `rows` of C = A' . B (+ the addend), one 4-row block at a time.
@inline(__always)
func productRows(_ rows: Range<Int>, columns n: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
                         c: UnsafeMutablePointer<Double>, addend: UnsafePointer<Double>?, _ shape: KernelShape) {
    var i = rows.lowerBound
    // Blocks of 4 rows, then the 0 to 3 remaining rows one at a time.
    while i < rows.upperBound {
        let blockRows = min(4, rows.upperBound - i)
        let aRows = a + i * shape.rowStride
        let cRows = c + i * shape.cStride
        let addRows = shape.addend(addend, row: i)
        // Columns in chunks of 8, then at most one chunk each of 4, 2 and 1.
        var j = 0
        while j + 8 <= n {
            block(SIMD8<Double>.self, blockRows, aRows, shape.column(b, j), cRows + j, offset(addRows, j), shape)
            j += 8
        }
        if j + 4 <= n {
            block(SIMD4<Double>.self, blockRows, aRows, shape.column(b, j), cRows + j, offset(addRows, j), shape)
            j += 4
        }
        if j + 2 <= n {
            block(SIMD2<Double>.self, blockRows, aRows, shape.column(b, j), cRows + j, offset(addRows, j), shape)
            j += 2
        }
        if j < n { scalarColumn(blockRows, aRows, shape.column(b, j), cRows + j, offset(addRows, j), shape) }
        i += blockRows
    }
}

/// Products with more than this many multiply-adds are split across two cores.
///
/// Handing half of a product to the helper thread costs little when the helper is
/// spinning on a free core (a fraction of a microsecond), but a shared machine seldom
/// has a free core: when more threads want to run than there are cores, the operating
/// system pauses the helper, sometimes in the middle of its half, and the caller then
/// waits for it a whole scheduling time slice (milliseconds) to save a few
/// microseconds. Measured on the 2-core machine this was written on, under a load
/// average of 12 to 17, splitting the 131,072-multiply-add products of the digits
/// network's mini-batch made `train-digits-mlp` about half as fast (best of 3 runs
/// each, alternated: 234,000 against 552,000 examples per second on one core).
///
/// So only products long enough to be worth that risk are split. The threshold is
/// the rule of OpenBLAS, the library numpy calls (`interface/gemm.c`): a product of at
/// most 65,536 x 4 = 262,144 multiply-adds runs on one thread. The lessons' mini-batch
/// products stay on one core, as numpy's do; `matmul-128x128x128` (2 million
/// multiply-adds) is still shared.
let parallelThreshold = 262_144

/// The strides and sizes shared by every block of one product: `bStride` and
/// `cStride` are the row lengths of B and C in memory (n for whole matrices);
/// `addendRowStride` is C's row length when C's own rows are added (accumulating),
/// 0 when one row is added to every row. B's columns come in panels of 8, each
/// `bPanelStride` apart: 8 for a row-major B (panel q starts at column 8q), more for
/// a B packed panel by panel (PackedProducts.swift).
struct KernelShape {
    let rowStride: Int, columnStride: Int, p: Int, bStride: Int, cStride: Int, addendRowStride: Int
    var bPanelStride = 8

    /// Where column j of B's first row is.
    @inline(__always)
    func column(_ b: UnsafePointer<Double>, _ j: Int) -> UnsafePointer<Double> {
        b + (j >> 3) * bPanelStride + (j & 7)
    }

    /// Where the values to add to row r of a block are, or nil for none.
    @inline(__always)
    func addend(_ first: UnsafePointer<Double>?, row r: Int) -> UnsafePointer<Double>? {
        guard let first else { return nil }
        return first + r * addendRowStride
    }
}

/// `pointer + j`, or nil.
@inline(__always)
private func offset(_ pointer: UnsafePointer<Double>?, _ j: Int) -> UnsafePointer<Double>? {
    guard let pointer else { return nil }
    return pointer + j
}

/// C[r, 0..<V.scalarCount] = sum_k A'(r, k) * B[k, 0..<V.scalarCount] (+ the addend's
/// row r) for `rows` rows (4 at once when possible: 4 independent running sums keep the
/// processor busy).
@inline(__always)
private func block<V: SIMD>(_: V.Type, _ rows: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                            _ c: UnsafeMutablePointer<Double>, _ addend: UnsafePointer<Double>?,
                            _ s: KernelShape) where V.Scalar == Double {
    if rows == 4 {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V()
        var a0 = a, bk = b
        for _ in 0..<s.p {
            let row = load(V.self, bk)
            c0 += a0[0] * row
            c1 += a0[s.rowStride] * row
            c2 += a0[2 * s.rowStride] * row
            c3 += a0[3 * s.rowStride] * row
            a0 += s.columnStride
            bk += s.bStride
        }
        store(c0, c, s.addend(addend, row: 0))
        store(c1, c + s.cStride, s.addend(addend, row: 1))
        store(c2, c + 2 * s.cStride, s.addend(addend, row: 2))
        store(c3, c + 3 * s.cStride, s.addend(addend, row: 3))
    } else {
        for r in 0..<rows {
            var sum = V()
            var ak = a + r * s.rowStride, bk = b
            for _ in 0..<s.p {
                sum += ak.pointee * load(V.self, bk)
                ak += s.columnStride
                bk += s.bStride
            }
            store(sum, c + r * s.cStride, s.addend(addend, row: r))
        }
    }
}

/// The last single column: one dot product per row, k in the same increasing order.
@inline(__always)
private func scalarColumn(_ rows: Int, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                          _ c: UnsafeMutablePointer<Double>, _ addend: UnsafePointer<Double>?, _ s: KernelShape) {
    for r in 0..<rows {
        var sum = 0.0
        var ak = a + r * s.rowStride, bk = b
        for _ in 0..<s.p {
            sum += ak.pointee * bk.pointee
            ak += s.columnStride
            bk += s.bStride
        }
        let target = c + r * s.cStride
        if let add = s.addend(addend, row: r) {
            target.pointee = add.pointee + sum
        } else {
            target.pointee = sum
        }
    }
}

@inline(__always)
private func load<V: SIMD>(_: V.Type, _ p: UnsafePointer<Double>) -> V where V.Scalar == Double {
    UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

/// Stores the sums `v`, plus the values at `addend` if given (the sums first: the same
/// operation, operand for operand, whether the addend is C's old contents or a bias).
@inline(__always)
private func store<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<Double>, _ addend: UnsafePointer<Double>?)
where V.Scalar == Double {
    var total = v
    if let add = addend { total = v + load(V.self, add) }
    UnsafeMutableRawPointer(p).storeBytes(of: total, as: V.self)
}
