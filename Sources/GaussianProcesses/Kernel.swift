// Kernel.swift
//
// What this file teaches: what a covariance function ("kernel") says about the
// function we are modelling. k(x, x') is the prior covariance between f(x) and f(x'):
// nearby inputs get a covariance close to the signal variance (their values move
// together), distant inputs get almost none. The length scale of each input dimension
// says how far "nearby" reaches along that axis; one length scale per dimension is
// called automatic relevance determination (ARD, R&W section 5.1): a dimension whose
// fitted length scale is huge barely changes f, so it is irrelevant.
//
// Both kernels below depend on the inputs only through the *scaled* squared distance
//
//     r^2 = sum_k (x_k - x'_k)^2 / l_k^2,
//
// so they are stationary: k(x, x) = sigma_f^2 (the signal variance) for every x.

import LabMath
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shape of the covariance function. Each has a signal variance sigma_f^2 and one
/// length scale l_k per input dimension (see `KernelHyperparameters`); the noise
/// variance sigma_n^2 is added on the diagonal of the training covariance only.
///
/// ```swift
/// Kernel.squaredExponential.correlation(scaledSquaredDistance: 1)   // exp(-1/2) = 0.6065
/// Kernel.matern52.correlation(scaledSquaredDistance: 1)             // 0.5240
/// ```
public enum Kernel: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The squared exponential (RBF, "Gaussian") kernel, R&W eq. 4.9 with ARD (eq. 5.1):
    ///
    ///     k(x, x') = sigma_f^2 exp(-r^2 / 2).
    ///
    /// Its sample functions are infinitely differentiable: very smooth, often too
    /// smooth for real objectives (Stein 1999 argues against it for that reason).
    case squaredExponential

    /// The Matern kernel with nu = 5/2, R&W eq. 4.17:
    ///
    ///     k(x, x') = sigma_f^2 (1 + sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r).
    ///
    /// Sample functions are twice differentiable: smooth, but rougher than the squared
    /// exponential. The usual default for Bayesian optimisation (Snoek, Larochelle and
    /// Adams, "Practical Bayesian optimization of machine learning algorithms", 2012).
    case matern52

    public var description: String {
        switch self {
        case .squaredExponential: return "squared exponential"
        case .matern52: return "Matern 5/2"
        }
    }

    /// The kernel divided by the signal variance, k(x, x') / sigma_f^2, as a function
    /// of the scaled squared distance r^2 (a correlation: 1 at r = 0, falling to 0).
    ///
    /// - Parameter r2: r^2 = sum_k (x_k - x'_k)^2 / l_k^2, non-negative.
    /// - Complexity: one exponential (and one square root for Matern).
    public func correlation(scaledSquaredDistance r2: Double) -> Double {
        // The same arithmetic as the matrices use (four at a time), so that a single
        // entry and a whole matrix agree to the last bit.
        correlations(SIMD4(repeating: r2))[0]
    }

    /// The factor g(r^2) in the length-scale derivative
    ///
    ///     d k(x, x') / d log l_k = sigma_f^2 g(r^2) (x_k - x'_k)^2 / l_k^2.
    ///
    /// Derivation: d r^2 / d log l_k = -2 (x_k - x'_k)^2 / l_k^2, so
    /// d k / d log l_k = -2 (dk / dr^2) (x_k - x'_k)^2 / l_k^2 and g = -2 (dk / dr^2) / sigma_f^2.
    /// * squared exponential: dk/dr^2 = -k / 2, so g = exp(-r^2 / 2), the correlation itself.
    /// * Matern 5/2: dk/dr = -(5/3) sigma_f^2 r (1 + sqrt(5) r) exp(-sqrt(5) r) and
    ///   dr/dr^2 = 1 / (2r), so g = (5/3) (1 + sqrt(5) r) exp(-sqrt(5) r). The 1/r of
    ///   the chain rule cancels, so there is no division by zero at r = 0.
    public func lengthScaleDerivativeFactor(scaledSquaredDistance r2: Double) -> Double {
        correlationsAndDerivativeFactors(SIMD4(repeating: r2)).derivativeFactors[0]
    }

    /// `correlation` for four values of r^2 at once (VectorExponential.swift).
    @inline(__always)
    func correlations(_ r2: SIMD4<Double>) -> SIMD4<Double> {
        switch self {
        case .squaredExponential:
            return exponential(-0.5 * r2)
        case .matern52:
            // sqrt(5 r^2) directly rather than sqrt(5) * sqrt(r^2): one root.
            let s = (5 * r2).squareRoot()       // sqrt(5) r
            return (1 + s + s * s / 3) * exponential(-s)
        }
    }

    /// Both `correlation` and `lengthScaleDerivativeFactor` for four values of r^2,
    /// from one exponential: the marginal likelihood's gradient needs both.
    @inline(__always)
    func correlationsAndDerivativeFactors(_ r2: SIMD4<Double>)
        -> (correlations: SIMD4<Double>, derivativeFactors: SIMD4<Double>) {
        switch self {
        case .squaredExponential:
            let e = exponential(-0.5 * r2)
            return (e, e)
        case .matern52:
            let s = (5 * r2).squareRoot()
            let e = exponential(-s)
            return ((1 + s + s * s / 3) * e, (5.0 / 3.0) * (1 + s) * e)
        }
    }
}

