// GridCost.swift
//
// What this file teaches: a grid's cost is known before it runs. With c configurations,
// k-fold cross-validation and e epochs per training, a grid search trains c k networks
// for c k e epochs. The number of training examples it processes is exact too: fold f
// trains on the n - |fold f| rows outside it, and the folds partition the n rows, so
// over the k folds the training rows add up to k n - n = (k - 1) n, however unevenly n
// divides by k. Hence c e (k - 1) n examples.

/// What a grid search with cross-validation will cost, computed before it runs.
public struct GridCost: Sendable, Equatable {
    /// Networks trained: configurations x folds.
    public let trainings: Int
    /// Training epochs over all trainings.
    public let epochs: Int
    /// Training examples processed: every epoch passes once over its fold's training rows.
    public let examples: Int

    public init(trainings: Int, epochs: Int, examples: Int) {
        self.trainings = trainings
        self.epochs = epochs
        self.examples = examples
    }

    /// The cost of `configurations` configurations, each trained on every one of
    /// `folds` folds for `epochsPerTraining` epochs, over `rows` rows.
    ///
    /// - Parameters:
    ///   - configurations: the grid's size (`GridSearch.size`).
    ///   - folds: k, at least 2.
    ///   - epochsPerTraining: epochs of each training, at least 1.
    ///   - rows: the rows the folds are made from, at least `folds`.
    /// - Returns: trainings = c k, epochs = c k e, examples = c e (k - 1) n.
    /// - Throws: `SearchError.invalidArgument` for arguments out of range or a cost
    ///   too large to count in an `Int`.
    /// - Complexity: O(1).
    public static func of(configurations: Int, folds: Int, epochsPerTraining: Int, rows: Int) throws -> GridCost {
        guard configurations >= 1 else { throw SearchError.invalidArgument("a grid has at least 1 configuration, got \(configurations)") }
        guard folds >= 2 else { throw SearchError.invalidArgument("cross-validation needs at least 2 folds, got \(folds)") }
        guard epochsPerTraining >= 1 else { throw SearchError.invalidArgument("each training runs at least 1 epoch, got \(epochsPerTraining)") }
        guard rows >= folds else { throw SearchError.invalidArgument("\(folds) folds need at least \(folds) rows, got \(rows)") }
        // Each product is checked: a grid big enough to overflow is refused, not wrapped.
        func times(_ a: Int, _ b: Int) throws -> Int {
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            guard !overflow else { throw SearchError.invalidArgument("the grid's cost is too large to count") }
            return product
        }
        let trainings = try times(configurations, folds)
        let epochs = try times(trainings, epochsPerTraining)
        let examples = try times(try times(configurations, epochsPerTraining), try times(folds - 1, rows))
        return GridCost(trainings: trainings, epochs: epochs, examples: examples)
    }

    /// The cost of running every configuration of `grid` with `folds`-fold cross-validation
    /// over `rows` rows, when the number of epochs may differ between configurations (an
    /// "epochs" axis): the sum of each configuration's cost.
    ///
    /// - Parameter epochs: the epochs of each training of a configuration.
    /// - Complexity: O(grid.size).
    public static func of(grid: GridSearch, folds: Int, rows: Int,
                          epochs: (Configuration) throws -> Int) throws -> GridCost {
        var total = GridCost(trainings: 0, epochs: 0, examples: 0)
        for index in 0..<grid.size {
            let one = try of(configurations: 1, folds: folds, epochsPerTraining: try epochs(grid.configuration(at: index)),
                             rows: rows)
            let (trainings, o1) = total.trainings.addingReportingOverflow(one.trainings)
            let (epochCount, o2) = total.epochs.addingReportingOverflow(one.epochs)
            let (examples, o3) = total.examples.addingReportingOverflow(one.examples)
            guard !(o1 || o2 || o3) else { throw SearchError.invalidArgument("the grid's cost is too large to count") }
            total = GridCost(trainings: trainings, epochs: epochCount, examples: examples)
        }
        return total
    }
}
