// Tests for the matrix products: every shape from 1 to 13 (covering each SIMD tail
// path of the kernel) against the textbook triple loop. The kernel promises to sum
// over k in the same order, so we demand *bit-for-bit* equality, not closeness.

import Foundation
import Testing
@testable import LabMath
import TestSupport

@Suite("Matrix products")
struct MatrixTests {
    func randomMatrix(_ rows: Int, _ columns: Int, _ rng: inout SeededGenerator) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in rng.nextNormal() })
    }

    /// The textbook definition: C[i][j] = sum_k A[i][k] B[k][j], k in increasing order.
    func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var sum = 0.0
                for k in 0..<a.columns { sum += a[i, k] * b[k, j] }
                c[i, j] = sum
            }
        }
        return c
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7, 8, 9, 12, 13])
    func productsMatchTheTripleLoopExactly(size: Int) {
        var rng = SeededGenerator(seed: UInt64(size))
        for (m, p, n) in [(size, size, size), (size, 3, 11), (5, size, 9), (9, 6, size)] {
            let a = randomMatrix(m, p, &rng), b = randomMatrix(p, n, &rng)
            let expected = naiveProduct(a, b)
            var c = Matrix(rows: 0, columns: 0)
            multiply(a, b, into: &c)
            #expect(c == expected)
            multiply(transposing: a.transposed(), b, into: &c)
            #expect(c == expected)
            multiply(a, transposing: b.transposed(), into: &c)
            #expect(c == expected)
            #expect(a * b == expected)
        }
    }

    /// Products above the threshold are split between two cores; every element must
    /// still be exactly the triple loop's.
    @Test func productsSplitAcrossCoresAreStillExact() {
        var rng = SeededGenerator(seed: 64)
        for (m, p, n) in [(96, 64, 64), (64, 96, 64), (67, 70, 61), (1040, 26, 10)] {
            #expect(m * p * n > parallelThreshold)
            let a = randomMatrix(m, p, &rng), b = randomMatrix(p, n, &rng)
            let expected = naiveProduct(a, b)
            var c = Matrix(rows: 0, columns: 0)
            multiply(a, b, into: &c)
            #expect(c == expected)
            multiply(transposing: a.transposed(), b, into: &c)
            #expect(c == expected)
        }
        // The two halves of a split loop cover every index exactly once.
        var marks = [Int](repeating: 0, count: 1000)
        marks.withUnsafeMutableBufferPointer { buffer in
            for _ in 0..<100 {
                runSplittingAcrossTwoCores(count: 1000, splitAt: 400, worthSplitting: true) { range in
                    for i in range { buffer[i] += 1 }
                }
            }
        }
        #expect(marks.allSatisfy { $0 == 100 })
        // After a pause the helper is asleep and slow to wake, so the caller usually
        // claims the second half itself: still every index exactly once.
        var late = [Int](repeating: 0, count: 64)
        late.withUnsafeMutableBufferPointer { buffer in
            for _ in 0..<5 {
                usleep(3_000)
                runSplittingAcrossTwoCores(count: 64, splitAt: 32, worthSplitting: true) { range in
                    for i in range { buffer[i] += 1 }
                }
            }
        }
        #expect(late.allSatisfy { $0 == 5 })
    }

    /// B packed in panels of 8 columns (PackedProducts.swift) gives the bits of the
    /// row-major call: full and partial panels, a start row inside the panels (b + 8 k0),
    /// a transposed A, with and without accumulating.
    @Test(arguments: [(9, 13, 21), (4, 8, 8), (7, 1, 3), (12, 30, 17)])
    func packedPanelsGiveTheSameBits(m: Int, p: Int, n: Int) {
        var rng = SeededGenerator(seed: UInt64(m * 1000 + n))
        let a = randomMatrix(m, p + 2, &rng), b = randomMatrix(p + 2, n, &rng), start = randomMatrix(m, n, &rng)
        let panelStride = 8 * (p + 2) + 8            // room for every row, and some slack
        var panels = [Double](repeating: .nan, count: panelStride * ((n + 7) / 8))
        for accumulate in [false, true] {
            var expected = start, packedResult = start
            a.elements.withUnsafeBufferPointer { aBuffer in
                b.elements.withUnsafeBufferPointer { bBuffer in
                    panels.withUnsafeMutableBufferPointer { packed in
                        packColumnPanels(rows: p + 2, columns: n, from: bBuffer.baseAddress!, rowStride: n,
                                         into: packed.baseAddress!, panelStride: panelStride)
                        // Rows 2..<p + 2 of B, columns 2..<p + 2 of A.
                        expected.elements.withUnsafeMutableBufferPointer { c in
                            multiplyAdd(rows: m, columns: n, depth: p, a: aBuffer.baseAddress! + 2, rowStride: p + 2,
                                        columnStride: 1, b: bBuffer.baseAddress! + 2 * n, bRowStride: n,
                                        c: c.baseAddress!, cRowStride: n, accumulate: accumulate)
                        }
                        packedResult.elements.withUnsafeMutableBufferPointer { c in
                            multiplyAdd(rows: m, columns: n, depth: p, a: aBuffer.baseAddress! + 2, rowStride: p + 2,
                                        columnStride: 1, panels: packed.baseAddress! + 2 * 8, panelStride: panelStride,
                                        c: c.baseAddress!, cRowStride: n, accumulate: accumulate)
                        }
                    }
                }
            }
            #expect(packedResult == expected)
            // And the row-major call is the triple loop (the slice of A and B it read).
            let aSlice = Matrix(rows: m, columns: p, elements: (0..<(m * p)).map { a[$0 / p, 2 + $0 % p] })
            let bSlice = Matrix(rows: p, columns: n, elements: (0..<(p * n)).map { b[2 + $0 / n, $0 % n] })
            let product = naiveProduct(aSlice, bSlice)
            for i in 0..<(m * n) {
                #expect(expected.elements[i] == (accumulate ? start.elements[i] + product.elements[i] : product.elements[i]))
            }
        }
    }

    @Test func accumulateAddsToTheExistingContents() {
        var rng = SeededGenerator(seed: 99)
        let a = randomMatrix(6, 5, &rng), b = randomMatrix(5, 10, &rng), start = randomMatrix(6, 10, &rng)
        var c = start
        multiply(a, b, into: &c, accumulate: true)
        let product = naiveProduct(a, b)
        for i in c.elements.indices { #expect(c.elements[i] == start.elements[i] + product.elements[i]) }
    }

    /// A layer's Z = X W + b: adding the row while storing the product must give the bits
    /// of filling every row with b and accumulating the product (every column tail of
    /// the kernel, and a product large enough to be split across cores).
    @Test func addingARowToEveryRowEqualsAccumulatingOntoIt() {
        var rng = SeededGenerator(seed: 7)
        for (m, p, n) in [(6, 5, 15), (5, 9, 1), (13, 7, 10), (100, 60, 50)] {
            let a = randomMatrix(m, p, &rng), b = randomMatrix(p, n, &rng)
            let row = (0..<n).map { _ in rng.nextNormal() }
            var expected = Matrix(rows: m, columns: n)
            expected.setEveryRow(to: row)
            multiply(a, b, into: &expected, accumulate: true)
            var c = Matrix(rows: 0, columns: 0)
            multiply(a, b, addingToEveryRow: row, into: &c)
            #expect(c.elements.map(\.bitPattern) == expected.elements.map(\.bitPattern))
        }
    }

    @Test func basicsAndHelpers() {
        let m = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.shape == (2, 3))
        #expect(m[1, 2] == 6)
        #expect(m.transposed() == Matrix([[1, 4], [2, 5], [3, 6]]))
        #expect(m.rows(at: [1, 0, 1]) == Matrix([[4, 5, 6], [1, 2, 3], [4, 5, 6]]))
        var sums: [Double] = []
        m.columnSums(into: &sums)
        #expect(sums == [5, 7, 9])
        var filled = Matrix(rows: 3, columns: 2)
        filled.setEveryRow(to: [7, 8])
        #expect(filled == Matrix([[7, 8], [7, 8], [7, 8]]))
        #expect(Matrix.identity(2) == Matrix([[1, 0], [0, 1]]))
    }

    @Test func normsAreSafeFromOverflow() {
        #expect(euclideanNorm([3, 4]) == 5)
        // The naive sum of squares would overflow to infinity here.
        #expect(isClose(euclideanNorm([3e200, 4e200]), 5e200))
        #expect(euclideanNorm([]) == 0)
        #expect(euclideanNorm([1, .nan]).isNaN)
        let values = (1...11).map(Double.init)
        let total = values.withUnsafeBufferPointer { sumOfSquares($0) }
        #expect(total == 506)  // 1 + 4 + ... + 121, exact in floating point
    }
}
