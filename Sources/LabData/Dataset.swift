// Dataset.swift
//
// What this file teaches: the shape of a supervised-learning dataset. A table of
// numbers where each row is one example, every column but the last is a feature
// (an input the model sees), and the last column is the target (what it must predict).

import LabMath

/// A table of examples: a feature matrix and one target per row.
///
/// ```swift
/// let pima = try CSVLoader.load(path: "datasets/pima-diabetes.csv")
/// pima.count            // 768 examples
/// pima.featureCount     // 8 features
/// pima.targetName       // "diabetes"
/// ```
public struct Dataset: Sendable {
    /// A short name, by default the file name without `.csv`.
    public var name: String
    /// One name per feature column, from the header row.
    public var featureNames: [String]
    /// The name of the target column (the last column of the file).
    public var targetName: String
    /// `count x featureCount`, one example per row.
    public var features: Matrix
    /// One target per example.
    public var targets: [Double]

    /// - Throws: `DataError.invalidArgument` unless there is one target per row of
    ///   `features` and one name per column.
    public init(name: String, featureNames: [String], targetName: String, features: Matrix, targets: [Double]) throws {
        guard features.rows == targets.count else {
            throw DataError.invalidArgument("Dataset '\(name)': features has \(features.rows) rows but targets has "
                                            + "\(targets.count) values; there must be one target per row")
        }
        guard features.columns == featureNames.count else {
            throw DataError.invalidArgument("Dataset '\(name)': features has \(features.columns) columns but "
                                            + "featureNames has \(featureNames.count) names; there must be one per column")
        }
        self.init(checkedName: name, featureNames: featureNames, targetName: targetName, features: features,
                  targets: targets)
    }

    /// The memberwise initialiser, for callers that built consistent parts themselves.
    init(checkedName name: String, featureNames: [String], targetName: String, features: Matrix, targets: [Double]) {
        self.name = name
        self.featureNames = featureNames
        self.targetName = targetName
        self.features = features
        self.targets = targets
    }

    /// Number of examples (rows).
    public var count: Int { targets.count }
    /// Number of features (columns, excluding the target).
    public var featureCount: Int { features.columns }

    /// The examples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Dataset {
        Dataset(checkedName: name, featureNames: featureNames, targetName: targetName,
                features: features.rows(at: indices), targets: indices.map { targets[$0] })
    }

    /// The targets as class labels 0, 1, 2, ..., or an error naming the first target
    /// that is not a non-negative integer (a regression target, say).
    public func classLabels() throws -> [Int] {
        try targets.enumerated().map { row, value in
            guard value >= 0, value == value.rounded(), value < Double(Int32.max) else {
                throw DataError.notAClassLabel(row: row + 1, value: value)
            }
            return Int(value)
        }
    }

    /// The targets as binary labels 0 and 1, checked for what a yes/no classifier
    /// needs: every target is 0 or 1, and each class has at least `minimumPerClass`
    /// rows (so that every stratified split and fold gets some of each).
    /// - Throws: `DataError.notBinary` naming the first offending row, or
    ///   `DataError.tooFewRowsInClass`.
    public func binaryLabels(minimumPerClass: Int) throws -> [Int] {
        let labels = try targets.enumerated().map { row, value -> Int in
            guard value == 0 || value == 1 else {
                throw DataError.notBinary(targetName: targetName, row: row + 1, value: value)
            }
            return Int(value)
        }
        try checkClassSizes(labels, classes: [0, 1], minimumPerClass: minimumPerClass)
        return labels
    }

    /// The targets as class labels 0, 1, 2, ..., checked as `binaryLabels` checks a
    /// yes/no target: at least two classes occur (with one, every model scores a
    /// perfect and meaningless accuracy), and each class that occurs has at least
    /// `minimumPerClass` rows.
    /// - Throws: `DataError.notAClassLabel`, `.singleClass` or `.tooFewRowsInClass`.
    public func classLabels(minimumPerClass: Int) throws -> [Int] {
        let labels = try classLabels()
        let present = Set(labels).sorted()   // sorted: the error names the smallest label first
        if present.count == 1 { throw DataError.singleClass(targetName: targetName, label: present[0]) }
        try checkClassSizes(labels, classes: present, minimumPerClass: minimumPerClass)
        return labels
    }

    /// Throws `tooFewRowsInClass` for the first of `classes` with fewer than
    /// `minimumPerClass` rows among `labels`.
    private func checkClassSizes(_ labels: [Int], classes: [Int], minimumPerClass: Int) throws {
        var counts: [Int: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        for label in classes where counts[label, default: 0] < minimumPerClass {
            throw DataError.tooFewRowsInClass(targetName: targetName, label: label, found: counts[label, default: 0],
                                              needed: minimumPerClass)
        }
    }

    /// The number of classes, `max(label) + 1`, for a classification dataset.
    public func classCount() throws -> Int {
        (try classLabels().max() ?? -1) + 1
    }
}
