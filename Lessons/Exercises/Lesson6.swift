// Lesson 6: early stopping across a search. Four exercises on what the lesson ran:
// successive halving's rungs, Hyperband's brackets, which trials a rung promotes, and
// the median pruning rule.
//
// Check them with `swift run Check 6`. Replace each `throw NotDoneYet()` with your code.

import Foundation   // log, pow, floor

/// Exercise 6.1: the rungs of successive halving, before anything is trained.
///
/// `initialTrials` trials start on the first rung; at each rung the best 1/eta go on
/// and train eta times longer, until `maxEpochs` (R). With r = `minEpochs`:
///
///     s   = floor(log_eta(R / r))      the number of halvings, with whole numbers:
///                                      the largest s with r * eta^s <= R
///     rung i = 0...s:  trials n_i = floor(n / eta^i)
///                      epochs r_i = R / eta^(s - i), rounded to the nearest whole
///                               number, halves up (rungs are anchored at R: the last
///                               one trains exactly R epochs)
///
/// Return the rungs in order, first rung first.
/// Refuse (throw `InvalidInput`) eta < 2, r < 1, r > R, R > 1_000_000, and fewer
/// initial trials than eta^s (then no trial would reach R).
///
/// Example: n 27, r 1, R 27, eta 3 -> [(27, 1), (9, 3), (3, 9), (1, 27)];
///          n 100, r 1, R 100, eta 3 -> epochs 1, 4, 11, 33, 100 (100/81 = 1.23 -> 1).
public func halvingRungs(initialTrials: Int, minEpochs: Int, maxEpochs: Int,
                         eta: Int) throws -> [(trials: Int, epochs: Int)] {
    throw NotDoneYet()
}

/// Exercise 6.2: Hyperband's brackets (Li et al. 2018, Algorithm 1), the table the
/// lesson prints before running.
///
/// With s_max = floor(log_eta(R / r)) as in 6.1, Hyperband runs the brackets
/// s = s_max, s_max - 1, ..., 0. Bracket s starts
///
///     n = ceil((s_max + 1) / (s + 1) * eta^s)   trials      (compute it in integers)
///
/// and halves them s times, with the rungs of 6.1 for s halvings (its first rung is
/// at R / eta^s epochs, rounded). A promoted trial resumes, so rung i costs
/// n_i * (r_i - r_(i-1)) epochs (r_(-1) = 0). Return, for each bracket in that order,
/// s, its initial trials, its first rung's epochs, and all the epochs it trains.
/// Refuse (throw `InvalidInput`) what 6.1 refuses.
///
/// Example: r 1, R 81, eta 3 -> s = 4: 81 trials on 1 epoch, ... (Li et al.'s
/// Table 1); r 1, R 9, eta 3 -> [(2, 9, 1, 21), (1, 5, 3, 21), (0, 3, 9, 27)].
public func hyperbandBrackets(minEpochs: Int, maxEpochs: Int,
                              eta: Int) throws -> [(s: Int, trials: Int, firstEpochs: Int, totalEpochs: Int)] {
    throw NotDoneYet()
}

/// Exercise 6.3: which trials a rung promotes.
///
/// `scores[i]` is trial i's validation accuracy at the rung (higher is better), or nil
/// if it diverged. Return the indices of the promoted trials, best first: exactly the
/// best floor(k / eta) of the k trials, where equal scores rank the earlier trial
/// (smaller index) first, and a trial without a score is never promoted (so fewer may
/// go on when some diverged).
/// Refuse (throw `InvalidInput`) eta < 2 and a rung of fewer than eta trials
/// (successive halving refuses such a bracket: nobody would go on).
///
/// Example: [0.8, 0.9, 0.8, 0.8, 0.9, 0.1], eta 3 -> [1, 4].
public func promotedTrials(scores: [Double?], eta: Int) throws -> [Int] {
    throw NotDoneYet()
}

/// Exercise 6.4: the median pruning rule (Optuna's MedianPruner), for one trial.
///
/// `completed` holds the learning curves of trials that already trained all R epochs
/// (R = curve.count); `curve` is the trial being judged, its score after each epoch.
/// After each epoch k = 1, ..., R - 1 (after epoch R it has finished):
///   * skip k unless step = k - 1 is at least `warmupEpochs` and
///     (step - warmupEpochs) is a multiple of `intervalEpochs`;
///   * take the trial's best score over epochs 1...k;
///   * never stop a trial whose best is at least the best final score of the
///     completed trials (it already beats the incumbent);
///   * stop it if its best is strictly below the median of the completed trials'
///     scores after epoch k (for an even count, the mean of the two middle values).
/// Return the epoch after which it is stopped, or nil if it trains all R epochs (also
/// when nothing has completed yet).
/// Refuse (throw `InvalidInput`) an empty curve, a completed curve of another length,
/// warmupEpochs < 0 and intervalEpochs < 1.
///
/// Example: completed [[0.5, 0.6, 0.7], [0.6, 0.7, 0.8], [0.7, 0.8, 0.9]],
///          curve [0.65, 0.65, 0.65] -> 2 (0.65 >= 0.6 after epoch 1; 0.65 < 0.7 after 2).
public func medianPruningEpoch(curve: [Double], completed: [[Double]], warmupEpochs: Int,
                               intervalEpochs: Int) throws -> Int? {
    throw NotDoneYet()
}
