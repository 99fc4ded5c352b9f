// PowerTransform.swift
//
// What this file teaches: a Gaussian process assumes its targets look like draws from a
// Gaussian, but objective values rarely do. A loss near its optimum is bunched at the
// bottom with a long tail of terrible configurations (Rosenbrock's values run from 0 to
// 10^5); a GP fitted to them spends its flexibility on the tail and sees the basin as
// flat. HEBO (Cowen-Rivers et al., "HEBO: pushing the limits of sample-efficient
// hyper-parameter optimisation", JAIR 74, 2022; winner of the NeurIPS 2020 black-box
// optimisation challenge) therefore fits its GP to power-transformed targets. We do the
// same with the Yeo-Johnson family (Yeo and Johnson, Biometrika 87(4), 2000), which
// accepts values of either sign, applied to standardised targets y (mean 0, sd 1):
//
//     psi(y) = ((y + 1)^lambda - 1) / lambda                    y >= 0, lambda != 0
//            = log(y + 1)                                       y >= 0, lambda = 0
//            = -((1 - y)^(2 - lambda) - 1) / (2 - lambda)        y < 0, lambda != 2
//            = -log(1 - y)                                      y < 0, lambda = 2
//
// lambda maximises the Gaussian profile log likelihood (as scikit-learn's
// PowerTransformer does):
//
//     l(lambda) = -n/2 log(var(psi(y))) + (lambda - 1) sum_i sign(y_i) log(|y_i| + 1).
//
// lambda = 1 is the identity; lambda < 1 pulls in a long upper tail. Every psi is
// strictly increasing, so the best point stays the best point.

import LabMath
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fitted Yeo-Johnson transform of standardised values.
public struct PowerTransform: Sendable, Equatable {
    /// The mean and standard deviation used to standardise the data first.
    public let mean: Double
    public let scale: Double
    /// The fitted exponent.
    public let lambda: Double

    /// lambda is searched in [-3, 3] (golden-section search, to 1e-9): beyond that the
    /// transform stretches standardised data by factors above 10^3.
    public static let lambdaRange = -3.0...3.0

    /// Standardises `values` and fits lambda by maximum likelihood.
    /// - Complexity: O(n) per likelihood evaluation, about 45 evaluations.
    public init(fittedTo values: [Double]) {
        let center = Statistics.mean(values)
        let deviation = Statistics.standardDeviation(values)
        // Constant data: nothing to transform (and no division by zero).
        let constant = deviation < 10 * Double.ulpOfOne * max(1, abs(center))
        let spread = constant ? 1 : deviation
        let standardized = values.map { ($0 - center) / spread }
        mean = center
        scale = spread
        lambda = constant ? 1 : goldenSectionMaximum(in: Self.lambdaRange) {
            Self.profileLogLikelihood(lambda: $0, standardized: standardized)
        }
    }

    /// The transform with given parameters (for tests and reports).
    public init(mean: Double, scale: Double, lambda: Double) {
        self.mean = mean
        self.scale = scale
        self.lambda = lambda
    }

    /// psi((value - mean) / scale).
    public func transform(_ value: Double) -> Double {
        Self.yeoJohnson((value - mean) / scale, lambda: lambda)
    }

    /// The value whose transform is `transformed` (psi is increasing, so it has an
    /// inverse): for psi >= 0, y = (1 + lambda psi)^(1/lambda) - 1; for psi < 0,
    /// y = 1 - (1 - (2 - lambda) psi)^(1/(2 - lambda)); then value = mean + scale y.
    /// Transformed values beyond the transform's range (possible for a posterior mean
    /// far outside the data) are clamped to the edge of that range first.
    public func inverse(_ transformed: Double) -> Double {
        let y: Double
        if transformed >= 0 {
            // log1p and expm1 as in `yeoJohnson`; lambda psi > -1 is needed for lambda < 0.
            y = abs(lambda) < 1e-12 ? expm1(transformed)
                : expm1(log1p(max(lambda * transformed, -1 + 1e-12)) / lambda)
        } else {
            let power = 2 - lambda
            y = abs(power) < 1e-12 ? -expm1(-transformed)
                : -expm1(log1p(max(-power * transformed, -1 + 1e-12)) / power)
        }
        return mean + scale * y
    }

    /// d psi((value - mean) / scale) / d value = (|y| + 1)^(sign(y) (lambda - 1)) / scale:
    /// how the transform stretches a small interval around `value` (to carry a known
    /// noise variance into transformed units: var' = derivative^2 var).
    public func derivative(at value: Double) -> Double {
        let y = (value - mean) / scale
        let exponent = y >= 0 ? lambda - 1 : 1 - lambda
        return pow(abs(y) + 1, exponent) / scale
    }

    /// psi(y) for one standardised value (the formula above).
    public static func yeoJohnson(_ y: Double, lambda: Double) -> Double {
        if y >= 0 {
            // log1p and expm1 keep lambda near 0 accurate: ((1+y)^l - 1)/l = expm1(l log1p(y)) / l.
            return abs(lambda) < 1e-12 ? log1p(y) : expm1(lambda * log1p(y)) / lambda
        }
        let power = 2 - lambda
        return abs(power) < 1e-12 ? -log1p(-y) : -expm1(power * log1p(-y)) / power
    }

    /// The profile log likelihood l(lambda) of the formula above (constants dropped).
    public static func profileLogLikelihood(lambda: Double, standardized: [Double]) -> Double {
        let transformed = standardized.map { yeoJohnson($0, lambda: lambda) }
        let variance = Statistics.variance(transformed)
        guard variance > 0, variance.isFinite else { return -.infinity }
        var jacobian = 0.0
        for y in standardized { jacobian += (y >= 0 ? 1 : -1) * log1p(abs(y)) }
        return -0.5 * Double(standardized.count) * log(variance) + (lambda - 1) * jacobian
    }
}

/// The maximiser of a unimodal function on an interval by golden-section search
/// (Kiefer 1953), to an interval of width 1e-9.
func goldenSectionMaximum(in range: ClosedRange<Double>, _ f: (Double) -> Double) -> Double {
    let ratio = (5.0.squareRoot() - 1) / 2
    var (a, b) = (range.lowerBound, range.upperBound)
    var c = b - ratio * (b - a), d = a + ratio * (b - a)
    var fc = f(c), fd = f(d)
    while b - a > 1e-9 {
        if fc >= fd {
            b = d; d = c; fd = fc
            c = b - ratio * (b - a); fc = f(c)
        } else {
            a = c; c = d; fc = fd
            d = a + ratio * (b - a); fd = f(d)
        }
    }
    return (a + b) / 2
}
