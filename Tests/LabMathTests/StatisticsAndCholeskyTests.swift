// Statistics, Cholesky and the normal distribution against NumPy and SciPy.
// Reference values: numpy 2.4.6 and scipy 1.17.1 (/tmp/refs_math.py in the session
// that wrote these tests); inputs are written next to each check.

import Testing
@testable import LabMath
import TestSupport

@Suite("Statistics")
struct StatisticsTests {
    let sample: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]

    @Test func momentsMatchNumPy() {
        #expect(isClose(Statistics.mean(sample), 3.875))
        #expect(isClose(Statistics.variance(sample), 6.609375))                         // np.var
        #expect(isClose(Statistics.variance(sample, deltaDegreesOfFreedom: 1), 7.553571428571429))
        #expect(isClose(Statistics.standardDeviation(sample), 2.5708704751503917))      // np.std
        #expect(Statistics.mean([]).isNaN)
        // Welford stays exact where the naive E[x^2] - E[x]^2 loses everything:
        // values near 1e9 with spread 1 (variance of {1e9, 1e9+1, 1e9+2} is 2/3).
        #expect(isClose(Statistics.variance([1e9, 1e9 + 1, 1e9 + 2]), 2.0 / 3.0, relative: 1e-9))
    }

    @Test func quantilesMatchNumPyLinear() {
        let expected: [(Double, Double)] = [(0, 1), (0.1, 1), (0.25, 1.75), (0.5, 3.5), (0.9, 6.8999999999999995), (1, 9)]
        for (q, value) in expected { #expect(isClose(Statistics.quantile(sample, q), value), "q = \(q)") }
        #expect(Statistics.median([5]) == 5)
    }

    /// Reference: scipy.stats.binomtest(k, n, 0.5, alternative='two-sided').pvalue,
    /// SciPy 1.17.1. lgamma-based terms are accurate to ~1e-13 relative here.
    @Test func signTestMatchesSciPy() {
        let cases: [(Int, Int, Double)] = [(5, 0, 0.0625), (4, 1, 0.375), (6, 0, 0.03125), (140, 60, 1.507061557352626e-08),
                                           (116, 84, 0.028125407232926346), (100, 100, 1), (3, 2, 1), (0, 5, 0.0625),
                                           (135, 65, 8.327913048391357e-07), (15, 5, 0.04138946533203125)]
        for (wins, losses, expected) in cases {
            #expect(isClose(Statistics.signTestPValue(wins: wins, losses: losses), expected, relative: 1e-10), "\(wins)-\(losses)")
        }
        #expect(Statistics.signTestPValue(wins: 0, losses: 0) == 1)
    }

    @Test func argminSkipsNaNAndPrefersTheFirst() {
        #expect(Statistics.indexOfMinimum([3, .nan, 1, 1]) == 2)
        #expect(Statistics.indexOfMaximum([3, 7, 7]) == 1)
        #expect(Statistics.indexOfMinimum([.nan]) == nil)
        #expect(Statistics.runningMinimum([3, .nan, 2, 5, 1]) == [3, 3, 2, 2, 1])
    }
}

@Suite("Cholesky")
struct CholeskyTests {
    let a = Matrix([[4, 2, 0.6], [2, 5, 1.5], [0.6, 1.5, 3]])

    @Test func factorSolveAndLogDeterminantMatchNumPy() throws {
        let chol = try CholeskyFactor(a)
        let expectedL: [Double] = [2, 0, 0, 1, 2, 0, 0.3, 0.6, 1.5968719422671311]   // np.linalg.cholesky
        #expect(maximumRelativeError(chol.lower.elements, expectedL) < 1e-15)
        let x = chol.solve([1, -2, 0.5])                                                   // np.linalg.solve
        #expect(maximumRelativeError(x, [0.5625, -0.7544117647058823, 0.4313725490196079]) < 1e-14)
        #expect(isClose(chol.logDeterminant, 3.708682081410116, relative: 1e-14))          // np.linalg.slogdet
        // Many right-hand sides at once give the same answers as one at a time.
        let rhs = Matrix([[1, -2, 0.5], [0, 1, 0]])
        let solved = chol.solveLower(rowsOf: rhs)
        #expect(solved.row(0) == chol.solveLower([1, -2, 0.5]))
        #expect(solved.row(1) == chol.solveLower([0, 1, 0]))
    }

