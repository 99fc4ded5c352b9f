// AcquisitionFunction.swift
//
// What this file teaches: how Bayesian optimisation turns the GP's belief about an
// untried configuration (a mean mu and a standard deviation sigma) into one number
// saying how much it is worth trying next. Every acquisition function balances
// *exploitation* (a good predicted mean) against *exploration* (a large uncertainty).
//
// Notation: f* is the incumbent (the best value observed so far), Phi and phi the
// standard normal distribution function and density (LabMath's StandardNormal), and
//
//   delta = mu - f* - xi   when maximising,   delta = f* - mu - xi   when minimising,
//   z     = delta / sigma,
//
// so delta > 0 means "the mean beats the incumbent by more than the margin xi".

import LabMath

/// Expected improvement split into its two terms, so a lesson can print *why* a point
/// was chosen: EI = exploitation + exploration.
public struct ExpectedImprovementTerms: Sendable, Equatable {
    /// delta Phi(z): the predicted improvement, weighted by the probability of improving.
    /// Negative when the mean is worse than the incumbent.
    public var exploitation: Double
    /// sigma phi(z): the value of uncertainty; zero when sigma is 0.
    public var exploration: Double
    /// exploitation + exploration, never negative.
    public var total: Double
}

/// An acquisition function: a score where *larger is always better*, whichever the
/// direction of the objective.
///
/// ```swift
/// let ei = AcquisitionFunction.expectedImprovement(xi: 0.01)
/// ei.evaluate(mean: 0.30, standardDeviation: 0.05, incumbent: 0.32, direction: .minimize)   // 0.0253
/// AcquisitionFunction.expectedImprovementTerms(mean: 0.30, standardDeviation: 0.05, incumbent: 0.32,
///                                              xi: 0.01, direction: .minimize)
/// // exploitation 0.00579 (the mean beats 0.32 by more than xi), exploration 0.0196
/// // (and it is uncertain): total 0.0253
/// ```
public enum AcquisitionFunction: Sendable, Equatable, CustomStringConvertible {
    /// Expected improvement (Mockus 1978; closed form by Jones, Schonlau and Welch,
    /// "Efficient global optimization of expensive black-box functions", J. Global
    /// Optim. 13, 1998, eq. 15):
    ///
    ///     EI = E[max(0, improvement - xi)] = delta Phi(z) + sigma phi(z),   sigma > 0,
    ///     EI = max(0, delta),                                             sigma = 0.
    ///
    /// `xi` >= 0 demands a margin of improvement (0.01 is a common choice for
    /// normalised objectives); larger values explore more.
    case expectedImprovement(xi: Double)
    /// Probability of improvement (Kushner 1964):
    ///
    ///     PI = P(improvement > xi) = Phi(z),                  sigma > 0,
    ///     PI = 1 if delta > 0, else 0,                        sigma = 0.
    case probabilityOfImprovement(xi: Double)
    /// The confidence bound (GP-UCB, Srinivas, Krause, Kakade and Seeger, "Gaussian
    /// process optimization in the bandit setting", ICML 2010; their kappa is
    /// beta_t^(1/2)). Maximising: the upper bound mu + kappa sigma. Minimising: the
    /// lower bound mu - kappa sigma, and the score is its negative, kappa sigma - mu, so
    /// that larger is still better.
    case confidenceBound(kappa: Double)

    public var description: String {
        switch self {
        case let .expectedImprovement(xi): return "expected improvement (xi = \(xi))"
        case let .probabilityOfImprovement(xi): return "probability of improvement (xi = \(xi))"
        case let .confidenceBound(kappa): return "confidence bound (kappa = \(kappa))"
        }
    }

