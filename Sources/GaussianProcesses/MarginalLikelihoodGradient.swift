// MarginalLikelihoodGradient.swift
//
// What this file teaches: how the marginal likelihood changes when a hyperparameter
// moves, which is what lets an optimiser fit the hyperparameters. R&W eq. 5.9:
//
//   d log p(z | X, theta) / d theta_j = 1/2 z^T K^-1 (dK/dtheta_j) K^-1 z
//                                       - 1/2 tr(K^-1 dK/dtheta_j)
//                                     = 1/2 tr((alpha alpha^T - K^-1) dK/dtheta_j),
//
// with K = K_f + sigma_n^2 I and alpha = K^-1 z. For theta = log-hyperparameters:
//   dK/d log sigma_f^2 = K_f                      (the kernel without noise)
//   dK/d log l_k       = sigma_f^2 g(r^2) (x_ik - x_jk)^2 / l_k^2   (Kernel.swift)
//   dK/d log sigma_n^2 = sigma_n^2 I
//
// Unlike prediction, the gradient needs K^-1 itself: the trace involves every entry.
// Forming it from the Cholesky factor, K^-1 = L^-T L^-1, is fine here, for two reasons.
// Cost: one inverse (n^3 / 3 multiply-adds) serves all d + 2 derivatives, where
// solving for each column would cost the same or more. Accuracy: the inverse's error
// grows with the condition number of K, but the gradient only *steers* the optimiser;
// a slightly wrong direction costs a step, not a wrong answer, because every step is
// accepted or rejected on the marginal likelihood itself, which is computed with
// triangular solves (R&W Alg. 2.1, line 7).

import LabMath

extension GaussianProcessRegressor {
    /// The gradient of `logMarginalLikelihood` with respect to the log-hyperparameters,
    /// in the order of `KernelHyperparameters.logVector`:
    /// [d/d log sigma_f^2, d/d log l_1, ..., d/d log l_d, d/d log sigma_n^2].
    ///
    /// R&W eq. 5.9; scikit-learn returns the same vector from
    /// `log_marginal_likelihood(theta, eval_gradient=True)`.
    ///
    /// - Complexity: O(n^2 d) for the kernel, n^3 / 3 for the Cholesky factor and n^3 / 3
    ///   for K^-1 (recomputed on each call: fitting uses the evaluator directly).
    public func logMarginalLikelihoodGradient() -> [Double] {
        let evaluator = MarginalLikelihoodEvaluator(
            inputs: inputs, normalizedTargets: normalizedTargets, kernel: kernel,
            extraDiagonal: observationNoiseVariances.map { $0.map { $0 / (targetScale * targetScale) } })
        var gradient = [Double](repeating: 0, count: hyperparameters.dimensions + 2)
        _ = evaluator.evaluate(hyperparameters, gradient: &gradient)
        return gradient
    }
}

/// Evaluates log p(z | X, theta) and its gradient for one data set at many theta.
///
/// Hyperparameter fitting calls it hundreds of times with the same inputs, so it
/// prepares what does not depend on theta once: the squared differences
/// (x_ik - x_jk)^2 of every pair i > j in every dimension. Each evaluation then
/// works pair by pair on flat arrays (pair p = i (i - 1) / 2 + j, row by row):
///
///   r_p^2  = sum_k (x_ik - x_jk)^2 / l_k^2
///   K_ij   = sigma_f^2 rho(r_p^2),  g_p = g(r_p^2)                 (Kernel.swift)
///   L, alpha, log p                                                (R&W Alg. 2.1)
///   w_p    = 2 (alpha_i alpha_j - (K^-1)_ij)                       (both triangles)
///   d/d log sigma_f^2 = 1/2 (sum_p w_p K_ij + sum_i w_ii sigma_f^2)
///   d/d log l_k       = 1/2 sigma_f^2 / l_k^2  sum_p w_p g_p (x_ik - x_jk)^2
///   d/d log sigma_n^2 = 1/2 sigma_n^2 sum_i w_ii,   w_ii = alpha_i^2 - (K^-1)_ii
///
/// The per-pair arrays are raw buffers, allocated once in `init` and freed in `deinit`:
/// inside the loops, a raw pointer costs one load, where a class's array property
/// would also be checked for exclusive access and bounds on every use.
///
/// One evaluator per fit; it is not shared between threads.
final class MarginalLikelihoodEvaluator {
    let inputs: Matrix
    let targets: [Double]
    let kernel: Kernel
    /// Known per-observation noise variances (normalised units) added to the diagonal.
    let extraDiagonal: [Double]?
    /// How many times `evaluate` ran (the optimiser's cost, for reports).
    private(set) var evaluationCount = 0

    private let n: Int, d: Int, pairCount: Int
    /// (x_ik - x_jk)^2 for every pair, dimension by dimension: entry k * pairCount + p.
    private let squaredDifferences: UnsafeMutablePointer<Double>
    /// Per pair: r^2; sigma_f^2 rho(r^2); g(r^2), later w g. Each pairCount long.
    private let scaledSquaredDistances: UnsafeMutablePointer<Double>
    private let covariances: UnsafeMutablePointer<Double>
    private let derivativeFactors: UnsafeMutablePointer<Double>
    /// K + sigma_n^2 I, lower triangle and diagonal (all that Cholesky reads).
    private var covariance: Matrix
    /// K^-1, lower triangle.
    private var inverse: CholeskyInverse

