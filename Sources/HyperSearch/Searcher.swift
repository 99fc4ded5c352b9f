// Searcher.swift
//
// What this file teaches: the ask/tell design shared by d2l's from-scratch HPO library
// and Optuna. A *searcher* only decides what to try next (`suggest`) and learns from
// what happened (`observe`); a *tuner* (Tuner.swift) runs the trials, keeps the books
// and enforces the budget. Keeping them apart is what lets one tuner drive manual,
// random, grid and Bayesian search alike.

import LabMath

/// Proposes configurations and learns from their results.
public protocol Searcher {
    /// A short name for tables and charts, e.g. "random search".
    var name: String { get }
    /// The next configuration to evaluate, or nil when the searcher has nothing left
    /// to propose (then `exhaustionNote` says why).
    mutating func suggest() throws -> Configuration?
    /// Called by the tuner with every finished trial, in order.
    mutating func observe(_ trial: Trial)
    /// Why `suggest()` returned nil, e.g. "all 9 grid points were tried" (grid search) or
    /// "all 20 iterations were drawn" (random search).
    var exhaustionNote: String? { get }
    /// The direction a searcher that models scores was built for (nil for searchers
    /// that ignore scores). The tuner refuses to pair it with an objective of the
    /// other direction: a model that minimises an accuracy would chase the worst.
    var modeledDirection: OptimizationDirection? { get }
}

extension Searcher {
    /// Searchers that do not learn from results (manual, random, grid) ignore trials.
    public mutating func observe(_ trial: Trial) {}
    public var modeledDirection: OptimizationDirection? { nil }
}

/// Manual search: the configurations you typed, in your order (Lesson 1's method).
public struct ManualSearch: Searcher {
    public let name = "manual search"
    public let configurations: [Configuration]
    private var next = 0

    public init(_ configurations: [Configuration]) {
        self.configurations = configurations
    }

    public mutating func suggest() -> Configuration? {
        guard next < configurations.count else { return nil }
        next += 1
        return configurations[next - 1]
    }

    public var exhaustionNote: String? {
        next >= configurations.count
            ? (configurations.count == 1 ? "the 1 configuration you listed was tried"
                                         : "all \(configurations.count) configurations you listed were tried")
            : nil
    }
}
