// Lesson 7: choosing a tuner. Four exercises on what the lesson measured: TPE's split of
// the trials, the Parzen density its l(x) and g(x) are made of, the optimism of a
// search's winner, and where a study file says to resume.
//
// Check them with `swift run Check 7`. Replace each `throw NotDoneYet()` with your code.

import Foundation

/// Exercise 7.1: TPE's good/bad split (step 1 of the lesson).
///
/// `scores[i]` is the score of trial i + 1, or nil if that trial diverged or failed.
/// Larger scores are better when `maximize`, smaller ones otherwise. Of the n =
/// scores.count trials, gamma(n) = min(ceil(goodFraction * n), maxGood) are good: the
/// best scored trials, where of two equal scores the earlier trial ranks first. If fewer
/// than gamma(n) trials have a score, all scored trials are good. Every other trial is
/// bad, failed ones included.
///
/// Return the good trial numbers best first, and the bad ones in trial order.
///
/// Example: scores [0.7, 0.9, nil, 0.8], maximize, goodFraction 0.5, maxGood 25:
/// gamma(4) = 2, so good [2, 4] and bad [1, 3].
/// Refuse (throw `InvalidInput`) a goodFraction outside (0, 1] and a maxGood below 1.
public func tpeSplit(scores: [Double?], maximize: Bool, goodFraction: Double,
                     maxGood: Int) throws -> (good: [Int], bad: [Int]) {
    throw NotDoneYet()
}

/// Exercise 7.2: the log density of a Parzen estimator on one real hyperparameter with a
/// linear scale, as TPE (and Optuna) fit it to a group of trials.
///
/// The observations x_1 ... x_n (at most 25, all in [low, high]) each get a normal
/// kernel cut to [low, high] with mean x_i and width sigma_i; one more "prior" kernel has
/// mean (low + high) / 2 and width high - low. All n + 1 kernels weigh the same.
///
/// sigma_i: sort the observations (equal values keep their order); sigma_i is the larger
/// of x_i's distances to its two neighbours, where low and high are the outer
/// neighbours; but with two or more observations the smallest uses only its distance to
/// the next one and the largest only its distance to the previous one. Then clip sigma_i
/// to [(high - low) / min(100, n + 2), high - low].
///
/// A normal kernel with mean mu and width sigma cut to [low, high] has the density
///   phi((x - mu) / sigma) / (sigma * (Phi((high - mu) / sigma) - Phi((low - mu) / sigma)))
/// where phi(z) = exp(-z^2 / 2) / sqrt(2 pi) and Phi(z) = (1 + erf(z / sqrt 2)) / 2.
///
/// Return log p(x), p being the average of the n + 1 kernel densities at x (-infinity
/// outside [low, high]).
///
/// Example: observations [0.3], low 0, high 1, x 0.3: sigma_1 = max(0.3, 0.7) = 0.7.
/// Refuse (throw `InvalidInput`) low >= high, more than 25 observations, and an
/// observation outside [low, high].
public func parzenLogDensity(observations: [Double], low: Double, high: Double, at x: Double) throws -> Double {
    throw NotDoneYet()
}

/// Exercise 7.3: the optimism of a search's winner after n trials (step 5 of the lesson).
///
/// A search tried configurations 1, 2, 3, ... in this order. `innerScores[i]` is trial
/// i + 1's inner cross-validation score (what the search saw); `heldOutScores[i]` is
/// the score the same configuration gets on rows the search never saw. After n trials
/// the winner is the trial with the best inner score among the first n (the earliest on
/// ties). Its optimism is inner minus held-out when larger scores are better
/// (`maximize`), held-out minus inner otherwise: positive when the search flattered it.
///
/// Return the optimism after each n of `trialCounts` (increasing, from 1 up; a count
/// beyond the number of trials means all of them).
///
/// Example: inner [0.70, 0.80, 0.75], held-out [0.69, 0.72, 0.74], maximize, counts
/// [1, 3] -> [0.70 - 0.69, 0.80 - 0.72] = [0.01, 0.08].
/// Refuse (throw `InvalidInput`) no trials, lists of different lengths, and counts that
/// are empty, not increasing or below 1.
public func winnerOptimism(innerScores: [Double], heldOutScores: [Double], trialCounts: [Int],
                           maximize: Bool) throws -> [Double] {
    throw NotDoneYet()
}

/// Exercise 7.4: where a study file says to resume (step 6 of the lesson).
///
/// A study file is JSON Lines: a header line (a JSON object whose "format" is
/// "TuningLab study"), then one line per finished trial (a JSON object whose integer
/// "trial" counts up from 1), each line ending in "\n". The newline is the commit mark:
/// whatever follows the last "\n" is a line the program was writing when it died.
///
/// Return how many complete trial lines the file holds, and whether it ends in such a
/// partial line. (Foundation's JSONSerialization can read a line into a dictionary.)
///
/// Example: a header line, two trial lines and `{"configuration":{"x":` -> (2, true).
/// Refuse (throw `InvalidInput`) a text without a complete header line, a header that is
/// not a study's, and a complete trial line that is not a JSON object or whose "trial"
/// does not count up.
public func studyResumePoint(fileText: String) throws -> (trials: Int, partialLine: Bool) {
    throw NotDoneYet()
}
