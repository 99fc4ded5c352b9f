// Folds.swift
//
// What this file teaches: k-fold cross-validation's bookkeeping. The training rows are
// cut into k folds; each fold in turn is held out for validation while the model is
// trained on the other k - 1. Every row is validated on exactly once, so the average
// of the k scores uses all the data and varies less than a single split's score.
// *Stratified* folds keep each class's proportion the same in every fold.

import LabMath

/// One round of cross-validation: the rows to train on and the rows to score on.
public struct Fold: Sendable, Equatable {
    public var trainIndices: [Int]
    public var validationIndices: [Int]

    public init(trainIndices: [Int], validationIndices: [Int]) {
        self.trainIndices = trainIndices
        self.validationIndices = validationIndices
    }
}

/// Seeded k-fold index generation.
public enum FoldGenerator {
    /// Plain k-fold over `count` rows: shuffle, then deal rows into k folds whose
    /// sizes differ by at most one (the first `count % k` folds get one extra row).
    ///
    /// - Throws: `DataError.invalidArgument` unless 2 <= k <= count.
    public static func kFold(count: Int, k: Int, rng: inout SeededGenerator) throws -> [Fold] {
        try check(k: k, count: count)
        let order = rng.permutation(count)
        var folds: [[Int]] = Array(repeating: [], count: k)
        var start = 0
        for f in 0..<k {
            let size = count / k + (f < count % k ? 1 : 0)
            folds[f] = Array(order[start..<(start + size)])
            start += size
        }
        return makeFolds(folds)
    }

    /// Stratified k-fold: the rows of each class (in increasing label order) are
    /// shuffled and concatenated, and position p of that list goes to fold p mod k.
    /// Consecutive members of a class land in consecutive folds, so every fold gets
    /// floor(n_c / k) or ceil(n_c / k) rows of class c, and fold sizes differ by at
    /// most one overall.
    ///
    /// - Throws: `DataError.invalidArgument` unless 2 <= k <= labels.count.
    public static func stratifiedKFold(labels: [Int], k: Int, rng: inout SeededGenerator) throws -> [Fold] {
        try check(k: k, count: labels.count)
        var groups: [Int: [Int]] = [:]
        for (row, label) in labels.enumerated() { groups[label, default: []].append(row) }
        var dealt: [Int] = []
        for label in groups.keys.sorted() {
            var rows = groups[label]!
            rng.shuffle(&rows)
            dealt += rows
        }
        var folds: [[Int]] = Array(repeating: [], count: k)
        for (position, row) in dealt.enumerated() { folds[position % k].append(row) }
        return makeFolds(folds)
    }

    /// A sentence for the reader when a class has fewer rows than there are folds, nil
    /// otherwise. Such a class cannot appear in every fold: the folds without it score
    /// the model on the other classes only, and its fold scores are not comparable.
    /// scikit-learn's StratifiedKFold warns in the same case ("The least populated class
    /// in y has only ... members, which is less than n_splits").
    public static func smallClassNote(labels: [Int], k: Int) -> String? {
        var counts: [Int: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        // Sorted keys: the note names the smallest label first, whatever the hashing.
        guard let label = counts.keys.sorted().first(where: { counts[$0]! < k }) else { return nil }
        let rows = counts[label]!
        return "class \(label) has \(rows) \(rows == 1 ? "row" : "rows"), fewer than the \(k) folds, so "
            + "\(k - rows) of the folds validate on none of it (scikit-learn warns about this too)"
    }

    private static func check(k: Int, count: Int) throws {
        guard k >= 2, k <= count else {
            throw DataError.invalidArgument("k-fold needs 2 <= k <= number of rows; got k = \(k) with \(count) rows")
        }
    }

    /// Turns k disjoint validation lists into k (train, validation) pairs. Training
    /// indices are sorted so a fold's training order does not depend on the dealing.
    private static func makeFolds(_ validation: [[Int]]) -> [Fold] {
        validation.indices.map { f in
            let train = validation.indices.filter { $0 != f }.flatMap { validation[$0] }.sorted()
            return Fold(trainIndices: train, validationIndices: validation[f].sorted())
        }
    }
}
