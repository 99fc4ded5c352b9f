// Trial.swift
//
// What this file teaches: the vocabulary of a search, as in d2l's hyperparameter
// chapter and Optuna. A *trial* is one evaluated configuration. The *incumbent* is the
// best trial so far; its score after each trial is the *trajectory*, the curve by which
// search methods are compared.

/// One evaluated configuration.
public struct Trial: Sendable, Equatable {
    /// 1-based position in the search.
    public let number: Int
    public let configuration: Configuration
    public let evaluation: Evaluation

    public init(number: Int, configuration: Configuration, evaluation: Evaluation) {
        self.number = number
        self.configuration = configuration
        self.evaluation = evaluation
    }

    /// The score, if the trial succeeded.
    public var score: Double? { evaluation.score }
    public var cost: SearchCost { evaluation.cost }

    /// "ok", "diverged: ..." or "failed: ...".
    public var status: String {
        switch evaluation.outcome {
        case .score: return "ok"
        case let .diverged(reason): return "diverged: \(reason)"
        case let .failed(reason): return "failed: \(reason)"
        }
    }
}

/// The state of the search after one trial: the incumbent's score and the cost so far.
public struct TrajectoryPoint: Sendable, Equatable {
    /// Trials run so far.
    public let trials: Int
    /// The best score so far (nil while every trial has failed).
    public let bestScore: Double?
    /// The trial number of the incumbent.
    public let incumbent: Int?
    /// Cumulative cost of all trials so far.
    public let cost: SearchCost
}
