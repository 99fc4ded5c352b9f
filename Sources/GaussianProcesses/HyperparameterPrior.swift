// HyperparameterPrior.swift
//
// What this file teaches: maximum a posteriori (MAP) fitting. With few observations the
// marginal likelihood alone is a poor judge of the length scales: it happily explains
// twenty points by one very long length scale and a large amplitude (a straight line
// across the cube), and the search then marches to the faces of the box following that
// line. A prior says what we believed before seeing data, and fitting maximises
//
//     log p(z | X, theta) + log p(theta)
//
// instead of the likelihood alone (R&W section 5.2: the "hyper-prior"). With many
// observations the likelihood dominates and the prior stops mattering.
//
// The default prior is the one BoTorch adopted in 2024 after Hvarfner, Hellsten and
// Nardi, "Vanilla Bayesian optimization performs great in high dimensions" (ICML 2024):
// every length scale l (inputs in the unit cube) log-normal with
//
//     log l ~ N(mu_d, s^2),   mu_d = sqrt(2) + log(d) / 2,   s = sqrt(3),
//
// so that the prior's typical length scale grows like sqrt(d): in d dimensions, points
// are about sqrt(d) times further apart, and a model that expects the same complexity
// per dimension must expect longer length scales. Like GPyTorch (which BoTorch uses),
// we add the log *density of l* to the objective, log p(l) = log N(log l; mu, s^2) - log l,
// whose maximum is at l = exp(mu - s^2) = 0.205 sqrt(d): short enough to see structure
// in a few dozen points, yet the wide s = sqrt(3) lets the data move it by orders of
// magnitude.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A log-normal distribution: log v ~ N(location, scale^2).
public struct LogNormalPrior: Sendable, Equatable {
    public var location: Double
    public var scale: Double

    public init(location: Double, scale: Double) {
        self.location = location
        self.scale = scale
    }

    /// BoTorch's prior on the noise variance of standardised targets since version 0.12
    /// (2024), paired there with the dimension-scaled length-scale prior and a noise
    /// floor of 1e-4 (botorch/models/utils/gpytorch_modules.py,
    /// `get_gaussian_likelihood_with_lognormal_prior`, after Hvarfner et al. 2024):
    /// log v ~ N(-4, 1), median 0.018, most likely v = exp(-5) = 0.0067.
    public static let botorchNoiseVariance = LogNormalPrior(location: -4, scale: 1)

    /// log p(v) at v = exp(theta), up to a constant, and its derivative with respect to
    /// theta = log v:
    ///     log p(v) = -(theta - location)^2 / (2 scale^2) - theta + const,
    ///     d/dtheta = -(theta - location) / scale^2 - 1.
    /// (The "- theta" is log(1 / v), the log-normal density's own factor.)
    func logDensity(atLog theta: Double) -> (value: Double, derivative: Double) {
        let standardized = (theta - location) / scale
        return (-0.5 * standardized * standardized - theta, -standardized / scale - 1)
    }
}

/// Priors on the kernel hyperparameters (nil entries are flat: plain maximum likelihood
/// within the bounds).
public struct HyperparameterPrior: Sendable, Equatable {
    /// The prior of every length scale.
    public var lengthScale: LogNormalPrior?
    public var signalVariance: LogNormalPrior?
    public var noiseVariance: LogNormalPrior?

    public init(lengthScale: LogNormalPrior? = nil, signalVariance: LogNormalPrior? = nil,
                noiseVariance: LogNormalPrior? = nil) {
        self.lengthScale = lengthScale
        self.signalVariance = signalVariance
        self.noiseVariance = noiseVariance
    }

    /// No prior: type II maximum likelihood, as scikit-learn fits.
    public static let none = HyperparameterPrior()

    /// Hvarfner et al. (2024), BoTorch's default since 2024: log l ~ N(sqrt(2) + log(d) / 2,
    /// 3) for each of the d length scales (inputs in the unit cube).
    public static func dimensionScaled(dimensions d: Int) -> HyperparameterPrior {
        HyperparameterPrior(lengthScale: LogNormalPrior(location: 2.0.squareRoot() + 0.5 * log(Double(max(d, 1))),
                                                        scale: 3.0.squareRoot()))
    }

    /// Whether every entry is flat.
    public var isFlat: Bool { lengthScale == nil && signalVariance == nil && noiseVariance == nil }

    /// log p(theta) (up to a constant) at a log-hyperparameter vector
    /// [log sigma_f^2, log l_1, ..., log l_d, log sigma_n^2], adding its gradient to
    /// `gradient`.
    func addLogDensity(at logVector: [Double], gradient: inout [Double]) -> Double {
        let last = logVector.count - 1
        var total = 0.0
        func add(_ prior: LogNormalPrior?, _ index: Int) {
            guard let prior else { return }
            let (value, derivative) = prior.logDensity(atLog: logVector[index])
            total += value
            gradient[index] += derivative
        }
        add(signalVariance, 0)
        for k in 1..<last { add(lengthScale, k) }
        add(noiseVariance, last)
        return total
    }
}
