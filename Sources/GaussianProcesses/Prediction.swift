// Prediction.swift
//
// What this file teaches: what a Gaussian process says about a point it has not seen,
// and how to ask it about thousands of points at once cheaply. R&W Alg. 2.1:
//
//   4: mean f_* := k_*^T alpha
//   5: v := L \ k_*
//   6: V[f_*] := k(x_*, x_*) - v^T v
//
// The naive form of line 6 is k(x_*, x_*) - k_*^T (K + sigma_n^2 I)^-1 k_*. Writing
// K + sigma_n^2 I = L L^T turns the middle into (L^-1 k_*)^T (L^-1 k_*) = v^T v: one
// triangular solve per point, no inverse, and the subtracted term is a sum of squares
// (never negative), which keeps round-off small.
//
// For m test points the m vectors k_* are the rows of one m x n matrix, and LabMath's
// `solveLower(rowsOf:)` solves for all of them while walking memory contiguously.

import LabMath

/// Predictions at m points, in the targets' own units.
public struct GaussianProcessPrediction: Sendable, Equatable {
    /// The posterior mean at each point (R&W eq. 2.25), de-normalised.
    public var mean: [Double]
    /// The posterior variance at each point (eq. 2.26), de-normalised; never negative.
    /// The variance of f(x), unless the prediction was asked to include the noise.
    public var variance: [Double]
    /// The square root of `variance`, what acquisition functions need.
    public var standardDeviation: [Double]

    /// The number of points m.
    public var count: Int { mean.count }
}

extension GaussianProcessRegressor {
    /// Test points handled together in `predict` (see the comment in `predictBlocks`).
    static let predictionBlockSize = 256
    /// `predict` shares its blocks with the second core from m n >= this (m points, n
    /// observations): 2,000 points at n = 30 take about 0.7 ms on one core, far more
    /// than the tens of microseconds a hand-off costs (`Benchmarks two-core-handoff`).
    static let twoCorePredictionWork = 20_000

    /// The posterior mean and variance at each row of `points`: R&W Alg. 2.1, lines 4-6.
    ///
    /// - Parameters:
    ///   - points: m x d test inputs (m may be 0), scaled like the training inputs.
    ///   - includingObservationNoise: false (default) for the variance of the latent
    ///     function f(x_*), which acquisition functions use; true for the variance of a
    ///     new *observation* y_* = f(x_*) + eps, which adds sigma_n^2 (this is what
    ///     scikit-learn reports when the kernel contains a `WhiteKernel`).
    /// - Returns: m means, variances and standard deviations in the targets' units:
    ///   mean = m_y + s_y mu, variance = s_y^2 sigma^2 for normalisation (m_y, s_y).
    /// - Throws: `GaussianProcessError` when `points` has the wrong number of columns or
    ///   a non-finite entry.
    /// - Complexity: m n kernel evaluations and m n^2 / 2 multiply-adds for the solves;
    ///   memory O(m n).
    public func predict(_ points: Matrix, includingObservationNoise: Bool = false) throws -> GaussianProcessPrediction {
        guard points.columns == inputs.columns else {
            throw GaussianProcessError.shapeMismatch(
                "prediction points have \(points.columns) columns, the training inputs \(inputs.columns)")
        }
        if let e = points.elements.firstIndex(where: { !$0.isFinite }) {
            throw GaussianProcessError.nonFiniteValue(
                "prediction point \(e / points.columns), column \(e % points.columns) is \(points.elements[e])")
        }
        let m = points.rows
        if m == 0 { return GaussianProcessPrediction(mean: [], variance: [], standardDeviation: []) }
        // Three outputs per point, written by block; each block's points are independent
        // of every other block's, so the blocks can be shared between two cores without
        // changing a bit (each core gets its own k_* buffer).
        var outputs = [Double](repeating: 0, count: 3 * m)
        let blockCount = (m + Self.predictionBlockSize - 1) / Self.predictionBlockSize
        outputs.withUnsafeMutableBufferPointer { out in
            runSplittingAcrossTwoCores(count: blockCount, splitAt: (blockCount + 1) / 2,
                                       worthSplitting: m * count >= Self.twoCorePredictionWork) { blocks in
                predictBlocks(blocks, of: points, includingObservationNoise: includingObservationNoise,
                              into: out.baseAddress!)
            }
        }
        let mean = Array(outputs[0..<m])
        let variance = Array(outputs[m..<(2 * m)])
        let standardDeviation = Array(outputs[(2 * m)...])
        return GaussianProcessPrediction(mean: mean, variance: variance, standardDeviation: standardDeviation)
    }

    /// `predict` for the points of blocks `blocks` (block b holds points b * 256 ..<
    /// (b + 1) * 256), written to out[p] (mean), out[m + p] (variance) and out[2 m + p]
    /// (standard deviation).
    private func predictBlocks(_ blocks: Range<Int>, of points: Matrix, includingObservationNoise: Bool,
                               into out: UnsafeMutablePointer<Double>) {
        let m = points.rows, n = count
        let scale = targetScale, shift = targetMean
        let scaleSquared = scale * scale
        // k(x_*, x_*) = sigma_f^2 for a stationary kernel.
        let priorVariance = hyperparameters.signalVariance
        let noise = includingObservationNoise ? hyperparameters.noiseVariance : 0

        // Points are processed in blocks: a block's k_* rows (256 x n doubles, 60 kB for
        // n = 30) stay in the processor's cache between the kernel and the solve, and
        // the buffer is reused instead of allocating an m x n matrix.
        var kStar = Matrix(rows: 0, columns: 0)
        for blockIndex in blocks {
            let blockStart = blockIndex * Self.predictionBlockSize
            let block = blockStart..<min(blockStart + Self.predictionBlockSize, m)
            // Row p of kStar is k_*(x_p)^T = [k(x_p, x_1), ..., k(x_p, x_n)].
            fillCrossCovariance(points, rows: block, inputs, kernel: kernel, hyperparameters: hyperparameters,
                                into: &kStar)
            // R&W Alg. 2.1, line 5: v = L \ k_*, for every row of the block at once.
            let v = factor.solveLower(rowsOf: kStar)
            kStar.elements.withUnsafeBufferPointer { kRows in
                v.elements.withUnsafeBufferPointer { vRows in
                    alpha.withUnsafeBufferPointer { alpha in
                        for (row, p) in block.enumerated() {
                            // R&W Alg. 2.1, line 4: mean = k_*^T alpha (normalised units).
                            var mu = 0.0
                            for i in 0..<n { mu += kRows[row * n + i] * alpha[i] }
                            // R&W Alg. 2.1, line 6: V[f_*] = k(x_*, x_*) - v^T v.
                            let vRow = UnsafeBufferPointer(rebasing: vRows[(row * n)..<((row + 1) * n)])
                            var latent = priorVariance - sumOfSquares(vRow)
                            // Safeguard: at (or very near) a training point with little
                            // noise, v^T v almost equals k(x_*, x_*) and round-off can leave
                            // a tiny negative difference such as -2e-16. The true variance
                            // is >= 0, and sqrt of a negative number is NaN, so clip to 0
                            // (scikit-learn clips too, with a warning).
                            if latent < 0 { latent = 0 }
                            // Back to the targets' units: y = m_y + s_y z, so the mean
                            // shifts and scales and the variance scales by s_y^2.
                            let total = scaleSquared * (latent + noise)
                            out[p] = shift + scale * mu
                            out[m + p] = total
                            out[2 * m + p] = total.squareRoot()
                        }
                    }
                }
            }
        }
    }
}
