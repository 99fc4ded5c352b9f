// Splits.swift
//
// What this file teaches: why a dataset is cut into three parts before any tuning.
//
//   training set    the model's weights are fitted on it;
//   validation set  hyperparameters are compared on it (many times);
//   test set        the final choice is scored on it, once.
//
// Every time we look at a score and change a hyperparameter, information about that
// data leaks into our choice. The test set stays honest only if it is used once, at
// the very end. A *stratified* split keeps each class's share the same in all three
// parts, so a rare class does not vanish from the small validation set by bad luck.

import LabMath

/// The row indices of a train / validation / test split.
public struct SplitIndices: Sendable, Equatable {
    public var train: [Int]
    public var validation: [Int]
    public var test: [Int]

    public init(train: [Int], validation: [Int], test: [Int]) {
        self.train = train
        self.validation = validation
        self.test = test
    }
}

/// Seeded train / validation / test splitting.
public enum DataSplitter {
    /// A stratified split of `labels.count` rows.
    ///
    /// For each class, in increasing label order: shuffle its rows, give
    /// round(n_c * testFraction) to test, round(n_c * validationFraction) to
    /// validation and the rest to training. Each part is then shuffled so classes
    /// are interleaved.
    ///
    /// - Parameters:
    ///   - labels: one class label per row.
    ///   - validationFraction, testFraction: shares in [0, 1) with a sum below 1.
    ///   - rng: the seeded generator; the same seed gives the same split.
    /// - Throws: `DataError.invalidArgument` for fractions outside that range.
    public static func stratified(labels: [Int], validationFraction: Double, testFraction: Double,
                                  rng: inout SeededGenerator) throws -> SplitIndices {
        try checkFractions(validationFraction, testFraction)
        var groups: [Int: [Int]] = [:]
        for (row, label) in labels.enumerated() { groups[label, default: []].append(row) }
        var split = SplitIndices(train: [], validation: [], test: [])
        // Sorted keys: never let a Dictionary's iteration order decide anything.
        for label in groups.keys.sorted() {
            var rows = groups[label]!
            rng.shuffle(&rows)
            let testCount = Int((Double(rows.count) * testFraction).rounded())
            let validationCount = Int((Double(rows.count) * validationFraction).rounded())
            split.test += rows[0..<testCount]
            split.validation += rows[testCount..<min(rows.count, testCount + validationCount)]
            split.train += rows[min(rows.count, testCount + validationCount)...]
        }
        rng.shuffle(&split.train)
        rng.shuffle(&split.validation)
        rng.shuffle(&split.test)
        return split
    }

    /// A plain shuffled split of `count` rows (for regression targets, which have no
    /// classes to stratify on). Part sizes are round(count * fraction).
    public static func shuffled(count: Int, validationFraction: Double, testFraction: Double,
                                rng: inout SeededGenerator) throws -> SplitIndices {
        try checkFractions(validationFraction, testFraction)
        let order = rng.permutation(count)
        let testCount = Int((Double(count) * testFraction).rounded())
        let validationCount = Int((Double(count) * validationFraction).rounded())
        return SplitIndices(train: Array(order[(testCount + validationCount)...]),
                            validation: Array(order[testCount..<(testCount + validationCount)]),
                            test: Array(order[0..<testCount]))
    }

    private static func checkFractions(_ validation: Double, _ test: Double) throws {
        guard validation >= 0, test >= 0, validation + test < 1 else {
            throw DataError.invalidArgument(
                "split fractions must be >= 0 and leave some training data: validation \(validation), test \(test)")
        }
    }
}
