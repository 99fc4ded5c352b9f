// NestedCrossValidation.swift
//
// What this file teaches: why the winner's cross-validated score flatters it, and how to
// get an honest estimate. A search scores many configurations by CV and keeps the best.
// Each CV score is the truth plus noise, and the best of many noisy scores is, on
// average, one whose noise happened to be favourable: the winner was *picked because* it
// looked good. Its CV score is therefore biased upwards (Cawley and Talbot, "On
// over-fitting in model selection and subsequent selection bias in performance
// evaluation", JMLR 2010).
//
// Nested cross-validation measures the whole procedure instead of the winner:
//
//   for each outer fold k = 1...K:
//       run the whole search on the outer training rows only, scoring every
//       configuration by an inner CV over those rows;
//       refit the winner on all outer training rows and score it on the outer test
//       rows, which the search never saw.
//
// The mean outer score estimates how well "search, then refit the winner" generalises.
// The inner CV score of each winner minus its outer score is the optimism of that
// selection; WinnerOptimism.swift measures how it grows with the number of trials.

import LabData
import LabMath

/// An outer k-fold loop around a whole search.
///
/// ```swift
/// let nested = try NestedCrossValidation.stratified(labels: labels, outerK: 5, innerK: 5, seed: 42)
/// let result = try nested.run(name: "accuracy", direction: .maximize, budget: .trials(20),
///                             searcher: { k in try RandomSearch(space: space, iterations: 20, seed: UInt64(k)) }) {
///     config, fold in ... // train on fold.trainIndices, score on fold.validationIndices
/// }
/// result.meanHeldOutScore     // the honest estimate
/// result.meanOptimism         // how much the winners' inner CV scores flattered them
/// ```
public struct NestedCrossValidation: Sendable {
    /// The outer folds; their validation rows are the held-out test rows.
    public let outerFolds: [Fold]
    /// For each outer fold, the inner folds (row indices of the whole data set, drawn
    /// from that outer fold's training rows only).
    public let innerFolds: [[Fold]]

    /// Explicit folds, checked: every inner fold must use only its outer fold's training
    /// rows (an inner fold that touched the outer test rows would leak them into the
    /// choice of the winner), and every outer fold needs at least two inner folds.
    /// - Throws: `SearchError.invalidArgument` naming the offending fold.
    public init(outerFolds: [Fold], innerFolds: [[Fold]]) throws {
        guard !outerFolds.isEmpty, outerFolds.count == innerFolds.count else {
            throw SearchError.invalidArgument("nested cross-validation needs one list of inner folds per outer fold "
                                              + "(\(outerFolds.count) outer, \(innerFolds.count) inner lists)")
        }
        for (k, outer) in outerFolds.enumerated() {
            guard innerFolds[k].count >= 2 else {
                throw SearchError.invalidArgument("outer fold \(k + 1) has \(innerFolds[k].count) inner folds; at least 2 are needed")
            }
            let allowed = Set(outer.trainIndices)     // only looked up, never iterated
            for (j, inner) in innerFolds[k].enumerated() {
                if let row = (inner.trainIndices + inner.validationIndices).first(where: { !allowed.contains($0) }) {
                    throw SearchError.invalidArgument("inner fold \(j + 1) of outer fold \(k + 1) uses row \(row), which is "
                                                      + "not a training row of that outer fold (it would leak the test rows)")
                }
            }
        }
        self.outerFolds = outerFolds
        self.innerFolds = innerFolds
    }

    /// Plain k-fold outside and inside (for regression targets). The inner folds of
    /// outer fold k are drawn with the stream k + 1 of `seed`.
    public static func plain(count: Int, outerK: Int = 5, innerK: Int = 5, seed: UInt64) throws -> NestedCrossValidation {
        var rng = SeededGenerator(seed: seed)
        let outer = try FoldGenerator.kFold(count: count, k: outerK, rng: &rng)
        let inner = try outer.enumerated().map { k, fold in
            var innerRng = rng.derived(stream: UInt64(k))
            return mapped(try FoldGenerator.kFold(count: fold.trainIndices.count, k: innerK, rng: &innerRng), through: fold)
        }
        return try NestedCrossValidation(outerFolds: outer, innerFolds: inner)
    }

    /// Stratified k-fold outside and inside: each inner fold keeps the class proportions
    /// of its outer training rows.
    public static func stratified(labels: [Int], outerK: Int = 5, innerK: Int = 5, seed: UInt64) throws -> NestedCrossValidation {
        var rng = SeededGenerator(seed: seed)
        let outer = try FoldGenerator.stratifiedKFold(labels: labels, k: outerK, rng: &rng)
        let inner = try outer.enumerated().map { k, fold in
            var innerRng = rng.derived(stream: UInt64(k))
            let innerLabels = fold.trainIndices.map { labels[$0] }
            return mapped(try FoldGenerator.stratifiedKFold(labels: innerLabels, k: innerK, rng: &innerRng), through: fold)
        }
        return try NestedCrossValidation(outerFolds: outer, innerFolds: inner)
    }

