// MultiFidelityObjective.swift
//
// What this file teaches: an objective that can be evaluated a little at a time. A
// plain `Objective` trains a network to the end and returns one score, so a search
// pays the full price for every configuration, even hopeless ones. Early-stopping
// methods need two more things from the objective:
//
//   1. the score after every epoch (the learning curve), so that a scheduler can
//      compare trials early and stop the poor ones;
//   2. trials that can be paused and resumed exactly where they stopped, so that a
//      trial promoted from 3 to 9 epochs trains 6 more epochs, not 9 from scratch,
//      and the cost of the search is what was really trained.
//
// The epoch is the *resource* (Li et al.'s word; it could also be a number of
// training examples). "Multi-fidelity": a score after few epochs is a cheap,
// low-fidelity estimate of the score after many.

import LabMath

/// One trial's training, advanced one epoch at a time and paused between calls.
///
/// A network objective keeps the network, its optimizer state and its shuffling
/// generator inside the object (see `TrainingSession`), so that `advance()` after a
/// long pause continues exactly as an uninterrupted run would.
public protocol ResumableRun: AnyObject {
    /// Trains one more epoch and evaluates: the score after it (or how it diverged or
    /// failed), with the cost of this epoch alone.
    func advance() throws -> Evaluation
}

/// A named objective whose trials report a score after every epoch and can be resumed.
///
/// ```swift
/// // Synthetic learning curves: no network, the score after `epoch` epochs is a formula.
/// let curves = MultiFidelityObjective.learningCurves(name: "accuracy", direction: .maximize) { config, epoch in
///     let rate = try config.double("rate")
///     return 0.9 * (1 - exp(-rate * Double(epoch)))
/// }
/// ```
public struct MultiFidelityObjective {
    /// What the score means, e.g. "validation accuracy".
    public let name: String
    public let direction: OptimizationDirection
    private let makeRun: (Configuration) throws -> any ResumableRun

    /// - Parameter makeRun: starts a configuration's training (nothing trained yet).
    public init(name: String, direction: OptimizationDirection,
                _ makeRun: @escaping (Configuration) throws -> any ResumableRun) {
        self.name = name
        self.direction = direction
        self.makeRun = makeRun
    }

    /// Starts the training of `configuration`.
    /// - Throws: whatever the objective throws (the tuner records it as a failed trial).
    public func start(_ configuration: Configuration) throws -> any ResumableRun {
        try makeRun(configuration)
    }

    /// One more epoch of `run`. Never throws: as in `Objective.evaluate`, a thrown
    /// error becomes a `.failed` evaluation, and so does a NaN or infinite score.
    public func advance(_ run: any ResumableRun) -> Evaluation {
        do {
            var evaluation = try run.advance()
            if case let .score(x) = evaluation.outcome, !x.isFinite {
                evaluation.outcome = .failed("the objective returned a non-finite score (\(x))")
            }
            return evaluation
        } catch {
            return Evaluation(outcome: .failed("\(error)"), cost: .zero)
        }
    }

    /// Synthetic learning curves, for tests and for lessons that want curves without
    /// training: the score after `epoch` epochs (1, 2, ...) is `curve(configuration,
    /// epoch)`, and each epoch costs one epoch and one evaluation.
    public static func learningCurves(name: String, direction: OptimizationDirection,
                                      _ curve: @escaping (Configuration, Int) throws -> Double) -> MultiFidelityObjective {
        MultiFidelityObjective(name: name, direction: direction) { configuration in
            LearningCurveRun(configuration: configuration, curve: curve)
        }
    }
}

/// A run whose score after k epochs is given by a function (see `learningCurves`).
final class LearningCurveRun: ResumableRun {
    let configuration: Configuration
    let curve: (Configuration, Int) throws -> Double
    private(set) var epochs = 0

    init(configuration: Configuration, curve: @escaping (Configuration, Int) throws -> Double) {
        self.configuration = configuration
        self.curve = curve
    }

    func advance() throws -> Evaluation {
        epochs += 1
        return .score(try curve(configuration, epochs), cost: SearchCost(epochs: 1, updates: 0, evaluations: 1))
    }
}