    @Test func blockedLoopsAgreeWithTheTextbook() throws {
        // The factorisation works on four rows and four terms at a time (SIMD lanes), so
        // its sums are added in another order than the textbook loop's: the factors must
        // agree to rounding (10 eps of the largest entry; these matrices are well
        // conditioned, so the textbook error bound n eps |L||L^T| is about that). The
        // many-right-hand-side solve keeps the one-row solve's order: bit for bit.
        var rng = SeededGenerator(seed: 5)
        for n in 1...13 {
            // A random symmetric positive-definite matrix: B B^T + n I.
            let b = Matrix(rows: n, columns: n, elements: (0..<(n * n)).map { _ in rng.nextDouble() - 0.5 })
            var a = b * b.transposed()
            for i in 0..<n { a[i, i] += Double(n) }
            var textbook = Matrix(rows: n, columns: n)
            for i in 0..<n {
                for j in 0...i {
                    var sum = a[i, j]
                    for k in 0..<j { sum -= textbook[i, k] * textbook[j, k] }
                    textbook[i, j] = i == j ? sum.squareRoot() : sum / textbook[j, j]
                }
            }
            let chol = try CholeskyFactor(a)
            let largest = textbook.elements.map(abs).max() ?? 0
            let difference = zip(chol.lower.elements, textbook.elements).map { abs($0 - $1) }.max() ?? 0
            #expect(difference <= 10 * Double.ulpOfOne * largest, "n = \(n): \(difference)")
            let rhs = Matrix(rows: 7, columns: n, elements: (0..<(7 * n)).map { _ in rng.nextDouble() })
            let solved = chol.solveLower(rowsOf: rhs)
            for r in 0..<7 { #expect(solved.row(r) == chol.solveLower(rhs.row(r)), "n = \(n), row \(r)") }
        }
    }

    @Test func blockColumnsAgreeWithTheUnblockedLoop() throws {
        // Above `blockedCholeskyThreshold` the factorisation works in block columns
        // (BlockedCholesky.swift): 300 = 4 full blocks of 64 and one of 44, so every
        // piece runs, including a short last block and the 8-row solve's short group.
        // Same bound as above (10 eps of the largest entry), and L L^T = A to 1e-12
        // relative (n eps |L||L^T| with n = 300 and |L||L^T| of the order of |A|).
        // Error messages name the pivot in the whole matrix.
        var rng = SeededGenerator(seed: 9)
        let n = 300
        #expect(n > blockedCholeskyThreshold && n % choleskyBlockWidth != 0)
        let b = Matrix(rows: n, columns: n, elements: (0..<(n * n)).map { _ in rng.nextDouble() - 0.5 })
        var a = b * b.transposed()
        for i in 0..<n { a[i, i] += Double(n) / 10 }
        let blocked = try CholeskyFactor(a).lower
        var unblocked = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0...i { unblocked[i, j] = a[i, j] } }
        try unblocked.elements.withUnsafeMutableBufferPointer { buffer in
            try factorUnblocked(buffer.baseAddress!, rowStride: n, size: n, firstIndex: 0)
        }
        let largest = unblocked.elements.map(abs).max() ?? 0
        let difference = zip(blocked.elements, unblocked.elements).map { abs($0 - $1) }.max() ?? 0
        #expect(difference <= 10 * Double.ulpOfOne * largest, "\(difference)")
        for i in 0..<n { for j in (i + 1)..<n { #expect(blocked[i, j] == 0) } }
        let product = blocked * blocked.transposed()
        let largestA = a.elements.map(abs).max() ?? 0
        #expect(zip(product.elements, a.elements).allSatisfy { abs($0 - $1) <= 1e-12 * largestA })
        // Break positive definiteness in the fourth block: the error names pivot 200.
        var broken = a
        broken[200, 200] = -1
        #expect(throws: CholeskyError.self) { try CholeskyFactor(broken) }
        do { _ = try CholeskyFactor(broken) } catch let CholeskyError.notPositiveDefinite(index, _) {
            #expect(index == 200)
        }
    }

    @Test func nonPositiveDefiniteMatricesAreReportedNotTrapped() {
        // Two identical rows: singular, so the second pivot is 0 (or a round-off value <= 0).
        #expect(throws: CholeskyError.self) { try CholeskyFactor(Matrix([[1, 1], [1, 1]])) }
        #expect(throws: CholeskyError.notSquare(rows: 1, columns: 2)) { try CholeskyFactor(Matrix([[1, 2]])) }
        #expect(throws: CholeskyError.self) { try CholeskyFactor(Matrix([[.nan]])) }
    }
}

@Suite("Standard normal")
struct StandardNormalTests {
    @Test func densityAndDistributionMatchSciPy() {
        let cases: [(z: Double, cdf: Double, pdf: Double)] = [
            (-30, 4.906713927147908e-198, 1.4736461348785476e-196),
            (-10, 7.61985302416047e-24, 7.69459862670642e-23),
            (-3, 0.0013498980316300933, 0.0044318484119380075),
            (-1, 0.15865525393145707, 0.24197072451914337),
            (0, 0.5, 0.3989422804014327),
            (0.5, 0.6914624612740131, 0.3520653267642995),
            (2, 0.9772498680518208, 0.05399096651318806),
        ]
        for c in cases {
            // erfc is accurate to a few ulps, but its argument -z / sqrt 2 is rounded
            // first, and in the tail a relative error e in the argument becomes about
            // z^2 e in Phi: 900 * 1.1e-16 = 1e-13 at z = -30. Hence 1e-12.
            #expect(isClose(StandardNormal.cumulative(c.z), c.cdf, relative: 1e-12), "Phi(\(c.z))")
            #expect(isClose(StandardNormal.density(c.z), c.pdf, relative: 1e-13), "phi(\(c.z))")
        }
    }

    @Test func logCumulativeIsAccurateWherePhiUnderflows() {
        // scipy.stats.norm.logcdf; beyond z = -30 we use the asymptotic series, whose
        // first omitted term bounds the error by 2e-8 (relative 1e-10 at these sizes).
        let cases: [(Double, Double)] = [(-5, -15.064998393988727), (-35, -616.9751012619225),
                                         (-40, -804.6084420137539), (-50, -1254.8313611394199),
                                         (-100, -5005.524208694205)]
        for (z, expected) in cases {
            #expect(isClose(StandardNormal.logCumulative(z), expected, relative: 1e-10), "log Phi(\(z))")
        }
    }
}
