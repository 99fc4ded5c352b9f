// The normal quantile, the log probability of an interval and the truncated normal,
// against 50-digit mpmath and scipy 1.17.1 (Tests/References/tpe_reference_values.py,
// the lines "quantile:", "logMass:" and "truncnorm logpdf ...").

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import LabMath
import TestSupport

@Suite("Truncated normal")
struct TruncatedNormalTests {
    /// AS 241 is accurate to about 1e-16 relative; Horner's rule in double precision adds
    /// a few roundings, so 1e-15 is the tolerance.
    @Test func quantileMatchesMpmath() {
        let cases: [(p: Double, z: Double)] = [
            (1e-300, -37.047096299361199), (1e-20, -9.2623400897984076), (0.01, -2.3263478740408411),
            (0.07, -1.4757910281791707), (0.3, -0.52440051270804082), (0.5, 0), (0.8, 0.84162123357291436),
            (0.93, 1.4757910281791711), (0.999, 3.0902323061678133), (1 - 1e-12, 7.0344869100478352),
        ]
        for (p, z) in cases {
            #expect(isClose(StandardNormal.quantile(p), z, relative: 1e-15), "p = \(p)")
            // And it inverts Phi where Phi is accurate (the lower half).
            if p <= 0.5 && p > 1e-300 { #expect(isClose(StandardNormal.cumulative(StandardNormal.quantile(p)), p, relative: 1e-13)) }
        }
        #expect(StandardNormal.quantile(0) == -.infinity && StandardNormal.quantile(1) == .infinity)
    }

    /// Every case is one where the naive Phi(b) - Phi(a) loses digits or everything:
    /// deep lower tail (Phi underflows), far upper tail (1 - 1 = 0), a 1e-9-wide interval
    /// around 0 (scipy's own cdf difference is off by 1.5e-9 relative there).
    /// Tolerance 1e-12 relative, except beyond |z| = 30, where log Phi comes from an
    /// asymptotic series whose first omitted term, 15 / z^6 (2.1e-8 at z = 30), bounds the
    /// error of each log Phi: 3e-8 absolute.
    @Test func logMassMatchesMpmath() {
        let cases: [(a: Double, b: Double, log: Double)] = [
            (-1, 2, -0.20016629432446258), (-40, -39, -765.08315656437754), (-3, -2.9, -7.5695680138074889),
            (5, 5.001, -20.329192936978384), (30, 31, -454.32124395634325), (-1e-9, 2e-9, -20.543592081482974),
        ]
        for (a, b, expected) in cases {
            let absolute = max(abs(a), abs(b)) > 30 ? 3e-8 : 0
            #expect(isClose(StandardNormal.logMass(from: a, to: b), expected, relative: 1e-12, absolute: absolute), "[\(a), \(b)]")
        }
        #expect(StandardNormal.logMass(from: 1, to: 1) == -.infinity)
    }

    /// scipy.stats.truncnorm((0 - 0.2) / 0.5, (1 - 0.2) / 0.5, loc=0.2, scale=0.5).
    @Test func densityAndIntervalMatchScipy() {
        let t = TruncatedNormal(mean: 0.2, standardDeviation: 0.5, low: 0, high: 1)
        #expect(isClose(t.logDensity(0), 0.20399739234795744, relative: 1e-13))
        #expect(isClose(t.logDensity(0.3), 0.2639973923479575, relative: 1e-13))
        #expect(isClose(t.logDensity(1), -0.9960026076520428, relative: 1e-13))
        #expect(isClose(t.logProbability(from: 0.25, to: 0.35), -2.040186679619905, relative: 1e-12))
        #expect(t.logDensity(1.0000001) == -.infinity)
        #expect(isClose(t.logProbability(from: -5, to: 5), 0, absolute: 1e-15))
    }

    /// Draws stay in the box and follow the distribution: the largest gap between the
    /// empirical and the true distribution function (Kolmogorov-Smirnov) must be below
    /// 1.95 / sqrt(n), the 0.1% critical value, for an interval around the mean and one
    /// entirely above it (the mirrored branch).
    @Test func samplesFollowTheDistribution() {
        for (mean, sd, low, high) in [(0.2, 0.5, 0.0, 1.0), (-3.0, 1.0, 0.5, 4.0)] {
            let t = TruncatedNormal(mean: mean, standardDeviation: sd, low: low, high: high)
            var rng = SeededGenerator(seed: 7)
            let n = 4000
            let draws = (0..<n).map { _ in t.sample(&rng) }.sorted()
            #expect(draws.allSatisfy { $0 >= low && $0 <= high })
            var worst = 0.0
            for (i, x) in draws.enumerated() {
                let cdf = x <= low ? 0 : exp(t.logProbability(from: low, to: x))
                worst = max(worst, abs(cdf - Double(i + 1) / Double(n)), abs(cdf - Double(i) / Double(n)))
            }
            #expect(worst < 1.95 / Double(n).squareRoot(), "KS distance \(worst) for mean \(mean) in [\(low), \(high)]")
        }
    }
}