    /// Folds over positions 0..<n of `outer.trainIndices`, turned into rows of the data set.
    private static func mapped(_ folds: [Fold], through outer: Fold) -> [Fold] {
        folds.map { Fold(trainIndices: $0.trainIndices.map { outer.trainIndices[$0] }.sorted(),
                         validationIndices: $0.validationIndices.map { outer.trainIndices[$0] }.sorted()) }
    }

    /// The inner cross-validation of outer fold `k` (0-based).
    public func inner(_ k: Int) -> CrossValidation { CrossValidation(folds: innerFolds[k]) }

    /// Runs the search inside every outer fold and scores each winner on its test rows.
    ///
    /// - Parameters:
    ///   - name, direction: the score's name and direction (the inner objective is "name
    ///     (inner k-fold CV)").
    ///   - budget: the budget of each inner search.
    ///   - searcher: builds a fresh searcher for outer fold k (0-based).
    ///   - evaluate: trains a configuration on `fold.trainIndices` and scores it on
    ///     `fold.validationIndices` (rows of the whole data set). Used for the inner folds
    ///     and, with the outer fold, to refit and test the winner.
    ///   - onSearch: called after each outer fold's search, e.g. for progress.
    /// - Complexity: K searches, each of at most `budget` trials of k_inner fits, plus K refits.
    public func run(name: String, direction: OptimizationDirection, budget: SearchBudget,
                    searcher: (Int) throws -> any Searcher,
                    evaluate: @escaping (Configuration, Fold) throws -> Evaluation,
                    onSearch: ((NestedFoldResult) -> Void)? = nil) throws -> NestedCrossValidationResult {
        var folds: [NestedFoldResult] = []
        for k in outerFolds.indices {
            let search = try innerSearch(k, name: name, direction: direction, budget: budget,
                                         searcher: searcher(k), evaluate: evaluate)
            let fold = heldOut(k, winner: search.best, search: search, evaluate: evaluate)
            folds.append(fold)
            onSearch?(fold)
        }
        return NestedCrossValidationResult(direction: direction, folds: folds)
    }

    /// The search of outer fold `k`, its configurations scored by the inner CV.
    func innerSearch(_ k: Int, name: String, direction: OptimizationDirection, budget: SearchBudget,
                     searcher: any Searcher, evaluate: @escaping (Configuration, Fold) throws -> Evaluation) throws -> SearchResult {
        let objective = inner(k).objective(name: "\(name) (inner \(innerFolds[k].count)-fold CV)", direction: direction, evaluate)
        var tuner = try Tuner(searcher: searcher, objective: objective, budget: budget)
        return try tuner.run()
    }

    /// Refits `winner` on the training rows of outer fold `k` and scores it on its test
    /// rows. (Through an `Objective`, so a thrown error or a non-finite score becomes a
    /// failed evaluation, as in the search itself.)
    func heldOut(_ k: Int, winner: Trial?, search: SearchResult,
                 evaluate: @escaping (Configuration, Fold) throws -> Evaluation) -> NestedFoldResult {
        let fold = outerFolds[k]
        let test = winner.map { winner in
            Objective(name: search.objectiveName, direction: search.direction) { try evaluate($0, fold) }
                .evaluate(winner.configuration)
        }
        return NestedFoldResult(fold: k + 1, search: search, winner: winner, heldOut: test)
    }
}

/// One outer fold of a nested cross-validation.
public struct NestedFoldResult: Sendable {
    /// 1-based outer fold number.
    public let fold: Int
    /// The whole inner search.
    public let search: SearchResult
    /// Its winner (nil if every trial failed).
    public let winner: Trial?
    /// The winner refitted on the outer training rows and scored on the outer test rows.
    public let heldOut: Evaluation?

    /// The winner's inner CV score.
    public var innerScore: Double? { winner?.score }
    /// The winner's held-out score (nil if there was no winner or the refit failed).
    public var heldOutScore: Double? { heldOut?.score }

    /// How much the inner CV score flattered the winner, positive when it did: inner
    /// minus held-out for a score to maximise, held-out minus inner for one to minimise.
    public var optimism: Double? {
        guard let inner = innerScore, let test = heldOutScore else { return nil }
        return search.direction == .maximize ? inner - test : test - inner
    }
}

/// All outer folds of a nested cross-validation, with their means.
public struct NestedCrossValidationResult: Sendable {
    public let direction: OptimizationDirection
    public let folds: [NestedFoldResult]

    /// The nested-CV estimate: the mean held-out score of the winners (over the folds
    /// that have one).
    public var meanHeldOutScore: Double { Statistics.mean(folds.compactMap(\.heldOutScore)) }
    /// The mean inner CV score of the winners: what a plain search would have reported.
    public var meanInnerScore: Double { Statistics.mean(folds.compactMap(\.innerScore)) }
    /// The mean optimism over the folds that have both scores.
    public var meanOptimism: Double { Statistics.mean(folds.compactMap(\.optimism)) }
    /// Folds without a held-out score (no successful trial, or the refit failed).
    public var foldsWithoutScore: [Int] { folds.filter { $0.heldOutScore == nil }.map(\.fold) }
}