/// Replaces each r^2 in `values[0..<count]` by sigma_f^2 rho(r^2), four at a time (the
/// last 1 to 3 values through a zero-padded group of four).
@inline(__always)
func replaceSquaredDistancesWithCovariances(_ values: UnsafeMutablePointer<Double>, count: Int,
                                            kernel: Kernel, signalVariance: Double) {
    var i = 0
    while i + 4 <= count {
        let r2 = UnsafeRawPointer(values + i).loadUnaligned(as: SIMD4<Double>.self)
        UnsafeMutableRawPointer(values + i).storeBytes(of: signalVariance * kernel.correlations(r2),
                                                       as: SIMD4<Double>.self)
        i += 4
    }
    if i < count {
        var r2 = SIMD4<Double>()
        for lane in 0..<(count - i) { r2[lane] = values[i + lane] }
        let covariances = signalVariance * kernel.correlations(r2)
        for lane in 0..<(count - i) { values[i + lane] = covariances[lane] }
    }
}

// MARK: - Covariance matrices

/// The scaled squared distance r^2 = sum_k (a_k - b_k)^2 / l_k^2 between two rows,
/// given 1 / l_k^2 (multiplying is cheaper than dividing). Written as
/// sum_k (a_k - b_k)^2 * (1 / l_k^2), term by term in the order k = 0, 1, ..., exactly
/// as the marginal-likelihood evaluator computes it from its precomputed squared
/// differences, so both give the same bits.
@inline(__always)
func scaledSquaredDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                           _ inverseSquaredLengthScales: UnsafePointer<Double>, _ dimensions: Int) -> Double {
    var r2 = 0.0
    for k in 0..<dimensions {
        let difference = a[k] - b[k]
        r2 += difference * difference * inverseSquaredLengthScales[k]
    }
    return r2
}

extension KernelHyperparameters {
    /// 1 / l_k^2 for every dimension, the form the distance computations use.
    var inverseSquaredLengthScales: [Double] { lengthScales.map { 1 / ($0 * $0) } }
}

/// Fills `covariance` with K + (sigma_n^2 + jitter) I for the rows of `inputs`:
/// K_ij = sigma_f^2 rho(r_ij^2). The matrix is symmetric; we compute the lower triangle
/// and mirror it, so each pair costs one kernel evaluation.
///
/// - Parameters:
///   - inputs: n x d.
///   - diagonalAddition: sigma_n^2 (plus any jitter).
///   - perPointDiagonal: optional n more values for the diagonal, one per point (known
///     observation-noise variances), added after `diagonalAddition`.
///   - covariance: resized to n x n (storage reused).
/// - Complexity: n (n - 1) / 2 kernel evaluations, O(n^2 d).
func fillTrainingCovariance(_ inputs: Matrix, kernel: Kernel, hyperparameters h: KernelHyperparameters,
                            diagonalAddition: Double, perPointDiagonal: [Double]? = nil,
                            into covariance: inout Matrix) {
    let n = inputs.rows, d = inputs.columns
    covariance.reshapeReusingStorage(rows: n, columns: n)
    let signal = h.signalVariance
    let inverseSquaredLengthScales = h.inverseSquaredLengthScales
    inputs.elements.withUnsafeBufferPointer { x in
        inverseSquaredLengthScales.withUnsafeBufferPointer { inverse in
            covariance.elements.withUnsafeMutableBufferPointer { k in
                guard let x = x.baseAddress, let inverse = inverse.baseAddress,
                      let k = k.baseAddress else { return }
                for i in 0..<n {
                    // Row i left of the diagonal: first r^2, then the kernel, in place.
                    let row = k + i * n
                    for j in 0..<i { row[j] = scaledSquaredDistance(x + i * d, x + j * d, inverse, d) }
                    replaceSquaredDistancesWithCovariances(row, count: i, kernel: kernel, signalVariance: signal)
                    for j in 0..<i { k[j * n + i] = row[j] }     // the mirror image above
                    // k(x, x) = sigma_f^2 for a stationary kernel; the noise (and any
                    // jitter) sits on the diagonal of the *training* covariance only.
                    row[i] = signal + diagonalAddition
                }
            }
        }
    }
    if let perPointDiagonal {
        for i in 0..<n { covariance[i, i] += perPointDiagonal[i] }
    }
}

/// The cross-covariance K_* between the rows `range` of `points` and the training
/// `inputs` (n x d): element (p, i) of `result` is k(x*_(range.lowerBound + p), x_i).
/// One *row per test point*, so that the solve L v = k_* of R&W Alg. 2.1, line 5 runs
/// over contiguous rows.
///
/// - Parameter result: resized to range.count x n (storage reused).
/// - Complexity: range.count * n kernel evaluations.
func fillCrossCovariance(_ points: Matrix, rows range: Range<Int>, _ inputs: Matrix, kernel: Kernel,
                         hyperparameters h: KernelHyperparameters, into result: inout Matrix) {
    let n = inputs.rows, d = inputs.columns
    result.reshapeReusingStorage(rows: range.count, columns: n)
    let signal = h.signalVariance
    let inverseSquaredLengthScales = h.inverseSquaredLengthScales
    points.elements.withUnsafeBufferPointer { p in
        inputs.elements.withUnsafeBufferPointer { x in
            inverseSquaredLengthScales.withUnsafeBufferPointer { inverse in
                result.elements.withUnsafeMutableBufferPointer { out in
                    guard let p = p.baseAddress, let x = x.baseAddress, let inverse = inverse.baseAddress,
                          let out = out.baseAddress else { return }
                    for (row, point) in range.enumerated() {
                        let outRow = out + row * n
                        for i in 0..<n { outRow[i] = scaledSquaredDistance(p + point * d, x + i * d, inverse, d) }
                        replaceSquaredDistancesWithCovariances(outRow, count: n, kernel: kernel, signalVariance: signal)
                    }
                }
            }
        }
    }
}
