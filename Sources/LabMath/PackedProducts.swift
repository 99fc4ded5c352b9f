// PackedProducts.swift
//
// What this file teaches: why fast matrix-product libraries copy their inputs before
// multiplying ("packing", Goto and van de Geijn, "Anatomy of high-performance matrix
// multiplication", ACM TOMS 34(3), 2008).
//
// The kernel of MatrixProducts.swift reads B row by row: 8 consecutive numbers from
// row k, then 8 from row k + 1, one row length further on. When B is a block of a
// large matrix (a 1,000 x 1,000 factor: rows 8 kB apart), every step of the k loop
// touches a new cache line far from the last, the processor's prefetcher cannot
// follow dozens of such streams, and the kernel spends its time waiting for the
// level-2 cache. Copying B once into *panels* (the 8 columns j..<j+8 of all rows, one
// row after the other, 64 bytes each) turns every later pass into one sequential
// stream. The copy costs p * n loads and stores; it pays when the product reuses B
// for many rows of A (every 4 rows read all of B once).
//
// Packing changes where B lives, not what is computed: every C(i, j) is still the sum
// over k in increasing order, so the results are the same bits as the unpacked call.

/// Copies the p x n matrix B (element (k, j) at b[k * rowStride + j]) into panels:
/// B(k, j) goes to panels[(j / 8) * panelStride + k * 8 + j % 8].
/// - Precondition: panelStride >= 8 p; `panels` holds ceil(n / 8) panels.
/// - Complexity: p * n copies.
public func packColumnPanels(rows p: Int, columns n: Int, from b: UnsafePointer<Double>, rowStride: Int,
                             into panels: UnsafeMutablePointer<Double>, panelStride: Int) {
    precondition(p >= 0 && n >= 0 && panelStride >= 8 * p,
                 "packing \(p) rows needs panels of at least \(8 * p) values, got \(panelStride)")
    var j0 = 0
    while j0 < n {
        let width = min(8, n - j0)
        var target = panels + (j0 >> 3) * panelStride
        var source = b + j0
        if width == 8 {
            for _ in 0..<p {
                UnsafeMutableRawPointer(target).storeBytes(
                    of: UnsafeRawPointer(source).loadUnaligned(as: SIMD8<Double>.self), as: SIMD8<Double>.self)
                target += 8
                source += rowStride
            }
        } else {
            for _ in 0..<p {
                for j in 0..<width { target[j] = source[j] }
                target += 8
                source += rowStride
            }
        }
        j0 += 8
    }
}

/// `multiplyAdd(rows:columns:depth:a:rowStride:columnStride:b:bRowStride:c:cRowStride:accumulate:)`
/// with B packed by `packColumnPanels`: B(k, j) = b[(j / 8) * panelStride + k * 8 + j % 8].
/// To start at row k0 of a packed B, pass b + 8 k0 (the panels keep their stride).
///
/// Same operations, in the same order, as the row-major call: only B's addresses differ.
/// - Complexity: m * p * n multiply-adds.
public func multiplyAdd(rows m: Int, columns n: Int, depth p: Int,
                        a: UnsafePointer<Double>, rowStride: Int, columnStride: Int,
                        panels b: UnsafePointer<Double>, panelStride: Int,
                        c: UnsafeMutablePointer<Double>, cRowStride: Int, accumulate: Bool) {
    var shape = KernelShape(rowStride: rowStride, columnStride: columnStride, p: p, bStride: 8,
                            cStride: cRowStride, addendRowStride: accumulate ? cRowStride : 0)
    shape.bPanelStride = panelStride
    productRows(0..<m, columns: n, a: a, b: b, c: c, addend: accumulate ? UnsafePointer(c) : nil, shape)
}
