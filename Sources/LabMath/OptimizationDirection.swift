// OptimizationDirection.swift
//
// What this file teaches: nothing hard, and that is the point. Whether a score is to
// be minimised (a loss, an error) or maximised (an accuracy) is stated explicitly
// everywhere, never guessed: the search library, the Gaussian process's acquisition
// functions and the lessons all share this one type.

/// Whether lower or higher values are better.
public enum OptimizationDirection: String, Sendable, Equatable, CaseIterable {
    case minimize, maximize

    /// True when `a` is strictly better than `b` in this direction.
    public func isBetter(_ a: Double, than b: Double) -> Bool {
        self == .minimize ? a < b : a > b
    }

    /// The better of two values (the first on ties).
    public func best(_ a: Double, _ b: Double) -> Double {
        isBetter(b, than: a) ? b : a
    }
}
