// PreparedSplit.swift
//
// What this file teaches: the preparation every experiment starts with, in the order
// that avoids leakage: split first, then fit the scaler on the training rows only, then
// transform all three parts with it.

import LabData
import LabMath

/// A classification dataset split into train / validation / test, standardised with
/// statistics of the training rows, with targets in the format the loss expects.
public struct PreparedSplit: Sendable {
    /// The dataset as loaded (unscaled).
    public let dataset: Dataset
    /// Row indices of the three parts.
    public let rows: SplitIndices
    /// The scaler fitted on the training rows.
    public let scaler: Standardizer
    /// Number of classes (2 for a binary problem).
    public let classCount: Int
    public let train: (x: Matrix, y: Matrix)
    public let validation: (x: Matrix, y: Matrix)
    public let test: (x: Matrix, y: Matrix)

    /// Splits `dataset` (stratified by class, seeded), fits the standardisation on the
    /// training rows and encodes the targets: one column of 0/1 for two classes, one-hot
    /// rows for more.
    public static func classification(_ dataset: Dataset, validationFraction: Double, testFraction: Double,
                                      seed: UInt64) throws -> PreparedSplit {
        let labels = try dataset.classLabels()
        let classCount = max(2, (labels.max() ?? 0) + 1)
        var rng = SeededGenerator(seed: seed)
        let rows = try DataSplitter.stratified(labels: labels, validationFraction: validationFraction,
                                               testFraction: testFraction, rng: &rng)
        let scaler = try Standardizer(fittedOn: dataset.subset(rows.train).features)
        func part(_ indices: [Int]) throws -> (x: Matrix, y: Matrix) {
            let x = try scaler.transform(dataset.subset(indices).features)
            let partLabels = indices.map { labels[$0] }
            let y = classCount == 2 ? columnMatrix(partLabels.map(Double.init)) : try oneHot(partLabels, classCount: classCount)
            return (x, y)
        }
        return PreparedSplit(dataset: dataset, rows: rows, scaler: scaler, classCount: classCount,
                             train: try part(rows.train), validation: try part(rows.validation), test: try part(rows.test))
    }

    /// The share of the most common class in the validation part: the accuracy of a
    /// model that always answers the same class, the bar any real model must clear.
    public var validationMajorityRate: Double {
        let y = validation.y
        var counts = [Int](repeating: 0, count: classCount)
        for r in 0..<y.rows {
            let label = y.columns == 1 ? Int(y[r, 0]) : (0..<y.columns).first { y[r, $0] == 1 } ?? 0
            counts[label] += 1
        }
        return Double(counts.max() ?? 0) / Double(max(y.rows, 1))
    }
}
