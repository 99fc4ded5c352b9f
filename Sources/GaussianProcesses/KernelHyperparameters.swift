// KernelHyperparameters.swift
//
// What this file teaches: the knobs of a Gaussian process, and why an optimiser should
// turn them in log space. A length scale of 0.01 and one of 0.02 differ as much, for
// the model, as 1 and 2: what matters is the *ratio*. In log space equal steps are
// equal ratios, the parameters cannot turn negative, and the marginal likelihood is
// much closer to a nice bowl, so quasi-Newton methods converge in fewer steps.
// (scikit-learn's `kernel.theta` is the same log-space vector.)

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The hyperparameters of a kernel with a noise term:
///
///     cov(y_i, y_j) = sigma_f^2 rho(r_ij) + sigma_n^2 [i == j],
///     r_ij^2 = sum_k (x_ik - x_jk)^2 / l_k^2.
///
/// When the regressor normalises its targets (the default), both variances are in
/// units of the *normalised* targets: `signalVariance` 1 means "the function varies
/// about as much as the targets do", `noiseVariance` 0.01 means "noise explains 1% of
/// the targets' variance". Length scales are in the units of the inputs (the unit cube,
/// if the caller scaled them there).
///
/// ```swift
/// let h = KernelHyperparameters(signalVariance: 1, lengthScales: [0.5, 2], noiseVariance: 0.01)
/// h.logVector         // [0, -0.693, 0.693, -4.605]
/// try KernelHyperparameters(logVector: h.logVector).lengthScales   // [0.5, 2.0] (to rounding)
/// ```
public struct KernelHyperparameters: Sendable, Equatable, CustomStringConvertible {
    /// sigma_f^2, the prior variance of f(x) at any single point.
    public var signalVariance: Double
    /// l_1, ..., l_d: one length scale per input dimension (ARD).
    public var lengthScales: [Double]
    /// sigma_n^2, the variance of the observation noise y = f(x) + eps. May be 0 for
    /// a noise-free model (the regressor then adds jitter if it must).
    public var noiseVariance: Double

    public init(signalVariance: Double, lengthScales: [Double], noiseVariance: Double) {
        self.signalVariance = signalVariance
        self.lengthScales = lengthScales
        self.noiseVariance = noiseVariance
    }

    /// The point where the first optimiser run starts (documented, not random), for
    /// inputs in the unit cube and normalised targets:
    /// * signal variance 1: the variance of the normalised targets;
    /// * length scales 0.5: half the side of the cube, so the prior expects about one
    ///   "bump" across each axis;
    /// * noise variance 0.01: noise explains 1% of the targets' variance; neither the
    ///   interpolating extreme (noise near 0) nor the "everything is noise" one.
    public static func defaultStart(dimensions: Int) -> KernelHyperparameters {
        KernelHyperparameters(signalVariance: 1, lengthScales: Array(repeating: 0.5, count: dimensions),
                              noiseVariance: 0.01)
    }

    /// The number of input dimensions d.
    public var dimensions: Int { lengthScales.count }

    /// The log-space vector the optimiser works with, of length d + 2, in this order:
    ///
    ///     [log sigma_f^2, log l_1, ..., log l_d, log sigma_n^2]
    ///
    /// (natural logarithms; the order of scikit-learn's `theta` for
    /// `ConstantKernel * RBF(ARD) + WhiteKernel`, so gradients compare entry by entry).
    /// A noise variance of 0 gives -infinity in the last entry.
    public var logVector: [Double] {
        [log(signalVariance)] + lengthScales.map { log($0) } + [log(noiseVariance)]
    }

    /// The hyperparameters whose `logVector` is `logVector` (length d + 2, d >= 1).
    /// Use `validate(dimensions:)` on the result to check for finite, positive values.
    /// - Throws: `GaussianProcessError.invalidHyperparameters` for fewer than 3 entries.
    public init(logVector: [Double]) throws {
        guard logVector.count >= 3 else {
            throw GaussianProcessError.invalidHyperparameters(
                "a log-hyperparameter vector has d + 2 >= 3 entries, got \(logVector.count)")
        }
        self.init(checkedLogVector: logVector)
    }

    /// `init(logVector:)` for callers that built the vector themselves (count d + 2).
    init(checkedLogVector logVector: [Double]) {
        self.init(signalVariance: exp(logVector[0]),
                  lengthScales: logVector[1..<(logVector.count - 1)].map { exp($0) },
                  noiseVariance: exp(logVector[logVector.count - 1]))
    }

    /// Checks that these hyperparameters can be used for d-dimensional inputs: d length
    /// scales, every length scale and the signal variance finite and positive, the noise
    /// variance finite and non-negative.
    /// - Throws: `GaussianProcessError.invalidHyperparameters` with the reason.
    public func validate(dimensions: Int) throws {
        guard lengthScales.count == dimensions else {
            throw GaussianProcessError.invalidHyperparameters(
                "\(lengthScales.count) length scales for \(dimensions)-dimensional inputs")
        }
        guard signalVariance.isFinite && signalVariance > 0 else {
            throw GaussianProcessError.invalidHyperparameters(
                "signal variance must be positive and finite, got \(signalVariance)")
        }
        if let bad = lengthScales.first(where: { !($0.isFinite && $0 > 0) }) {
            throw GaussianProcessError.invalidHyperparameters("length scales must be positive and finite, got \(bad)")
        }
        guard noiseVariance.isFinite && noiseVariance >= 0 else {
            throw GaussianProcessError.invalidHyperparameters(
                "noise variance must be non-negative and finite, got \(noiseVariance)")
        }
    }

    /// A copy with every length scale multiplied by `factor` (for lessons: "what if
    /// the length scale were 10 times shorter?" is `scalingLengthScales(by: 0.1)`).
    public func scalingLengthScales(by factor: Double) -> KernelHyperparameters {
        var copy = self
        copy.lengthScales = lengthScales.map { $0 * factor }
        return copy
    }

    /// "signal variance 1.23, length scales [0.456, 7.89], noise variance 0.000123"
    /// (three significant digits).
    public var description: String {
        let scales = lengthScales.map { threeSignificantDigits($0) }.joined(separator: ", ")
        return "signal variance \(threeSignificantDigits(signalVariance)), length scales [\(scales)], "
            + "noise variance \(threeSignificantDigits(noiseVariance))"
    }
}

/// `value` rounded to three significant digits, in Swift's shortest form ("0.00123").
func threeSignificantDigits(_ value: Double) -> String {
    guard value.isFinite, value != 0 else { return "\(value)" }
    // value = digits * 10^exponent with 100 <= |digits| < 1000 after rounding.
    var exponent = Int(floor(log10(abs(value)))) - 2
    var digits = (value / pow(10, Double(exponent))).rounded()
    if abs(digits) >= 1000 {  // 999.7 rounds up to 1000: one digit too many
        digits = (digits / 10).rounded()
        exponent += 1
    }
    // Parsing "123e-5" gives the double nearest 0.00123, which prints as "0.00123";
    // multiplying by a power of 10 instead could print 0.0012300000000000002.
    return "\(Double("\(Int(digits))e\(exponent)") ?? value)"
}
