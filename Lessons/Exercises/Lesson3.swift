// Lesson 3: grid search. Three exercises on the arithmetic of grids; the lesson's step 1
// prints a grid's cost before running it, and these functions are how.
//
// Check them with `swift run Check 3`. Replace each `throw NotDoneYet()` with your code.

import Foundation   // any math function you may want (log, pow, ...)

/// Exercise 3.1: the number of configurations of a grid.
///
/// A grid with axes of `valuesPerAxis[0]`, `valuesPerAxis[1]`, ... values tries every
/// combination. Return how many there are.
///
/// Refuse (throw `InvalidInput`) a grid without axes, an axis with no values, and a
/// grid too large to count in an `Int` (use `multipliedReportingOverflow(by:)`).
///
/// Example: [3, 3] -> 9; [3, 3, 3] -> 27.
public func gridSize(valuesPerAxis: [Int]) throws -> Int {
    throw NotDoneYet()
}

/// Exercise 3.2: what a grid search with k-fold cross-validation costs, before it runs.
///
/// Every configuration is trained once per fold, for `epochsPerTraining` epochs each.
/// Fold f trains on the rows outside it; over all k folds those add up to (k - 1) n of
/// the n rows. Return the number of trainings, of epochs, and of training examples
/// processed (one pass over a fold's training rows per epoch).
///
/// Example: 9 configurations, 5 folds, 100 epochs, 614 rows ->
/// (trainings: 45, epochs: 4_500, examples: 2_210_400).
/// Refuse (throw `InvalidInput`) configurations < 1, folds < 2, epochs < 1, rows < folds.
public func gridCost(configurations: Int, folds: Int, epochsPerTraining: Int,
                     rows: Int) throws -> (trainings: Int, epochs: Int, examples: Int) {
    throw NotDoneYet()
}

/// Exercise 3.3: which values configuration number `index` of a grid uses.
///
/// A grid runs its configurations in nested-loop order, the first axis slowest:
/// for [3, 2] the order is (0,0), (0,1), (1,0), (1,1), (2,0), (2,1). Return the value
/// position on each axis for `index` in 0..<size: a number in a mixed radix, where each
/// digit has its own base. This is how `GridSearch` finds configuration k without
/// listing the k before it.
///
/// Example: index 3 of [3, 2] -> [1, 1]; index 5 of [2, 3, 4] -> [0, 1, 1].
/// Refuse (throw `InvalidInput`) an index outside 0..<size.
public func gridCoordinates(index: Int, valuesPerAxis: [Int]) throws -> [Int] {
    throw NotDoneYet()
}