    init(inputs: Matrix, normalizedTargets: [Double], kernel: Kernel, extraDiagonal: [Double]? = nil) {
        self.inputs = inputs
        self.targets = normalizedTargets
        self.kernel = kernel
        self.extraDiagonal = extraDiagonal
        n = inputs.rows
        d = inputs.columns
        pairCount = n * (n - 1) / 2
        squaredDifferences = .allocate(capacity: max(1, d * pairCount))
        scaledSquaredDistances = .allocate(capacity: max(1, 3 * pairCount))
        covariances = scaledSquaredDistances + pairCount
        derivativeFactors = covariances + pairCount
        var p = 0
        for i in 0..<n {
            for j in 0..<i {
                for k in 0..<d {
                    let difference = inputs[i, k] - inputs[j, k]
                    squaredDifferences[k * pairCount + p] = difference * difference
                }
                p += 1
            }
        }
        covariance = Matrix(rows: n, columns: n)
        inverse = CholeskyInverse(dimension: n)
    }

    deinit {
        squaredDifferences.deallocate()
        scaledSquaredDistances.deallocate()
    }

    /// log p(z | X, h), writing its gradient with respect to `h.logVector` into
    /// `gradient` (d + 2 entries). Returns -infinity (and a zero gradient) when K cannot
    /// be factorised even with jitter, so that a line search simply backs off.
    /// - Complexity: O(n^2 d) + n^3 / 3 (Cholesky) + n^3 / 3 (K^-1) multiply-adds.
    func evaluate(_ h: KernelHyperparameters, gradient: inout [Double]) -> Double {
        evaluationCount += 1
        for j in gradient.indices { gradient[j] = 0 }
        let (n, d, pairCount, kernel) = (self.n, self.d, self.pairCount, self.kernel)
        let (r2, kij, gij, differences) = (scaledSquaredDistances, covariances, derivativeFactors, squaredDifferences)
        let signal = h.signalVariance, noise = h.noiseVariance
        let inverseSquaredLengthScales = h.inverseSquaredLengthScales

        // r_p^2 = sum_k (x_ik - x_jk)^2 / l_k^2, in the order of scaledSquaredDistance.
        r2.update(repeating: 0, count: pairCount)
        for k in 0..<d {
            let factor = inverseSquaredLengthScales[k], column = differences + k * pairCount
            for p in 0..<pairCount { r2[p] += column[p] * factor }
        }
        // The kernel and its derivative factor, four pairs at a time from one
        // exponential each (the last group padded with zeros).
        var p = 0
        while p < pairCount {
            let lanes = min(4, pairCount - p)
            var group = SIMD4<Double>()
            if lanes == 4 {
                group = UnsafeRawPointer(r2 + p).loadUnaligned(as: SIMD4<Double>.self)
            } else {
                for lane in 0..<lanes { group[lane] = r2[p + lane] }
            }
            let both = kernel.correlationsAndDerivativeFactors(group)
            let covariancesOfGroup = signal * both.correlations
            for lane in 0..<lanes {
                kij[p + lane] = covariancesOfGroup[lane]
                gij[p + lane] = both.derivativeFactors[lane]
            }
            p += 4
        }
        // K's lower triangle and diagonal (all that Cholesky reads).
        covariance.elements.withUnsafeMutableBufferPointer { buffer in
            let k = buffer.baseAddress!
            var pair = 0
            for i in 0..<n {
                for j in 0..<i {
                    k[i * n + j] = kij[pair]
                    pair += 1
                }
                k[i * n + i] = signal + noise
            }
        }
        // Known per-observation noise: part of K's diagonal, not a hyperparameter, so
        // it changes no derivative formula (only K^-1 and alpha, through K).
        if let extraDiagonal {
            for i in 0..<n { covariance[i, i] += extraDiagonal[i] }
        }
        // R&W Alg. 2.1, line 2 (with the regressor's jitter policy, so that fitting and
        // the final model see the same matrix).
        guard let (factor, _) = try? choleskyAddingJitterIfNeeded(&covariance) else { return -.infinity }
        // R&W Alg. 2.1, line 3: alpha = L^T \ (L \ z).
        let alpha = factor.solveUpper(factor.solveLower(targets))
        // R&W Alg. 2.1, line 7.
        let logLikelihood = logMarginalLikelihoodFromFactor(factor, targets: targets, alpha: alpha)

        // R&W eq. 5.9, with W = alpha alpha^T - K^-1 (see the table above).
        inverse.compute(from: factor.lower)
        var signalTerm = 0.0, noiseTerm = 0.0
        alpha.withUnsafeBufferPointer { a in
            inverse.withLowerTriangle { kInverse, stride in
                p = 0
                for i in 0..<n {
                    let row = kInverse + i * stride
                    for j in 0..<i {
                        let w = 2 * (a[i] * a[j] - row[j])
                        signalTerm += w * kij[p]
                        gij[p] *= w          // now w_p g_p, for the length scales
                        p += 1
                    }
                    let w = a[i] * a[i] - row[i]
                    signalTerm += w * signal
                    noiseTerm += w * noise
                }
            }
        }
        gradient[0] = 0.5 * signalTerm
        for k in 0..<d {
            let column = differences + k * pairCount
            var sum = 0.0
            for p in 0..<pairCount { sum += gij[p] * column[p] }
            gradient[1 + k] = 0.5 * signal * inverseSquaredLengthScales[k] * sum
        }
        gradient[d + 1] = 0.5 * noiseTerm
        return logLikelihood
    }
}
