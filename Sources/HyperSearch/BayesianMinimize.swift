// BayesianMinimize.swift
//
// What this file teaches: the shortest path from "I have a function of a few numbers"
// to Bayesian optimisation, like scikit-optimize's gp_minimize(f, dimensions, n_calls):
// no named search space, no Configuration, no tuner. Underneath it is the same
// searcher, with coordinates named x1, ..., xd.

import LabMath

/// The outcome of `BayesianOptimization.minimize`.
public struct MinimizationResult {
    /// The recommended point (`BayesianOptimization.recommendation()`: the best
    /// observation, or the best posterior mean for noisy functions).
    public let x: [Double]
    /// f as observed at `x`.
    public let value: Double
    /// Every evaluated point and its value, in order (nil values: f threw or returned a
    /// non-finite number).
    public let points: [[Double]]
    public let values: [Double?]
    /// The searcher after the run (its steps, model and settings).
    public let searcher: BayesianOptimization
}

extension BayesianOptimization {
    /// Minimises `f` over a box with `budget` evaluations.
    ///
    /// ```swift
    /// let result = try BayesianOptimization.minimize({ x in (x[0] - 0.3) * (x[0] - 0.3) + x[1] * x[1] },
    ///                                               bounds: [0...1, -1...1], budget: 25)
    /// result.x       // close to [0.3, 0]
    /// ```
    ///
    /// - Parameters:
    ///   - f: the function; a thrown error or a non-finite value marks that evaluation
    ///     as failed (the model then treats the point as the worst seen), never a trap.
    ///   - bounds: one closed interval per coordinate, each with low < high.
    ///   - budget: the number of evaluations (>= 1); the first `initPoints` (default
    ///     max(5, 2 d), capped at the budget) form the space-filling design.
    ///   - noisy: whether f's values are noisy; then the recommendation is the best
    ///     posterior mean among the evaluated points instead of the best value seen
    ///     (`RecommendationRule.posteriorMean`). The noise itself is always fitted.
    ///   - settings: `.standard` by default.
    ///   - seed: for the design and every random choice.
    /// - Throws: `SearchError.invalidArgument` for empty or invalid bounds or budget;
    ///   `GaussianProcessError` if the model cannot be fitted; `SearchError` when
    ///   every evaluation failed.
    public static func minimize(_ f: ([Double]) throws -> Double, bounds: [ClosedRange<Double>], budget: Int,
                                initPoints: Int? = nil, noisy: Bool = false, settings: Settings = .standard,
                                seed: UInt64 = 0) throws -> MinimizationResult {
        guard budget >= 1 else { throw SearchError.invalidArgument("the budget must be at least 1 evaluation, got \(budget)") }
        guard !bounds.isEmpty else { throw SearchError.invalidArgument("minimize needs at least one coordinate's bounds") }
        let names = bounds.indices.map { "x\($0 + 1)" }
        let space = try SearchSpace(bounds.enumerated().map { .real(names[$0.offset], low: $0.element.lowerBound,
                                                                   high: $0.element.upperBound) })
        let initial = min(initPoints ?? defaultInitialPoints(dimensions: bounds.count), budget)
        var searcher = try BayesianOptimization(space: space, direction: .minimize, initPoints: initial,
                                                nIter: budget - initial, settings: settings, seed: seed)
        var points: [[Double]] = [], values: [Double?] = []
        // The objective lives only inside this call, so f does not really escape.
        try withoutActuallyEscaping(f) { f in
            let objective = Objective(name: "f", direction: .minimize) { c in .score(try f(try names.map { try c.double($0) })) }
            for number in 1...budget {
                guard let configuration = try searcher.suggest() else { break }
                let trial = Trial(number: number, configuration: configuration, evaluation: objective.evaluate(configuration))
                searcher.observe(trial)
                points.append(try names.map { try configuration.double($0) })
                values.append(trial.score)
            }
        }
        guard let pick = try searcher.recommendation(by: noisy ? .posteriorMean : nil) else {
            throw SearchError.invalidArgument("every one of the \(values.count) evaluations of f failed")
        }
        return MinimizationResult(x: try names.map { try pick.configuration.double($0) }, value: pick.observedScore,
                                  points: points, values: values, searcher: searcher)
    }
}
