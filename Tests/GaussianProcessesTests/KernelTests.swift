// Kernels and their hyperparameters.
//
// Kernel values: scikit-learn 1.9.1, RBF(1.0) and Matern(1.0, nu=2.5) between the 1-D
// points 0 and r (Tests/References/gp_reference_values.py, section 5). Tolerance 1e-15 relative:
// one exponential (within 2 ulps, see below) and a few roundings on each side.

import Testing
import LabMath
@testable import GaussianProcesses
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Kernels")
struct KernelTests {
    @Test func correlationsMatchScikitLearn() {
        let cases: [(r: Double, rbf: Double, matern: Double)] = [
            (0, 1, 1), (0.5, 0.8824969025845955, 0.8286491424181255),
            (1, 0.6065306597126334, 0.5239941088318203), (2.5, 0.04393693362340742, 0.06351021454894375),
        ]
        for c in cases {
            let r2 = c.r * c.r
            #expect(isClose(Kernel.squaredExponential.correlation(scaledSquaredDistance: r2), c.rbf, relative: 1e-15))
            #expect(isClose(Kernel.matern52.correlation(scaledSquaredDistance: r2), c.matern, relative: 1e-15))
        }
    }

    /// d rho / d log l at a 1-D distance is g(r^2) r^2 (Kernel.lengthScaleDerivativeFactor):
    /// compared with central differences in log l, step h = 1e-6. Truncation error
    /// ~h^2 = 1e-12; round-off ~eps rho / h = 1.1e-10 absolute (rho <= 1), which for the
    /// tiny derivatives near r = 0 dominates. Hence 1e-8 relative or 1e-9 absolute.
    @Test(arguments: Kernel.allCases)
    func derivativeFactorMatchesFiniteDifferences(_ kernel: Kernel) {
        for r2 in [1e-4, 0.3, 1.0, 4.0, 20.0] {
            let h = 1e-6
            // r^2 = delta^2 / l^2, so log l + h multiplies r^2 by exp(-2h).
            let numeric = (kernel.correlation(scaledSquaredDistance: r2 * exp(-2 * h))
                           - kernel.correlation(scaledSquaredDistance: r2 * exp(2 * h))) / (2 * h)
            let analytic = kernel.lengthScaleDerivativeFactor(scaledSquaredDistance: r2) * r2
            #expect(isClose(analytic, numeric, relative: 1e-8, absolute: 1e-9), "\(kernel) r^2 = \(r2)")
        }
        // At r = 0 there is no 0/0: the factor is finite (1 for SE, 5/3 for Matern).
        #expect(kernel.lengthScaleDerivativeFactor(scaledSquaredDistance: 0) == (kernel == .matern52 ? 5.0 / 3.0 : 1))
    }

    /// Our four-at-a-time exponential (VectorExponential.swift) against the C library's
    /// `exp`, which is within 1 ulp of the true value: at most 2 ulps apart (measured:
    /// 1). Below -708 the result is flushed to 0, by design.
    @Test func vectorExponentialMatchesTheCLibrary() {
        var rng = SeededGenerator(seed: 1)
        var worst = 0.0
        for _ in 0..<20_000 {
            // Dense near 0 (where kernels live) and spread down to -708.
            let x = SIMD4(-708 * rng.nextDouble() * rng.nextDouble(), -0.35 * rng.nextDouble(),
                          -5 * rng.nextDouble(), -rng.nextDouble() * 1e-9)
            let e = exponential(x)
            for lane in 0..<4 { worst = max(worst, abs(e[lane] - exp(x[lane])) / exp(x[lane]).ulp) }
        }
        #expect(worst <= 2)
        let edges = exponential(SIMD4(0, -709, -.infinity, .nan))
        #expect(edges[0] == 1 && edges[1] == 0 && edges[2] == 0 && edges[3].isNaN)
    }

    @Test func covarianceMatrixIsSymmetricWithNoiseOnTheDiagonal() {
        var k = Matrix(rows: 0, columns: 0)
        fillTrainingCovariance(SmallProblem.inputs, kernel: .matern52, hyperparameters: SmallProblem.hyperparameters,
                               diagonalAddition: 0.05, into: &k)
        for i in 0..<7 {
            #expect(k[i, i] == 1.7 + 0.05)
            for j in 0..<7 { #expect(k[i, j] == k[j, i]) }
        }
        // Entry (0, 1): r^2 = (0.25 / 0.3)^2 + (0.6 / 0.8)^2, written out independently.
        let r2 = (0.25 / 0.3) * (0.25 / 0.3) + (0.6 / 0.8) * (0.6 / 0.8)
        #expect(isClose(k[0, 1], 1.7 * Kernel.matern52.correlation(scaledSquaredDistance: r2), relative: 1e-14))
    }
}

@Suite("Kernel hyperparameters")
struct KernelHyperparametersTests {
    @Test func logVectorOrderAndRoundTrip() throws {
        let h = KernelHyperparameters(signalVariance: 2, lengthScales: [0.5, 3], noiseVariance: 1e-4)
        let v = h.logVector
        #expect(v.count == 4)
        #expect(v == [log(2), log(0.5), log(3), log(1e-4)])
        let back = try KernelHyperparameters(logVector: v)
        // exp(log x) is within one or two roundings of x.
        #expect(isClose(back.signalVariance, 2, relative: 1e-15))
        #expect(maximumRelativeError(back.lengthScales, [0.5, 3]) < 1e-15)
        #expect(isClose(back.noiseVariance, 1e-4, relative: 1e-15))
        #expect(KernelHyperparameters(signalVariance: 1, lengthScales: [1], noiseVariance: 0).logVector.last == -.infinity)
        #expect(throws: GaussianProcessError.self) { try KernelHyperparameters(logVector: [0, 0]) }
    }

    @Test func validationNamesTheProblem() {
        let good = KernelHyperparameters(signalVariance: 1, lengthScales: [0.5, 0.5], noiseVariance: 0)
        #expect(throws: Never.self) { try good.validate(dimensions: 2) }
        #expect(throws: GaussianProcessError.invalidHyperparameters("2 length scales for 3-dimensional inputs")) {
            try good.validate(dimensions: 3)
        }
        var bad = good
        bad.noiseVariance = -1
        #expect(throws: GaussianProcessError.self) { try bad.validate(dimensions: 2) }
        bad = good
        bad.signalVariance = .nan
        #expect(throws: GaussianProcessError.self) { try bad.validate(dimensions: 2) }
        bad = good
        bad.lengthScales = [0.5, 0]
        #expect(throws: GaussianProcessError.self) { try bad.validate(dimensions: 2) }
    }

    @Test func descriptionUsesThreeSignificantDigits() {
        let h = KernelHyperparameters(signalVariance: 156.98, lengthScales: [0.91634, 2.8912], noiseVariance: 0.00026137)
        #expect(h.description == "signal variance 157.0, length scales [0.916, 2.89], noise variance 0.000261")
        #expect(threeSignificantDigits(0.99996) == "1.0")
        #expect(threeSignificantDigits(-1234.5) == "-1230.0")
        #expect(h.scalingLengthScales(by: 0.1).lengthScales[0] == 0.91634 * 0.1)
    }
}
