// Objective.swift
//
// What this file teaches: what a searcher optimises, stated explicitly. An objective
// is any function from a configuration to a score, together with its name and whether
// lower or higher is better: the library never guesses the direction. The function may
// also report that a trial *diverged* (the network blew up) or *failed* (it threw an
// error): such trials are recorded with their reason, and the search goes on.
//
// Searchers know nothing about neural networks. The tests tune plain functions like
// (x - 2)^2; the lessons tune the article's network.

import LabMath

/// What a trial cost, in units that do not depend on the machine.
public struct SearchCost: Sendable, Equatable, CustomStringConvertible {
    /// Training epochs run (0 for objectives that do not train anything).
    public var epochs: Int
    /// Optimizer updates (mini-batches).
    public var updates: Int
    /// Calls of the underlying function (e.g. one per cross-validation fold).
    public var evaluations: Int
    /// Training examples processed (epochs times rows, summed over folds); 0 when the
    /// objective does not count them.
    public var examples: Int

    public init(epochs: Int = 0, updates: Int = 0, evaluations: Int = 1, examples: Int = 0) {
        self.epochs = epochs
        self.updates = updates
        self.evaluations = evaluations
        self.examples = examples
    }

    public static let zero = SearchCost(epochs: 0, updates: 0, evaluations: 0)

    public static func + (a: SearchCost, b: SearchCost) -> SearchCost {
        SearchCost(epochs: a.epochs + b.epochs, updates: a.updates + b.updates, evaluations: a.evaluations + b.evaluations,
                   examples: a.examples + b.examples)
    }

    public var description: String {
        "\(epochs) epochs, \(updates) updates, \(evaluations) evaluations" + (examples > 0 ? ", \(examples) examples" : "")
    }
}

/// How one evaluation of the objective ended.
public enum EvaluationOutcome: Sendable, Equatable {
    /// A finite score.
    case score(Double)
    /// The training diverged (NaN or exploding loss); the reason says how.
    case diverged(String)
    /// The evaluation failed (an error was thrown, or the score was not finite).
    case failed(String)
}

/// The result of evaluating the objective on one configuration.
public struct Evaluation: Sendable, Equatable {
    public var outcome: EvaluationOutcome
    public var cost: SearchCost
    /// The per-fold scores when the evaluation was a cross-validation.
    public var foldScores: [Double]?

    public init(outcome: EvaluationOutcome, cost: SearchCost = SearchCost(), foldScores: [Double]? = nil) {
        self.outcome = outcome
        self.cost = cost
        self.foldScores = foldScores
    }

    /// A successful evaluation with `score`.
    public static func score(_ score: Double, cost: SearchCost = SearchCost()) -> Evaluation {
        Evaluation(outcome: .score(score), cost: cost)
    }

    /// A diverged evaluation.
    public static func diverged(_ reason: String, cost: SearchCost = SearchCost()) -> Evaluation {
        Evaluation(outcome: .diverged(reason), cost: cost)
    }

    /// The score, if the evaluation succeeded.
    ///
    /// Kept out of line on purpose: when this small getter was inlined into a caller's
    /// closure, Swift 6.3.1's release optimizer crashed ("Found ownership error?!" in
    /// CopyPropagation, on a borrowed `Trial` whose outcome enum was switched on). A call
    /// costs nothing measurable here, and `swift build -c release` in CI guards it.
    @inline(never)
    public var score: Double? {
        switch outcome {
        case let .score(x): return x
        case .diverged, .failed: return nil
        }
    }
}

/// A named function to optimise, with its direction.
///
/// ```swift
/// let objective = Objective(name: "(x - 2)^2", direction: .minimize) { config in
///     let x = try config.double("x")
///     return .score((x - 2) * (x - 2))
/// }
/// ```
public struct Objective {
    /// What the score means, e.g. "mean validation accuracy (5-fold CV)".
    public let name: String
    public let direction: OptimizationDirection
    private let function: (Configuration) throws -> Evaluation

    public init(name: String, direction: OptimizationDirection, _ function: @escaping (Configuration) throws -> Evaluation) {
        self.name = name
        self.direction = direction
        self.function = function
    }

    /// Evaluates `configuration`. Never throws: a thrown error becomes a `.failed`
    /// evaluation with the error's description, and a NaN or infinite score becomes a
    /// `.failed` one too, so that no trial is silently recorded with a meaningless score.
    public func evaluate(_ configuration: Configuration) -> Evaluation {
        do {
            var evaluation = try function(configuration)
            if case let .score(x) = evaluation.outcome, !x.isFinite {
                evaluation.outcome = .failed("the objective returned a non-finite score (\(x))")
            }
            return evaluation
        } catch {
            return Evaluation(outcome: .failed("\(error)"), cost: .zero)
        }
    }
}
