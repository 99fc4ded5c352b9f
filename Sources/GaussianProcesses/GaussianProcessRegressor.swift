// GaussianProcessRegressor.swift
//
// What this file teaches: Gaussian-process regression exactly as Rasmussen and
// Williams write it in "Gaussian Processes for Machine Learning" (MIT Press, 2006),
// Algorithm 2.1, page 19:
//
//   1: input: X (inputs), y (targets), k (covariance function), sigma_n^2, x_*
//   2: L := cholesky(K + sigma_n^2 I)
//   3: alpha := L^T \ (L \ y)
//   4: mean f_* := k_*^T alpha                                    (eq. 2.25)
//   5: v := L \ k_*
//   6: V[f_*] := k(x_*, x_*) - v^T v                              (eq. 2.26)
//   7: log p(y | X) := -1/2 y^T alpha - sum_i log L_ii - n/2 log 2 pi   (eq. 2.30)
//   8: return mean, variance, log marginal likelihood
//
// Lines 2, 3 and 7 happen once, here, when the regressor is built; lines 4 to 6 happen
// for every test point, in Prediction.swift. The naive formulas of eqs. 2.25 and 2.26
// contain (K + sigma_n^2 I)^-1; the algorithm never forms that inverse. Two triangular
// solves with the Cholesky factor are cheaper and much more accurate (see
// LabMath/Cholesky.swift).

import LabMath
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Gaussian-process regression model at fixed hyperparameters: the posterior of a
/// zero-mean GP prior given noisy observations y_i = f(x_i) + eps_i.
///
/// ```swift
/// let x = Matrix([[0.1], [0.4], [0.9]])
/// let gp = try GaussianProcessRegressor(
///     inputs: x, targets: [1.0, 2.5, 0.5], kernel: .matern52,
///     hyperparameters: KernelHyperparameters(signalVariance: 1, lengthScales: [0.3], noiseVariance: 0.01))
/// let p = try gp.predict(Matrix([[0.4], [0.6]]))
/// p.mean                    // [2.478, 1.937]: near 2.5 at the observed x = 0.4
/// p.standardDeviation       // [0.084, 0.479]: small there, larger between observations
/// gp.logMarginalLikelihood  // -5.357: how well these hyperparameters explain the targets
/// ```
///
/// Targets are normalised internally (z = (y - mean) / standard deviation, as
/// scikit-learn's `normalize_y=True`), so the hyperparameters' variances are in units
/// of the normalised targets; every prediction is reported in the targets' own units.
/// Inputs are used as given: scale them to the unit cube first.
public struct GaussianProcessRegressor: Sendable {
    /// The covariance function.
    public let kernel: Kernel
    /// The hyperparameters the posterior was computed with.
    public let hyperparameters: KernelHyperparameters
    /// The training inputs X, n x d.
    public let inputs: Matrix
    /// The training targets y, in the caller's units.
    public let targets: [Double]
    /// Known noise variances of the individual observations, in the targets' units
    /// (heteroscedastic noise, e.g. the squared standard error of a cross-validated
    /// mean), or nil. They are added to the diagonal on top of the fitted, shared
    /// `noiseVariance`: cov(y_i, y_j) = k(x_i, x_j) + (sigma_n^2 + s_i^2) [i == j]
    /// (R&W eq. 2.20 with a diagonal noise matrix).
    public let observationNoiseVariances: [Double]?
    /// Whether targets were normalised (the default) before the GP saw them.
    public let normalizesTargets: Bool
    /// The mean subtracted from the targets: the prior mean (the targets' mean unless
    /// one was given; 0 without normalisation and without a given prior mean).
    public let targetMean: Double
    /// The scale the centred targets were divided by: their standard deviation, or 1
    /// without normalisation or when all targets are equal (no division by zero).
    public let targetScale: Double
    /// log p(z | X) of the *normalised* targets z, R&W Alg. 2.1, line 7. This is the
    /// number hyperparameter fitting maximises, and what scikit-learn reports as
    /// `log_marginal_likelihood_value_` with `normalize_y=True`.
    public let logMarginalLikelihood: Double
    /// What was added to the diagonal of K + sigma_n^2 I so that its Cholesky
    /// factorisation succeeded (0 almost always; see `jitterNote`). In the units of
    /// the covariance matrix, like `noiseVariance`.
    public let jitterAdded: Double
    /// How the hyperparameters were chosen, when they were fitted (nil when given).
    public internal(set) var fitReport: HyperparameterFitReport?

