// Statistics.swift
//
// What this file teaches: the handful of summary statistics that every tuning report
// needs (the mean and spread of cross-validation scores, the median over seeds,
// quantiles of sampled learning rates), and the numerically careful way to compute
// them.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Summary statistics over arrays of doubles.
///
/// ```swift
/// Statistics.mean([1, 2, 3, 4])                       // 2.5
/// Statistics.standardDeviation([1, 2, 3, 4])          // 1.1180... (population, ddof 0)
/// Statistics.quantile([1, 2, 3, 4], 0.5)              // 2.5
/// ```
public enum Statistics {
    /// The arithmetic mean, or NaN for an empty array.
    ///
    /// Computed as a running mean, m_k = m_{k-1} + (x_k - m_{k-1}) / k, which cannot
    /// overflow for large values the way a plain sum can, on values scaled by
    /// `powerOfTwoScale` (x_k - m_{k-1} alone overflows for 1e308 and -1e308).
    public static func mean(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let scale = powerOfTwoScale(values)
        var m = 0.0
        for (k, x) in values.enumerated() { m += (x * scale.down - m) / Double(k + 1) }
        return m * scale.up
    }

    /// A power of two 2^e near the largest magnitude in `values`, as the pair
    /// (down: 2^-e, up: 2^e), or (1, 1) when every value is 0 or one is not finite.
    ///
    /// Why: squared deviations of features around 1e160 overflow (1e320 is beyond the
    /// largest double, 1.8e308) and those of values around 1e-170 underflow to 0, so a
    /// plain variance says "infinite" or "0" for perfectly ordinary spreads. Dividing
    /// every value by 2^e first brings the largest magnitude into [1, 2), where nothing
    /// overflows; the result is multiplied back. Multiplying by a power of two only
    /// changes the exponent, so for everyday data (no subnormal intermediate results)
    /// every result is bit for bit what the unscaled formula gives.
    /// The exponent is kept in -1000...1023 so that 2^-e itself is a finite double.
    public static func powerOfTwoScale(_ values: [Double]) -> (down: Double, up: Double) {
        var largest = 0.0
        for x in values {
            guard x.isFinite else { return (1, 1) }
            largest = max(largest, abs(x))
        }
        guard largest > 0 else { return (1, 1) }
        let e = max(-1000, Int(largest.exponent))
        return (Double(sign: .plus, exponent: -e, significand: 1), Double(sign: .plus, exponent: e, significand: 1))
    }

    /// The variance with `deltaDegreesOfFreedom` subtracted from the count in the
    /// denominator: 0 gives the population variance (NumPy's default, and what
    /// scikit-learn reports as `std_test_score`), 1 the unbiased sample variance.
    ///
    /// The naive formula mean(x^2) - mean(x)^2 subtracts two nearly equal numbers and
    /// can even turn negative. We use Welford's single-pass update instead
    /// (Welford 1962; Knuth TAOCP vol. 2, 4.2.2), which sums squared deviations from
    /// the running mean.
    ///
    /// The values are scaled by `powerOfTwoScale` first, so the result is exact to
    /// rounding for any finite values; it is infinite only when the variance itself
    /// exceeds the largest double (a spread above about 1.3e154).
    public static func variance(_ values: [Double], deltaDegreesOfFreedom: Int = 0) -> Double {
        let scale = powerOfTwoScale(values)
        // Two steps: (v up) up, since up^2 alone may overflow where the result does not.
        return scaledVariance(values, deltaDegreesOfFreedom, scale.down) * scale.up * scale.up
    }

    /// The square root of `variance(_:deltaDegreesOfFreedom:)`, taken before scaling
    /// back: finite for any finite values (a population standard deviation never
    /// exceeds the largest magnitude), even where the variance overflows.
    public static func standardDeviation(_ values: [Double], deltaDegreesOfFreedom: Int = 0) -> Double {
        let scale = powerOfTwoScale(values)
        return scaledVariance(values, deltaDegreesOfFreedom, scale.down).squareRoot() * scale.up
    }

    /// Welford's update on the values times `down`.
    private static func scaledVariance(_ values: [Double], _ deltaDegreesOfFreedom: Int, _ down: Double) -> Double {
        let n = values.count
        guard n > deltaDegreesOfFreedom else { return .nan }
        var mean = 0.0, sumOfSquares = 0.0
        for (k, value) in values.enumerated() {
            let x = value * down
            let delta = x - mean
            mean += delta / Double(k + 1)
            sumOfSquares += delta * (x - mean)
        }
        return sumOfSquares / Double(n - deltaDegreesOfFreedom)
    }

    /// The q-quantile (0 <= q <= 1) with linear interpolation between order statistics,
    /// the default of NumPy's `quantile` (Hyndman and Fan's definition 7):
    /// position h = (n - 1) q, result x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)).
    ///
    /// Returns NaN for an empty array.
    /// - Complexity: O(n log n) for the sort.
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        precondition(q >= 0 && q <= 1, "quantile level must be in [0, 1], got \(q)")
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let position = Double(sorted.count - 1) * q
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
    }

    /// The median, `quantile(values, 0.5)`.
    public static func median(_ values: [Double]) -> Double {
        quantile(values, 0.5)
    }

    /// The index of the smallest value; ties go to the first. NaNs are skipped.
    /// Returns nil if there is no non-NaN value.
    public static func indexOfMinimum(_ values: [Double]) -> Int? {
        var best: Int?
        for (i, v) in values.enumerated() where !v.isNaN {
            if best == nil || v < values[best!] { best = i }
        }
        return best
    }

    /// The index of the largest value; ties go to the first. NaNs are skipped.
    public static func indexOfMaximum(_ values: [Double]) -> Int? {
        indexOfMinimum(values.map { -$0 })
    }

    /// The two-sided p-value of the exact sign test: if two methods were equally good,
    /// how likely is a split of `wins` to `losses` (ties dropped) at least this uneven?
    ///
    /// Under "equally good" each comparison is a fair coin, so the number of wins is
    /// Binomial(n, 1/2) with n = wins + losses, and
    ///   p = min(1, 2 P(X >= max(wins, losses))),  P(X = k) = C(n, k) / 2^n.
    /// Binomial coefficients overflow for large n, so each term is computed in log space
    /// with lgamma and exponentiated. A small p (below 0.05, say) means the uneven split
    /// is unlikely to be luck. Note that with 5 comparisons even 5 to 0 gives p = 0.0625:
    /// a handful of seeds can never establish a winner.
    public static func signTestPValue(wins: Int, losses: Int) -> Double {
        let n = wins + losses
        guard n > 0 else { return 1 }
        let k = max(wins, losses)
        var tail = 0.0
        for j in k...n {
            tail += exp(lgamma(Double(n + 1)) - lgamma(Double(j + 1)) - lgamma(Double(n - j + 1)) - Double(n) * log(2.0))
        }
        return min(1, 2 * tail)
    }

    /// The running minimum: element k is min(values[0...k]), ignoring NaNs (NaN until
    /// the first number). This is the "best so far" curve of a minimisation.
    public static func runningMinimum(_ values: [Double]) -> [Double] {
        var best = Double.nan
        return values.map { v in
            if !v.isNaN && (best.isNaN || v < best) { best = v }
            return best
        }
    }
}
