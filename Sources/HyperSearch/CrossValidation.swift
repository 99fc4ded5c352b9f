// CrossValidation.swift
//
// What this file teaches: cross-validation as an *evaluator*, separate from the search
// *strategy* (scikit-learn keeps them apart the same way: GridSearchCV = a grid + cv).
// For one configuration, train k times, each time validating on one fold and training
// on the others; the score is the mean of the k fold scores. Their standard deviation
// says how much one fold's score varies; how much the *mean* can be trusted is that
// spread divided by sqrt(k), its standard error (with the caveat that the folds share
// training rows, so the k scores are not independent and sqrt(k) is optimistic).
//
// One rule matters above all: anything learned from data (the scaler's means and
// deviations, say) must be learned inside each fold from its training rows only. The
// fold function receives the fold's row indices and does its own preprocessing, so the
// validation rows of a fold never influence what it is scored with.

import LabData
import LabMath

/// k-fold cross-validation over fixed folds.
///
/// ```swift
/// let cv = try CrossValidation.stratified(labels: labels, k: 5, seed: 42)
/// let objective = cv.objective(name: "mean validation accuracy", direction: .maximize) { config, fold in
///     // fit the scaler on fold.trainIndices, train, score on fold.validationIndices
/// }
/// ```
public struct CrossValidation: Sendable {
    /// The folds, fixed once so every configuration is scored on the same splits.
    public let folds: [Fold]
    /// A caveat about the folds for the reader, if any: set by `stratified` when a
    /// class has fewer rows than there are folds (see `FoldGenerator.smallClassNote`).
    public var note: String?

    public init(folds: [Fold]) {
        self.folds = folds
    }

    /// Stratified k-fold over rows with these class labels (k = 5 by default, as in
    /// both articles' `cv=5`). When a class has fewer than k rows, `note` says so.
    public static func stratified(labels: [Int], k: Int = 5, seed: UInt64) throws -> CrossValidation {
        var rng = SeededGenerator(seed: seed)
        var validation = CrossValidation(folds: try FoldGenerator.stratifiedKFold(labels: labels, k: k, rng: &rng))
        validation.note = FoldGenerator.smallClassNote(labels: labels, k: k)
        return validation
    }

    /// Plain (unstratified) k-fold over `count` rows, for regression targets.
    public static func plain(count: Int, k: Int = 5, seed: UInt64) throws -> CrossValidation {
        var rng = SeededGenerator(seed: seed)
        return CrossValidation(folds: try FoldGenerator.kFold(count: count, k: k, rng: &rng))
    }

    public var k: Int { folds.count }

    /// Runs `evaluateFold(foldIndex, fold)` for every fold and combines the results:
    /// the mean of the fold scores, with the fold scores kept. If a fold diverges or
    /// fails, the evaluation stops there and reports it ("fold 3: ..."), with the cost
    /// of the folds run so far.
    public func evaluate(_ evaluateFold: (Int, Fold) throws -> Evaluation) -> Evaluation {
        var scores: [Double] = []
        var cost = SearchCost.zero
        for (index, fold) in folds.enumerated() {
            let result: Evaluation
            do {
                result = try evaluateFold(index, fold)
            } catch {
                return Evaluation(outcome: .failed("fold \(index + 1): \(error)"), cost: cost)
            }
            cost = cost + result.cost
            switch result.outcome {
            case let .score(x) where x.isFinite:
                scores.append(x)
            case let .score(x):
                return Evaluation(outcome: .failed("fold \(index + 1): non-finite score \(x)"), cost: cost)
            case let .diverged(reason):
                return Evaluation(outcome: .diverged("fold \(index + 1): \(reason)"), cost: cost)
            case let .failed(reason):
                return Evaluation(outcome: .failed("fold \(index + 1): \(reason)"), cost: cost)
            }
        }
        return Evaluation(outcome: .score(Statistics.mean(scores)), cost: cost, foldScores: scores)
    }

    /// An objective whose score is the cross-validated mean of `evaluateFold`.
    public func objective(name: String, direction: OptimizationDirection,
                          _ evaluateFold: @escaping (Configuration, Fold) throws -> Evaluation) -> Objective {
        Objective(name: name, direction: direction) { configuration in
            self.evaluate { _, fold in try evaluateFold(configuration, fold) }
        }
    }
}

extension Trial {
    /// The standard deviation of the fold scores (population, as scikit-learn's
    /// `std_test_score`), if the trial was cross-validated.
    public var foldSpread: Double? {
        evaluation.foldScores.map { Statistics.standardDeviation($0) }
    }
}