    /// L with L L^T = K + (sigma_n^2 + jitter) I.
    let factor: CholeskyFactor
    /// alpha = (K + sigma_n^2 I)^-1 z, R&W Alg. 2.1, line 3.
    let alpha: [Double]
    /// z, the targets as the GP sees them (normalised or not).
    let normalizedTargets: [Double]

    /// Conditions the GP on the data: R&W Alg. 2.1, lines 2, 3 and 7.
    ///
    /// - Parameters:
    ///   - inputs: X, n x d, n >= 1, d >= 1, finite (ideally scaled to the unit cube).
    ///   - targets: y, n finite values.
    ///   - kernel: the covariance function.
    ///   - hyperparameters: d length scales, positive variances (the noise may be 0).
    ///   - normalizesTargets: subtract the mean and divide by the standard deviation
    ///     first (default true). Turn it off to reproduce textbook examples exactly.
    ///   - observationNoiseVariances: n known noise variances s_i^2 >= 0 in the targets'
    ///     units, or nil (see `observationNoiseVariances`).
    ///   - priorMean: the constant prior mean in the targets' units (the value the
    ///     posterior mean returns to far from the data); nil for the targets' mean. The
    ///     scale is the targets' standard deviation either way.
    /// - Throws: `GaussianProcessError` for empty or mismatched data, non-finite values,
    ///   invalid hyperparameters, or a covariance matrix that even jitter cannot rescue.
    /// - Complexity: O(n^2 d) for K, n^3 / 3 multiply-adds for the Cholesky factor.
    public init(inputs: Matrix, targets: [Double], kernel: Kernel, hyperparameters: KernelHyperparameters,
                normalizesTargets: Bool = true, observationNoiseVariances: [Double]? = nil,
                priorMean: Double? = nil) throws {
        try validateTrainingData(inputs: inputs, targets: targets)
        try validateObservationNoise(observationNoiseVariances, count: targets.count)
        try hyperparameters.validate(dimensions: inputs.columns)
        if let priorMean, !priorMean.isFinite {
            throw GaussianProcessError.nonFiniteValue("the prior mean is \(priorMean)")
        }
        let normalization = try TargetNormalization(targets, enabled: normalizesTargets, priorMean: priorMean)
        let z = targets.map { normalization.normalize($0) }

        // R&W Alg. 2.1, line 2: L = cholesky(K + sigma_n^2 I + diag(s_i^2)), plus jitter
        // if it fails. Known variances are in the targets' units; the GP works in
        // normalised ones, so they are divided by the scale squared.
        var covariance = Matrix(rows: 0, columns: 0)
        fillTrainingCovariance(inputs, kernel: kernel, hyperparameters: hyperparameters,
                               diagonalAddition: hyperparameters.noiseVariance,
                               perPointDiagonal: normalization.normalizeVariances(observationNoiseVariances),
                               into: &covariance)
        let (factor, jitter) = try choleskyAddingJitterIfNeeded(&covariance)

        // R&W Alg. 2.1, line 3: alpha = L^T \ (L \ z), two triangular solves.
        let alpha = factor.solveUpper(factor.solveLower(z))

        self.kernel = kernel
        self.hyperparameters = hyperparameters
        self.inputs = inputs
        self.targets = targets
        self.observationNoiseVariances = observationNoiseVariances
        self.normalizesTargets = normalizesTargets
        self.targetMean = normalization.mean
        self.targetScale = normalization.scale
        self.factor = factor
        self.alpha = alpha
        self.normalizedTargets = z
        self.jitterAdded = jitter
        // R&W Alg. 2.1, line 7 (eq. 2.30).
        self.logMarginalLikelihood = logMarginalLikelihoodFromFactor(factor, targets: z, alpha: alpha)
    }

    /// The number of training points n.
    public var count: Int { inputs.rows }

    /// log p(y | X) of the targets in their own units. Normalising is a change of
    /// variables z = (y - m) / s, which multiplies the density by s^-n, so this is
    /// `logMarginalLikelihood - n log s`. Use it to compare models fitted with and
    /// without normalisation; it is the same number when `targetScale` is 1.
    public var logMarginalLikelihoodOfTargets: Double {
        logMarginalLikelihood - Double(count) * log(targetScale)
    }

