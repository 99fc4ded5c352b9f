// NormalDistribution.swift
//
// What this file teaches: the standard normal density phi and distribution function
// Phi, which Bayesian optimisation's acquisition functions are written in.
// Expected improvement, for example, is (mu - f*) Phi(z) + sigma phi(z).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution N(0, 1).
public enum StandardNormal {
    /// 1 / sqrt(2 pi).
    static let inverseSqrtTwoPi = 0.398_942_280_401_432_677_94

    /// The density phi(z) = exp(-z^2 / 2) / sqrt(2 pi).
    public static func density(_ z: Double) -> Double {
        inverseSqrtTwoPi * exp(-0.5 * z * z)
    }

    /// The distribution function Phi(z) = P(Z <= z) = erfc(-z / sqrt 2) / 2.
    ///
    /// The textbook form (1 + erf(z / sqrt 2)) / 2 loses every digit in the lower tail:
    /// for z = -10 it computes 1 + (-1 + 1.5e-23) in double precision and returns 0.
    /// The complementary error function erfc is accurate there (C99 `erfc`), so we
    /// write Phi through it. Expected improvement far from the incumbent depends on
    /// exactly those tiny tail values.
    public static func cumulative(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// log Phi(z), accurate even where Phi(z) underflows to 0 (z below about -38).
    ///
    /// For very negative z we use the asymptotic series of the Mills ratio:
    /// Phi(z) ~ phi(z) / |z| * (1 - 1/z^2 + 3/z^4), so
    /// log Phi(z) ~ -z^2/2 - log(|z| sqrt(2 pi)) + log(1 - 1/z^2 + 3/z^4).
    /// (Abramowitz and Stegun 26.2.12.) The first omitted term is 15/z^6, about 2e-8
    /// at z = -30, which bounds the absolute error of the logarithm there.
    public static func logCumulative(_ z: Double) -> Double {
        if z > -30 { return log(cumulative(z)) }
        let z2 = z * z
        return -0.5 * z2 - log(-z) - 0.5 * log(2 * Double.pi) + log(1 - 1 / z2 + 3 / (z2 * z2))
    }
}
