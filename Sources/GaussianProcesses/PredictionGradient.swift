// PredictionGradient.swift
//
// What this file teaches: how the posterior mean and variance change when the test
// point moves. Bayesian optimisation climbs the acquisition function with a gradient
// method, and the acquisition is a function of the mean mu(x) and the standard
// deviation sigma(x), so it needs their derivatives with respect to x.
//
// In the normalised units of R&W Alg. 2.1, with k_i(x) = k(x, x_i):
//
//   mu(x)      = sum_i alpha_i k_i(x)                     (line 4)
//   sigma^2(x) = sigma_f^2 - v^T v,   v = L \ k_*(x)      (lines 5-6)
//
// Differentiating (d/dx_j, j = 1..d):
//
//   d mu / d x_j      = sum_i alpha_i d k_i / d x_j
//   d sigma^2 / d x_j = -2 v^T L^-1 (d k_* / d x_j) = -2 w^T (d k_* / d x_j),  w = L^T \ v
//
// so one extra triangular solve per point (w) turns the kernel's derivatives into the
// variance's. For a stationary kernel, k depends on x through r^2 = sum_j (x_j - x'_j)^2
// / l_j^2, and with the factor g of `Kernel.lengthScaleDerivativeFactor`:
//
//   d k / d x_j = (dk / dr^2) (2 (x_j - x'_j) / l_j^2) = -sigma_f^2 g(r^2) (x_j - x'_j) / l_j^2.

import LabMath

/// The posterior at one point together with its gradient, in the targets' units.
public struct PredictionWithGradient: Sendable, Equatable {
    public var mean: Double
    public var variance: Double
    /// d mean / d x, one entry per input dimension.
    public var meanGradient: [Double]
    /// d variance / d x.
    public var varianceGradient: [Double]

    /// The standard deviation sqrt(variance).
    public var standardDeviation: Double { variance.squareRoot() }

    /// d sigma / d x = (d sigma^2 / d x) / (2 sigma); zero where sigma is 0 (at an
    /// observed point with no noise the variance has a minimum, so its gradient is 0 too).
    public var standardDeviationGradient: [Double] {
        let sigma = standardDeviation
        return sigma > 0 ? varianceGradient.map { $0 / (2 * sigma) } : varianceGradient.map { _ in 0 }
    }
}

extension GaussianProcessRegressor {
    /// The posterior mean and variance of the latent function at `point` and their
    /// gradients with respect to the point's coordinates (see the derivation above).
    ///
    /// - Parameter point: d coordinates, scaled like the training inputs.
    /// - Returns: values in the targets' units: mean = m_y + s_y mu, variance = s_y^2
    ///   sigma^2, and the gradients scaled the same way.
    /// - Throws: `GaussianProcessError.shapeMismatch` for a point of the wrong size.
    /// - Complexity: n kernel evaluations, two triangular solves (n^2 multiply-adds) and
    ///   O(n d) for the gradients.
    public func predictWithGradient(at point: [Double]) throws -> PredictionWithGradient {
        let n = count, d = inputs.columns
        guard point.count == d else {
            throw GaussianProcessError.shapeMismatch("the point has \(point.count) coordinates, the inputs \(d)")
        }
        let h = hyperparameters
        let inverseSquaredLengths = h.lengthScales.map { 1 / ($0 * $0) }
        // k_i(x) and g(r_i^2) for every training point.
        var kStar = [Double](repeating: 0, count: n)
        var factorG = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var r2 = 0.0
            for j in 0..<d {
                let difference = point[j] - inputs[i, j]
                r2 += difference * difference * inverseSquaredLengths[j]
            }
            kStar[i] = h.signalVariance * kernel.correlation(scaledSquaredDistance: r2)
            factorG[i] = kernel.lengthScaleDerivativeFactor(scaledSquaredDistance: r2)
        }
        // Lines 4-6 of R&W Alg. 2.1 for this one point.
        var mu = 0.0
        for i in 0..<n { mu += alpha[i] * kStar[i] }
        let v = factor.solveLower(kStar)
        var latent = h.signalVariance
        for value in v { latent -= value * value }
        // Round-off safeguard as in `predict`: the variance cannot be negative.
        latent = max(latent, 0)
        // w = L^T \ v: the extra solve that carries the variance's derivative.
        let w = factor.solveUpper(v)
        var meanGradient = [Double](repeating: 0, count: d)
        var varianceGradient = [Double](repeating: 0, count: d)
        for i in 0..<n {
            // d k_i / d x_j = -sigma_f^2 g(r_i^2) (x_j - x_ij) / l_j^2
            let common = -h.signalVariance * factorG[i]
            for j in 0..<d {
                let dk = common * (point[j] - inputs[i, j]) * inverseSquaredLengths[j]
                meanGradient[j] += alpha[i] * dk
                varianceGradient[j] -= 2 * w[i] * dk
            }
        }
        // Back to the targets' units (mean scales by s_y, variance by s_y^2).
        let s = targetScale
        return PredictionWithGradient(mean: targetMean + s * mu, variance: s * s * latent,
                                      meanGradient: meanGradient.map { s * $0 },
                                      varianceGradient: varianceGradient.map { s * s * $0 })
    }
}