    /// A sentence for the reader when jitter was needed, nil otherwise.
    public var jitterNote: String? {
        guard jitterAdded > 0 else { return nil }
        return "added \(threeSignificantDigits(jitterAdded)) to the diagonal of the covariance matrix so that "
            + "its Cholesky factorisation succeeded (duplicate inputs or a tiny noise variance make it singular "
            + "to working precision); the model treats this as a little extra noise"
    }
}

// MARK: - Pieces shared with fitting

/// R&W Alg. 2.1, line 7 (eq. 2.30):
///   log p(z | X) = -1/2 z^T alpha - sum_i log L_ii - n/2 log(2 pi).
/// The naive form -1/2 z^T K^-1 z - 1/2 log det K - n/2 log 2 pi would need the inverse
/// and a determinant that overflows for moderate n; both pieces here come from L.
func logMarginalLikelihoodFromFactor(_ factor: CholeskyFactor, targets z: [Double], alpha: [Double]) -> Double {
    let n = Double(z.count)
    // logDeterminant = 2 sum_i log L_ii = log det(K + sigma_n^2 I).
    return -0.5 * dot(z, alpha) - 0.5 * factor.logDeterminant - 0.5 * n * log(2 * Double.pi)
}

/// The jitter schedule: the first retry adds 1e-10 times the mean diagonal, each
/// further retry 10 times more, up to 1e-4 times the mean diagonal (7 retries).
/// 1e-10 is scikit-learn's default `alpha`; 1e-4 relative is about the largest amount
/// that still changes predictions less than a typical noise level would.
enum JitterSchedule {
    static let firstRelativeJitter = 1e-10
    static let growthFactor = 10.0
    static let retries = 7
}

/// Factors `covariance` (K + sigma_n^2 I); if that fails, adds growing jitter to its
/// diagonal and retries. On return `covariance` holds the matrix actually factored.
///
/// Why jitter: with duplicate inputs and no noise, two rows of K are equal and K is
/// singular; with tiny noise and nearby inputs it is singular *to working precision*.
/// A small multiple of the identity makes the matrix safely positive definite and acts
/// like a little extra observation noise.
///
/// "Fails" means more than a thrown error. Each pivot L_ii^2 = K_ii - sum_k L_ik^2 is a
/// difference of numbers of size K_ii, so round-off of about n eps K_ii can make a
/// pivot of a singular matrix come out *positive* (say 2e-16), and alpha would then be
/// ~1e16 times too large. A pivot below n eps times the mean diagonal carries no
/// information, so we treat it like a failure. Well-posed problems never get near it:
/// the noise variance alone keeps every pivot above sigma_n^2.
///
/// - Returns: the factor and the absolute jitter added (0 when none was needed).
/// - Throws: `GaussianProcessError.notPositiveDefinite` when even the last step fails.
func choleskyAddingJitterIfNeeded(_ covariance: inout Matrix) throws -> (CholeskyFactor, jitter: Double) {
    let n = covariance.rows
    var meanDiagonal = 0.0
    for i in 0..<n { meanDiagonal += covariance[i, i] / Double(n) }
    // A zero, negative or NaN mean diagonal makes every relative jitter useless.
    guard meanDiagonal.isFinite && meanDiagonal > 0 else {
        throw GaussianProcessError.notPositiveDefinite(jitterTried: 0)
    }
    let smallestMeaningfulPivot = Double(n) * Double.ulpOfOne * meanDiagonal
    func factorIfWellDefined() -> CholeskyFactor? {
        guard let factor = try? CholeskyFactor(covariance) else { return nil }
        for i in 0..<n where factor.lower[i, i] * factor.lower[i, i] < smallestMeaningfulPivot { return nil }
        return factor
    }
    if let factor = factorIfWellDefined() { return (factor, 0) }
    var relative = JitterSchedule.firstRelativeJitter
    var added = 0.0
    for _ in 0..<JitterSchedule.retries {
        let jitter = relative * meanDiagonal
        // Add only the difference, so the diagonal holds K_ii + sigma_n^2 + jitter.
        for i in 0..<n { covariance[i, i] += jitter - added }
        added = jitter
        if let factor = factorIfWellDefined() { return (factor, jitter) }
        relative *= JitterSchedule.growthFactor
    }
    throw GaussianProcessError.notPositiveDefinite(jitterTried: added)
}

