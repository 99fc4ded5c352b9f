// GaussianProcessError.swift
//
// What this file teaches: bad input is reported, never trapped. A student who passes
// 3 targets for 4 inputs, a NaN target, or a negative length scale gets an error that
// says exactly that, instead of a crash deep inside a matrix routine.

/// Why a Gaussian process could not be built, fitted or evaluated.
public enum GaussianProcessError: Error, Equatable, CustomStringConvertible {
    /// There are no training points (or an input has no dimensions).
    case emptyData(String)
    /// Two sizes that must agree do not (inputs and targets, points and inputs, ...).
    case shapeMismatch(String)
    /// An input, target or prediction point is NaN or infinite.
    case nonFiniteValue(String)
    /// A target is finite but too large to model in double precision.
    case targetOutOfRange(String)
    /// A hyperparameter is out of its domain (negative, zero, NaN, wrong count).
    case invalidHyperparameters(String)
    /// Optimisation bounds are empty, non-positive or do not match the inputs.
    case invalidBounds(String)
    /// Another argument is out of range (for example zero restarts).
    case invalidArgument(String)
    /// K + sigma_n^2 I could not be factorised even after adding the largest jitter
    /// we allow (`jitterTried`, in the units of the covariance matrix).
    case notPositiveDefinite(jitterTried: Double)

    public var description: String {
        switch self {
        case let .emptyData(what): return "no data: \(what)"
        case let .shapeMismatch(what): return "shape mismatch: \(what)"
        case let .nonFiniteValue(what): return "non-finite value: \(what)"
        case let .targetOutOfRange(what): return "target out of range: \(what)"
        case let .invalidHyperparameters(what): return "invalid hyperparameters: \(what)"
        case let .invalidBounds(what): return "invalid bounds: \(what)"
        case let .invalidArgument(what): return "invalid argument: \(what)"
        case let .notPositiveDefinite(jitter):
            return "the covariance matrix is not positive definite even with \(jitter) added to its diagonal"
                + " (are the inputs or hyperparameters NaN, or the signal variance enormous?)"
        }
    }
}
