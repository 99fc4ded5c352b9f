// Lesson 4: Bayesian optimisation. Four exercises on what the lesson's searcher computes
// at every guided step: the kernel, expected improvement, and the Gaussian process's
// posterior through a Cholesky factor (Rasmussen and Williams, "Gaussian Processes for
// Machine Learning", 2006, Algorithm 2.1, page 19).
//
// Check them with `swift run Check 4`. Replace each `throw NotDoneYet()` with your code.
// Exercise 4.4 may call your answers to 4.1 and 4.3. (The examples' numbers were
// computed with NumPy, SciPy and scikit-learn: Tests/References/lesson4_exercise_examples.py.)

import Foundation   // exp, log
import LabMath      // StandardNormal.cumulative and StandardNormal.density, for exercise 4.2

/// Exercise 4.1: the Matern 5/2 kernel k(x, x'), the covariance of f(x) and f(x').
///
///     r = sqrt( sum_k (x_k - x'_k)^2 / l_k^2 )          one length scale l_k per input
///     k = s2 (1 + sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r)     s2: the signal variance
///
/// At r = 0 (the same point) k is s2; it falls towards 0 as the points move apart,
/// faster along an input with a short length scale.
///
/// Refuse (throw `InvalidInput`): no inputs (x empty), x and x' of different lengths,
/// a number of length scales other than the inputs' length, a length scale or signal
/// variance that is not positive and finite.
///
/// Example: x = [0], x' = [0.3], lengthScales [0.3], s2 = 1: r = 1, k = 0.52399.
public func matern52(_ x: [Double], _ xPrime: [Double], lengthScales: [Double],
                     signalVariance: Double) throws -> Double {
    throw NotDoneYet()
}

/// Exercise 4.2: expected improvement, split into exploitation and exploration.
///
/// The model predicts mean mu and standard deviation sigma at a point; f* (`incumbent`)
/// is the best value observed so far and xi >= 0 a margin the improvement must exceed:
///
///     delta = mu - f* - xi  (maximising)        delta = f* - mu - xi  (minimising)
///     z = delta / sigma
///     exploitation = delta Phi(z)       exploration = sigma phi(z)
///     total = exploitation + exploration
///
/// with Phi and phi the standard normal distribution function and density
/// (`StandardNormal.cumulative(z)` and `StandardNormal.density(z)`).
///
/// Edge cases: sigma = 0 means the outcome is certain, so exploitation = total =
/// max(delta, 0) and exploration = 0 (the formula would divide by zero). A negative
/// sigma (round-off from a caller) counts as 0. The total is never negative: where the
/// two terms nearly cancel, round-off can leave -1e-17; return max(sum, 0).
///
/// Example: mu 0.30, sigma 0.05, f* 0.32, xi 0.01, minimising:
/// (exploitation 0.0057926, exploration 0.0195521, total 0.0253447).
public func expectedImprovement(mean: Double, standardDeviation: Double, incumbent: Double, xi: Double,
                                maximizing: Bool) throws -> (exploitation: Double, exploration: Double, total: Double) {
    throw NotDoneYet()
}

/// Exercise 4.3: the Cholesky factor L of a symmetric positive-definite matrix, A = L L^T.
///
/// L is lower triangular (zeros above the diagonal). Row by row:
///
///     L_ij = (A_ij - sum_{k<j} L_ik L_jk) / L_jj       for j < i
///     L_ii = sqrt(A_ii - sum_{k<i} L_ik^2)
///
/// Read only the lower triangle of A (A is symmetric). An empty matrix gives [].
/// Refuse (throw `InvalidInput`): rows of different lengths, a matrix that is not square,
/// and one that is not positive definite: a pivot A_ii - sum_{k<i} L_ik^2 that is not
/// greater than 0 (or is NaN).
///
/// Example: [[4, 2], [2, 3]] -> [[2, 0], [1, 1.41421]].
public func cholesky(_ a: [[Double]]) throws -> [[Double]] {
    throw NotDoneYet()
}

/// Exercise 4.4: the posterior of a Gaussian process, R&W Algorithm 2.1, with the
/// Matern 5/2 kernel of exercise 4.1 and noise variance sn2 >= 0.
///
/// Observations: `inputs` X (n points of d numbers each) and `targets` y (n values),
/// used as given (no normalisation). For each test point x_* in `points`:
///
///     2: L = cholesky(K + sn2 I)          K_ij = k(x_i, x_j)
///     3: alpha = L^T \ (L \ y)            two triangular solves: forward, then backward
///     4: mean_* = k_*^T alpha             k_* = [k(x_*, x_1), ..., k(x_*, x_n)]
///     5: v = L \ k_*
///     6: var_* = k(x_*, x_*) - v^T v      the variance of f(x_*), without the noise;
///                                         round-off can make it -1e-16: clip it to 0
///     7: log p(y | X) = -1/2 y^T alpha - sum_i log L_ii - n/2 log(2 pi)
///
/// Never form an inverse: the triangular solves are cheaper and far more accurate.
/// Return the means and variances (one per test point; none for no points) and line 7.
///
/// Refuse (throw `InvalidInput`): no observations, inputs of different lengths (or of
/// length 0), targets of another count, test points of another length, hyperparameters
/// 4.1 refuses, a negative noise variance. (K + sn2 I that is not positive definite may
/// throw too; the checker avoids that case.)
///
/// Example: X = [[0.1], [0.4], [0.9]], y = [1, 2.5, 0.5], l = [0.3], s2 = 1,
/// sn2 = 0.01, points [[0.4], [0.6]]: mean [2.4729, 1.8317] (near 2.5 at the observed
/// x = 0.4), variance [0.00986, 0.3174] (small there, larger between observations),
/// log p(y | X) = -5.7437.
public func gpPosterior(inputs: [[Double]], targets: [Double], lengthScales: [Double], signalVariance: Double,
                        noiseVariance: Double,
                        at points: [[Double]]) throws -> (mean: [Double], variance: [Double],
                                                          logMarginalLikelihood: Double) {
    throw NotDoneYet()
}