/// Checks the training data: n >= 1 rows, d >= 1 columns, n targets, all finite.
func validateTrainingData(inputs: Matrix, targets: [Double]) throws {
    guard inputs.rows > 0 else { throw GaussianProcessError.emptyData("the inputs have no rows") }
    guard inputs.columns > 0 else { throw GaussianProcessError.emptyData("the inputs have no columns (d = 0)") }
    guard targets.count == inputs.rows else {
        throw GaussianProcessError.shapeMismatch("\(inputs.rows) input rows but \(targets.count) targets")
    }
    if let i = targets.firstIndex(where: { !$0.isFinite }) {
        throw GaussianProcessError.nonFiniteValue("target \(i) is \(targets[i])")
    }
    if let e = inputs.elements.firstIndex(where: { !$0.isFinite }) {
        throw GaussianProcessError.nonFiniteValue(
            "input row \(e / inputs.columns), column \(e % inputs.columns) is \(inputs.elements[e])")
    }
}

/// Checks known per-observation noise variances: n finite values >= 0 (nil passes).
func validateObservationNoise(_ variances: [Double]?, count: Int) throws {
    guard let variances else { return }
    guard variances.count == count else {
        throw GaussianProcessError.shapeMismatch("\(count) targets but \(variances.count) observation noise variances")
    }
    if let i = variances.firstIndex(where: { !$0.isFinite }) {
        throw GaussianProcessError.nonFiniteValue("observation noise variance \(i) is \(variances[i])")
    }
    if let i = variances.firstIndex(where: { $0 < 0 }) {
        throw GaussianProcessError.invalidArgument("observation noise variance \(i) is \(variances[i]); "
                                                   + "variances must be >= 0")
    }
}

/// z = (y - mean) / scale and back. With normalisation off, mean 0 and scale 1.
struct TargetNormalization: Sendable {
    let mean: Double
    let scale: Double

    /// The largest target magnitude a GP accepts. Predictive variances are reported in
    /// squared target units (scale^2 times the latent variance): for targets of 1e300 the
    /// scale is about 1e300 and its square overflows, which used to give infinite scales
    /// and NaN predictions reported as success. Up to 1e150 the square stays below 1e300,
    /// leaving eight orders of magnitude of headroom for the kernel's variance.
    static let largestTarget = 1e150

    /// - Throws: `GaussianProcessError.targetOutOfRange` for a target beyond
    ///   +/-`largestTarget` (with or without normalisation: unnormalised, the data fit
    ///   term y^T K^-1 y of the marginal likelihood overflows instead).
    /// - Parameter priorMean: the constant the GP reverts to far from the data, in the
    ///   targets' units; nil for the targets' mean (scikit-learn's `normalize_y`).
    init(_ targets: [Double], enabled: Bool, priorMean: Double? = nil) throws {
        if let i = targets.firstIndex(where: { abs($0) > Self.largestTarget }) {
            throw GaussianProcessError.targetOutOfRange(
                "target \(i) is \(targets[i]), beyond +/-\(Self.largestTarget): predictive variances are in squared "
                + "target units and would overflow; divide the targets by a constant first")
        }
        guard enabled else {
            mean = priorMean ?? 0
            scale = 1
            return
        }
        // Both are computed without overflow (see Statistics.powerOfTwoScale).
        mean = priorMean ?? Statistics.mean(targets)
        let deviation = Statistics.standardDeviation(targets)   // population (ddof 0), as NumPy
        // Constant targets (or one target) have deviation 0: dividing by it would give
        // NaN. Like scikit-learn's _handle_zeros_in_scale we then use 1, with the same
        // threshold (10 machine epsilons).
        scale = deviation < 10 * Double.ulpOfOne ? 1 : deviation
    }

    func normalize(_ y: Double) -> Double { (y - mean) / scale }

    /// Variances in the targets' units, in normalised units (divided by scale^2).
    func normalizeVariances(_ variances: [Double]?) -> [Double]? {
        variances?.map { $0 / (scale * scale) }
    }
}
