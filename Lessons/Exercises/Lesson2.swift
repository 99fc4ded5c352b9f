// Lesson 2: random search. Three exercises on what the lesson's search does: draw a
// learning rate log-uniformly, cut the rows into stratified folds, and say how much the
// mean of the fold scores can be trusted.
//
// Check them with `swift run Check 2`. Replace each `throw NotDoneYet()` with your code.

import Foundation   // exp, log
import LabMath      // SeededGenerator, for exercise 2.2

/// Exercise 2.1: a log-uniform draw from a uniform one.
///
/// Given u, uniform in [0, 1) (what `SeededGenerator.nextDouble()` returns), return
/// the value x in [low, high] whose logarithm is the same fraction u of the way from
/// log(low) to log(high):
///
///     x = exp(log low + (log high - log low) u)
///
/// then clamp x into [low, high] (exp(log(x)) may round one step outside). Every decade
/// then gets the same share of the draws. Refuse (throw `InvalidInput`) bounds that
/// are not finite, low <= 0, or high <= low, as `SearchSpace` does.
///
/// Example: u = 0.5, low 1e-4, high 0.1 -> 0.00316... (the geometric midpoint).
public func logUniform(u: Double, low: Double, high: Double) throws -> Double {
    throw NotDoneYet()
}

/// Exercise 2.2: stratified k-fold, exactly as `FoldGenerator.stratifiedKFold` (LabData)
/// cuts Lesson 2's rows.
///
/// `labels[i]` is row i's class. Return k folds, each the sorted list of its rows, so
/// that every row is in exactly one fold, fold sizes differ by at most one, and each
/// class c with n_c rows has floor(n_c / k) or ceil(n_c / k) of them in every fold.
///
/// The algorithm: make one `SeededGenerator(seed: seed)`; for each class in increasing
/// label order, take its rows in increasing order and `shuffle` them with that
/// generator; concatenate the shuffled classes; deal the row at position p of that
/// list to fold p % k. (Dealing class after class *without restarting at fold 0* is
/// what keeps the fold sizes balanced.) With the same seed and the same shuffles your
/// folds equal the library's row for row. Refuse (throw `InvalidInput`) k < 2 and
/// k > labels.count.
///
/// Example: labels [0, 0, 1, 1, 1], k 2: one fold gets a 0 and two 1s (or a 0 and one
/// 1), the other the rest.
public func stratifiedFolds(labels: [Int], k: Int, seed: UInt64) throws -> [[Int]] {
    throw NotDoneYet()
}

/// Exercise 2.3: the mean of k fold scores and its standard error.
///
/// The mean ranks configurations; how much it can be trusted is its standard error,
/// s / sqrt(k), where s is the *sample* standard deviation of the scores (dividing the
/// sum of squared deviations from the mean by k - 1, not by k: the population standard
/// deviation, which the results table prints as "std", underestimates the spread of a
/// small sample). With one score the standard error is undefined: return NaN for it.
/// Refuse (throw `InvalidInput`) an empty list. Beware scores that differ only far
/// behind the decimal point of a large number: subtract the mean first rather than
/// using mean(x^2) - mean(x)^2.
///
/// Example: [0.76, 0.78, 0.80, 0.76, 0.76] -> mean 0.772, standard error 0.008.
public func foldMeanAndStandardError(scores: [Double]) throws -> (mean: Double, standardError: Double) {
    throw NotDoneYet()
}
