// TruncatedNormal.swift
//
// What this file teaches: a normal distribution cut to an interval, the building block
// of the Parzen estimators that TPE (Tree-structured Parzen Estimator) fits to a search
// space. A learning rate lives in [0.0001, 0.1]; a bell curve centred on a good value
// must not put probability outside that box, so it is cut at the bounds and scaled up
// to integrate to 1 again:
//
//   p(x) = phi((x - mu) / sigma) / (sigma Z),   Z = Phi(b) - Phi(a),
//   a = (low - mu) / sigma,  b = (high - mu) / sigma,   for low <= x <= high.
//
// Two numerical points matter. Z is a difference of two numbers close to 1 when both
// bounds lie in the upper tail, so it is computed on the side where it does not cancel
// (`StandardNormal.logMass`). Drawing a sample inverts the distribution function, which
// needs the normal quantile Phi^-1 (`StandardNormal.quantile`, Wichura's AS 241).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension StandardNormal {
    /// log(Phi(b) - Phi(a)), the log of the standard normal probability of [a, b], for a < b.
    ///
    /// The naive Phi(b) - Phi(a) loses every digit when both ends are far in the upper
    /// tail (1 - 1e-20 minus 1 - 1e-21 is 0 in double precision). Three cases:
    ///   * b <= 0 (lower tail): log Phi(b) + log(1 - exp(log Phi(a) - log Phi(b))), with
    ///     log Phi accurate even where Phi underflows;
    ///   * a >= 0 (upper tail): by symmetry, the mass of [-b, -a];
    ///   * a < 0 < b: (erf(b / sqrt 2) - erf(a / sqrt 2)) / 2, a sum of two positive
    ///     numbers (erf(a / sqrt 2) < 0), so nothing cancels even for a tiny interval.
    /// (Optuna's `_log_gauss_mass` makes the same three-way split.)
    /// - Returns: -infinity when a >= b.
    public static func logMass(from a: Double, to b: Double) -> Double {
        guard a < b else { return -.infinity }
        if b <= 0 {
            let logUpper = logCumulative(b), logLower = logCumulative(a)
            // log(e^u - e^l) = u + log(1 - e^(l - u)); log1p keeps the digits when l << u.
            return logUpper + log1p(-exp(logLower - logUpper))
        }
        if a >= 0 { return logMass(from: -b, to: -a) }
        let root2 = 2.0.squareRoot()
        return log(0.5 * (erf(b / root2) - erf(a / root2)))
    }

    /// The quantile Phi^-1(p): the z with P(Z <= z) = p, for 0 < p < 1 (-infinity at 0,
    /// +infinity at 1).
    ///
    /// Wichura's algorithm AS 241 (PPND16, Applied Statistics 37(3), 1988): a rational
    /// approximation in three regions, |p - 1/2| <= 0.425 (the centre), then
    /// r = sqrt(-log(min(p, 1 - p))) <= 5 and beyond, with a relative error near 1e-16.
    /// Checked against scipy.stats.norm.ppf in LabMathTests.
    public static func quantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            return q * horner(r, centralNumerator) / horner(r, centralDenominator)
        }
        // The tails: work with the smaller of p and 1 - p, then restore the sign.
        var r = (-log(q < 0 ? p : 1 - p)).squareRoot()
        let z: Double
        if r <= 5 {
            r -= 1.6
            z = horner(r, nearNumerator) / horner(r, nearDenominator)
        } else {
            r -= 5
            z = horner(r, farNumerator) / horner(r, farDenominator)
        }
        return q < 0 ? -z : z
    }

    /// c[0] + c[1] x + c[2] x^2 + ..., by Horner's rule.
    private static func horner(_ x: Double, _ c: [Double]) -> Double {
        var value = 0.0
        for coefficient in c.reversed() { value = value * x + coefficient }
        return value
    }

    // AS 241's coefficients, lowest power first.
    private static let centralNumerator = [
        3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
        4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3]
    private static let centralDenominator = [
        1.0, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
        2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3]
    private static let nearNumerator = [
        1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
        1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4]
    private static let nearDenominator = [
        1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
        1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9]
    private static let farNumerator = [
        6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
        2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7]
    private static let farDenominator = [
        1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
        7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15]
}

/// N(mean, standardDeviation^2) restricted to [low, high] and renormalised.
///
/// ```swift
/// let t = TruncatedNormal(mean: 0.2, standardDeviation: 0.5, low: 0, high: 1)
/// t.logDensity(0.3)                       // log of phi(0.2) / (0.5 (Phi(1.6) - Phi(-0.4)))
/// t.logProbability(from: 0.25, to: 0.35)  // log P(0.25 <= X <= 0.35)
/// var rng = SeededGenerator(seed: 1)
/// t.sample(&rng)                          // always in [0, 1]
/// ```
public struct TruncatedNormal: Sendable, Equatable {
    public let mean: Double
    public let standardDeviation: Double
    public let low: Double
    public let high: Double
    /// log(sigma Z): subtracting it from log phi((x - mu) / sigma) gives the log density.
    /// Computed once, because a Parzen estimator evaluates each kernel many times.
    public let logNormalizer: Double

    /// - Precondition: standardDeviation > 0, low < high, all finite.
    public init(mean: Double, standardDeviation: Double, low: Double, high: Double) {
        precondition(standardDeviation > 0 && low < high && mean.isFinite && low.isFinite && high.isFinite,
                     "a truncated normal needs sigma > 0 and finite low < high")
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.low = low
        self.high = high
        let a = (low - mean) / standardDeviation, b = (high - mean) / standardDeviation
        logNormalizer = log(standardDeviation) + StandardNormal.logMass(from: a, to: b)
    }

    /// log p(x); -infinity outside [low, high].
    public func logDensity(_ x: Double) -> Double {
        guard x >= low && x <= high else { return -.infinity }
        let z = (x - mean) / standardDeviation
        // log phi(z) = -z^2 / 2 - log sqrt(2 pi), written out so nothing underflows.
        return -0.5 * z * z - TruncatedNormal.logSqrtTwoPi - logNormalizer
    }

    /// log P(x1 <= X <= x2), with the interval cut to [low, high] first.
    public func logProbability(from x1: Double, to x2: Double) -> Double {
        let a = (max(x1, low) - mean) / standardDeviation, b = (min(x2, high) - mean) / standardDeviation
        return StandardNormal.logMass(from: a, to: b) + log(standardDeviation) - logNormalizer
    }

    /// One draw by inversion: u uniform in [Phi(a), Phi(b)), x = mu + sigma Phi^-1(u).
    ///
    /// When the whole interval lies above the mean (a >= 0), Phi(a) and Phi(b) are both
    /// close to 1 and u would lose its digits; we then draw -X from the mirrored interval
    /// [-b, -a], whose probabilities are small and exact. The result is clamped to
    /// [low, high] against the last rounding step of the quantile.
    public func sample(_ rng: inout SeededGenerator) -> Double {
        let a = (low - mean) / standardDeviation, b = (high - mean) / standardDeviation
        let mirrored = a >= 0
        let (lower, upper) = mirrored ? (-b, -a) : (a, b)
        let pLower = StandardNormal.cumulative(lower), pUpper = StandardNormal.cumulative(upper)
        var z = StandardNormal.quantile(pLower + (pUpper - pLower) * rng.nextDouble())
        z = min(max(z, lower), upper)
        let x = mean + standardDeviation * (mirrored ? -z : z)
        return min(max(x, low), high)
    }

    static let logSqrtTwoPi = 0.5 * log(2 * Double.pi)
}