    /// The score of one candidate (larger is better).
    ///
    /// - Parameters:
    ///   - mean: the GP's posterior mean mu at the candidate, in the objective's units.
    ///   - standardDeviation: its posterior standard deviation sigma (of f, without the
    ///     noise); negative values from a caller's round-off count as 0.
    ///   - incumbent: f*, the best observed value.
    ///   - direction: whether the objective is minimised or maximised.
    /// - Complexity: O(1), at most one `erfc` and one `exp`.
    public func evaluate(mean: Double, standardDeviation: Double, incumbent: Double,
                         direction: OptimizationDirection) -> Double {
        switch self {
        case let .expectedImprovement(xi):
            return Self.expectedImprovementTerms(mean: mean, standardDeviation: standardDeviation,
                                                 incumbent: incumbent, xi: xi, direction: direction).total
        case let .probabilityOfImprovement(xi):
            let delta = improvementMargin(mean: mean, incumbent: incumbent, xi: xi, direction: direction)
            let sigma = max(standardDeviation, 0)
            // sigma = 0: the outcome is certain, and Phi(delta / 0) would be Phi(+-inf)
            // or, for delta = 0, Phi(NaN). We return the limit for delta != 0 and 0 for
            // delta = 0 ("no improvement for sure").
            if sigma == 0 { return delta > 0 ? 1 : 0 }
            return StandardNormal.cumulative(delta / sigma)
        case let .confidenceBound(kappa):
            let bound = Self.confidenceBound(mean: mean, standardDeviation: standardDeviation,
                                             kappa: kappa, direction: direction)
            return direction == .maximize ? bound : -bound
        }
    }

    /// The scores of every point of a prediction (larger is better).
    /// - Complexity: O(m) for m points.
    public func evaluate(_ prediction: GaussianProcessPrediction, incumbent: Double,
                         direction: OptimizationDirection) -> [Double] {
        var scores = [Double](repeating: 0, count: prediction.count)
        for i in 0..<prediction.count {
            scores[i] = evaluate(mean: prediction.mean[i], standardDeviation: prediction.standardDeviation[i],
                                 incumbent: incumbent, direction: direction)
        }
        return scores
    }

    /// Expected improvement and its two terms (Jones, Schonlau and Welch 1998, eq. 15).
    ///
    /// For maximisation, with delta = mu - f* - xi and z = delta / sigma:
    ///     exploitation = delta Phi(z),  exploration = sigma phi(z);
    /// for minimisation the same with delta = f* - mu - xi.
    ///
    /// Accuracy: where the mean is much worse than the incumbent (z << 0) the two terms
    /// nearly cancel: EI ~ sigma phi(z) / z^2 while each term is about sigma phi(z). The
    /// relative error then grows like z^4 machine epsilons (1e-10 at z = -30), which is
    /// harmless for ranking candidates; below z = -38, phi(z) underflows and EI is 0.
    /// (Ament et al., "Unexpected improvements to expected improvement", NeurIPS 2023,
    /// compute log EI for that regime; a non-goal here.)
    public static func expectedImprovementTerms(mean: Double, standardDeviation: Double, incumbent: Double,
                                                xi: Double, direction: OptimizationDirection)
        -> ExpectedImprovementTerms {
        let delta = improvementMargin(mean: mean, incumbent: incumbent, xi: xi, direction: direction)
        let sigma = max(standardDeviation, 0)
        // sigma = 0: no uncertainty, so the improvement is delta if positive, else 0.
        // The formula would compute 0 * phi(delta / 0) = 0 * phi(+-inf), or 0/0 = NaN
        // for delta = 0; the limit sigma -> 0 is max(0, delta).
        guard sigma != 0 else {
            let improvement = max(delta, 0)
            return ExpectedImprovementTerms(exploitation: improvement, exploration: 0, total: improvement)
        }
        let z = delta / sigma
        let exploitation = delta * StandardNormal.cumulative(z)
        let exploration = sigma * StandardNormal.density(z)
        // EI > 0 in exact arithmetic; when the terms cancel, round-off could leave a
        // tiny negative number, which would rank below "no chance at all".
        return ExpectedImprovementTerms(exploitation: exploitation, exploration: exploration,
                                        total: max(exploitation + exploration, 0))
    }

    /// The bound itself: mu + kappa sigma (maximising) or mu - kappa sigma (minimising).
    public static func confidenceBound(mean: Double, standardDeviation: Double, kappa: Double,
                                       direction: OptimizationDirection) -> Double {
        let sigma = max(standardDeviation, 0)
        return direction == .maximize ? mean + kappa * sigma : mean - kappa * sigma
    }
}

/// delta: by how much the mean beats the incumbent, beyond the margin xi.
@inline(__always)
private func improvementMargin(mean: Double, incumbent: Double, xi: Double,
                               direction: OptimizationDirection) -> Double {
    direction == .maximize ? mean - incumbent - xi : incumbent - mean - xi
}
