// LogExpectedImprovement.swift
//
// What this file teaches: why Bayesian optimisation should climb log EI, not EI.
// Expected improvement is EI = sigma h(z) with h(z) = phi(z) + z Phi(z) and z the
// standardised improvement (AcquisitionFunction.swift). Far from the incumbent, z is
// very negative and h(z) ~ phi(z) / z^2 is astronomically small: 1e-100 at z = -21,
// exactly 0 in floating point below z = -38. Over most of the box EI and its gradient
// are then zero or denormal, and a gradient method started there cannot move. Ament,
// Daulton, Eriksson, Balandat and Bakshy, "Unexpected improvements to expected
// improvement for Bayesian optimization" (NeurIPS 2023) compute log EI directly and
// show that optimising it finds better points (BoTorch's default since). The maximiser
// is the same point (log is increasing); only the landscape the optimiser sees changes.
//
// The naive log(phi(z) + z Phi(z)) cancels catastrophically for z << 0 (both terms are
// about phi(z)). For z < -3 we use Laplace's continued fraction for the Mills ratio
// m(t) = Phi(-t) / phi(t) = 1 / (t + 1 / (t + 2 / (t + 3 / (t + ...)))), t = -z:
// with K = 1 / (t + 2 / (t + 3 / ...)), m = 1 / (t + K), so
//
//     h(-t) = phi(t) (1 - t m) = phi(t) K / (t + K),      Phi(z) / h(z) = 1 / K,
//
// a product of positive numbers with no subtraction. 60 levels of the fraction reach
// machine precision for t >= 3 (checked against 50-digit mpmath; see the tests).

import LabMath
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// log EI and its partial derivatives with respect to the posterior mean and standard
/// deviation.
public struct LogExpectedImprovement: Sendable, Equatable {
    /// log EI (-infinity where EI is exactly 0: no uncertainty and no improvement).
    public var value: Double
    public var byMean: Double
    public var byStandardDeviation: Double

    /// log h(z) and d log h / dz = Phi(z) / h(z), for h(z) = phi(z) + z Phi(z).
    /// - Complexity: O(1); 60 divisions for z < -3.
    public static func logH(_ z: Double) -> (value: Double, slope: Double) {
        if z >= -3 {
            // No harmful cancellation here: at z = -3, h is 1/10 of phi, so at most
            // one digit is lost.
            let cumulative = StandardNormal.cumulative(z)
            let h = StandardNormal.density(z) + z * cumulative
            return (log(h), cumulative / h)
        }
        let t = -z
        var k = 0.0
        for level in stride(from: 60, through: 2, by: -1) { k = Double(level) / (t + k) }
        k = 1 / (t + k)
        // log phi(t) = -t^2 / 2 - log(2 pi) / 2.
        let logDensity = -0.5 * t * t - 0.5 * log(2 * Double.pi)
        return (logDensity + log(k) - log(t + k), 1 / k)
    }

    /// log EI at a posterior (mean mu, standard deviation sigma), incumbent f* and margin
    /// xi, with delta = mu - f* - xi (maximising) or f* - mu - xi (minimising), z = delta / sigma:
    ///
    ///     log EI = log sigma + log h(z),
    ///     d/dmu  = s Phi(z) / (sigma h(z))          (s = +1 maximising, -1 minimising),
    ///     d/dsigma = (h(z) - z Phi(z)) / (sigma h(z)) = phi(z) / (sigma h(z)).
    public static func evaluate(mean: Double, standardDeviation: Double, incumbent: Double, xi: Double,
                                direction: OptimizationDirection) -> LogExpectedImprovement {
        let sign: Double = direction == .maximize ? 1 : -1
        let delta = sign * (mean - incumbent) - xi
        let sigma = max(standardDeviation, 0)
        // sigma = 0: EI = max(delta, 0) exactly (see AcquisitionFunction).
        guard sigma > 0 else {
            return delta > 0 ? LogExpectedImprovement(value: log(delta), byMean: sign / delta, byStandardDeviation: 0)
                : LogExpectedImprovement(value: -.infinity, byMean: 0, byStandardDeviation: 0)
        }
        let z = delta / sigma
        let (logH, slope) = logH(z)
        // phi / h = (h - z Phi) / h = 1 - z (Phi / h).
        return LogExpectedImprovement(value: log(sigma) + logH, byMean: sign * slope / sigma,
                                      byStandardDeviation: (1 - z * slope) / sigma)
    }
}
