// ParzenEstimator.swift
//
// What this file teaches: how TPE turns a handful of trials into a probability density
// over the search space. A *Parzen estimator* (a kernel density estimate) puts one small
// bump (kernel) on every observed value and adds them up; where many good trials landed
// the density is high. TPE fits two of them, l(x) to the good trials and g(x) to the
// others (TreeParzenEstimator.swift). Per kind of hyperparameter, following Bergstra et
// al. (2011) with the refinements of Optuna's TPESampler:
//
//   real, linear   a normal kernel N(x_i, sigma_i^2) on each observation x_i, truncated
//                  to [low, high] (TruncatedNormal.swift)
//   real, log      the same on log x: the kernels live on the log scale, like the draws
//   integer        the same on [low - 1/2, high + 1/2]; the probability of the integer k
//                  is the kernel's mass on [k - 1/2, k + 1/2] (on the log scale for a
//                  log-scaled integer: [log(k - 1/2), log(k + 1/2)])
//   categorical    kernel i gives its observed choice c_i the weight 1 + w0 and every
//                  choice w0 = priorWeight / (n + 1), normalised: p(c) = ([c = c_i] + w0)
//                  / (1 + C w0)
//
// Plus one *prior* kernel, so that even with one observation the density covers the
// whole space: N((low + high) / 2, (high - low)^2) for numbers, uniform for choices.
//
// The width sigma_i of kernel i is the larger distance from x_i to its neighbours among
// the sorted observations (the bounds are neighbours too): where observations crowd,
// kernels are narrow; where they are sparse, wide. Without `considerEndpoints` the
// outermost kernels use their inner neighbour only. The "magic clip" keeps every width
// in [(high - low) / min(100, n + 2), high - low], so no kernel degenerates into a spike.
//
// Weights: each observation gets Optuna's default weight (1 for the 25 most recent
// trials, a ramp from 1/n up to 1 for older ones), the prior `priorWeight`, all
// normalised to sum to 1. A density of several hyperparameters is a mixture of
// *products* of kernels: kernel i of every hyperparameter shares the weight w_i.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LabMath

/// The knobs of a Parzen estimator (Optuna's `_ParzenEstimatorParameters`).
public struct ParzenSettings: Sendable, Equatable {
    /// The weight of the prior kernel before normalisation (Optuna's `prior_weight`, 1.0).
    public var priorWeight = 1.0
    /// Keep kernel widths at least (high - low) / min(100, n + 2) (Optuna's
    /// `consider_magic_clip`, true).
    public var magicClip = true
    /// Let the outermost kernels also measure their distance to the bounds (Optuna's
    /// `consider_endpoints`, false).
    public var considerEndpoints = false

    public init(priorWeight: Double = 1.0, magicClip: Bool = true, considerEndpoints: Bool = false) {
        self.priorWeight = priorWeight
        self.magicClip = magicClip
        self.considerEndpoints = considerEndpoints
    }
}

/// A mixture of product kernels over some hyperparameters of a space.
///
/// Values are given and returned in the space's own units: numbers for reals and
/// integers, the choice's position (0, 1, ...) for categorical hyperparameters.
///
/// ```swift
/// let l = ParzenEstimator(parameters: [.real("x", low: 0, high: 1)], observations: [[0.2], [0.3]])
/// l.logDensity([0.25])            // high: between two observations
/// var rng = SeededGenerator(seed: 1)
/// l.sample(&rng)                  // a value near 0.2 or 0.3, or anywhere (the prior)
/// ```
public struct ParzenEstimator: Sendable {
    /// The hyperparameters, in order.
    public let parameters: [Hyperparameter]
    /// The normalised mixture weights w_1...w_n of the observations, then the prior's.
    public let weights: [Double]
    /// log w_i, computed once (every density evaluation starts from them).
    private let logWeights: [Double]
    /// The kernels of each hyperparameter (same order as `parameters`).
    public let kernels: [ParzenKernels]

    /// - Parameters:
    ///   - observations: one row per trial, oldest first; one column per parameter.
    ///   - observationWeights: the weights before the prior is added (Optuna's default
    ///     `ParzenEstimator.defaultWeights(n)` when nil).
    public init(parameters: [Hyperparameter], observations: [[Double]], observationWeights: [Double]? = nil,
                settings: ParzenSettings = ParzenSettings()) {
        precondition(observations.allSatisfy { $0.count == parameters.count }, "one value per parameter")
        self.parameters = parameters
        let n = observations.count
        // Optuna: weights = (w_1 ... w_n, prior weight) / sum; with no observation, the prior alone.
        var raw = n == 0 ? [1.0] : (observationWeights ?? ParzenEstimator.defaultWeights(n)) + [settings.priorWeight]
        precondition(raw.count == max(n + 1, 1), "one weight per observation")
        let total = raw.reduce(0, +)
        for k in raw.indices { raw[k] /= total }
        weights = raw
        logWeights = raw.map { log($0) }
        kernels = parameters.indices.map { j in
            ParzenKernels(parameter: parameters[j], observed: observations.map { $0[j] }, settings: settings)
        }
    }

    /// Optuna's `default_weights(n)`: 1 for each of the last 25 trials, and for the
    /// n - 25 older ones an even ramp from 1/n up to 1 (numpy's `linspace(1/n, 1, n - 25)`),
    /// so the model slowly forgets old trials (Bergstra, Yamins and Cox 2013).
    public static func defaultWeights(_ n: Int) -> [Double] {
        guard n >= 25 else { return [Double](repeating: 1, count: n) }
        let count = n - 25, start = 1.0 / Double(n)
        // numpy's linspace: i * step + start with step = (stop - start) / (count - 1), and
        // the last point exactly `stop` (a single point is just `start`).
        let step = (1.0 - start) / Double(max(count - 1, 1))
        var ramp: [Double] = []
        for i in 0..<count { ramp.append(i == count - 1 && count > 1 ? 1.0 : Double(i) * step + start) }
        return ramp + [Double](repeating: 1, count: 25)
    }

    /// log of the mixture density at `point`:
    /// log sum_i w_i prod_j k_ij(x_j), computed as a log-sum-exp (the products of small
    /// densities underflow long before their logarithms do).
    public func logDensity(_ point: [Double]) -> Double {
        var terms = logWeights
        for (j, kernel) in kernels.enumerated() {
            kernel.addLogDensities(at: point[j], to: &terms)
        }
        // log sum exp(t) = m + log sum exp(t - m) with m = max t: no overflow, no 0/0.
        let m = terms.max() ?? -.infinity
        guard m > -.infinity else { return -.infinity }
        var sum = 0.0
        for t in terms { sum += exp(t - m) }
        return m + log(sum)
    }

    /// One draw: choose kernel i with probability w_i, then draw every parameter from
    /// its kernel i.
    public func sample(_ rng: inout SeededGenerator) -> [Double] {
        let i = ParzenEstimator.draw(weights, &rng)
        return kernels.map { $0.sample(kernel: i, &rng) }
    }

    /// An index drawn with the given probabilities (which sum to 1).
    static func draw(_ probabilities: [Double], _ rng: inout SeededGenerator) -> Int {
        let u = rng.nextDouble()
        var cumulative = 0.0
        for (k, p) in probabilities.enumerated() {
            cumulative += p
            if u < cumulative { return k }
        }
        // Rounding can leave the total a hair below 1; the last choice takes the rest.
        return probabilities.count - 1
    }
}

/// The kernels of one hyperparameter: observations first, the prior last.
public enum ParzenKernels: Sendable {
    /// Truncated normals on the parameter's scale (log x for a log scale). `bounds` are
    /// the parameter's own; for integers (`isInteger`) the kernels give probabilities of
    /// [k - 1/2, k + 1/2], for reals densities.
    case numeric(kernels: [TruncatedNormal], scale: SpaceScale, bounds: ClosedRange<Double>, isInteger: Bool)
    /// One probability row per kernel, one column per choice.
    case categorical(probabilities: [[Double]])

    init(parameter: Hyperparameter, observed: [Double], settings: ParzenSettings) {
        switch parameter.domain {
        case let .categorical(choices):
            self = .categorical(probabilities: ParzenKernels.categoricalRows(observed, choices: choices.count, settings: settings))
        case let .real(low, high, scale):
            self = ParzenKernels.numeric(observed, low: low, high: high, scale: scale, settings: settings,
                                         bounds: low...high, isInteger: false)
        case let .integer(low, high, scale):
            // Optuna widens the box by half a step so the end integers get full-width bins.
            self = ParzenKernels.numeric(observed, low: Double(low) - 0.5, high: Double(high) + 0.5, scale: scale,
                                         settings: settings, bounds: Double(low)...Double(high), isInteger: true)
        }
    }

    /// Categorical rows: observation i gives (w0 + [c = c_i]) / (1 + C w0) with
    /// w0 = priorWeight / (n + 1); the prior row is uniform.
    static func categoricalRows(_ observed: [Double], choices: Int, settings: ParzenSettings) -> [[Double]] {
        let uniform = [Double](repeating: 1 / Double(choices), count: choices)
        guard !observed.isEmpty else { return [uniform] }
        let w0 = settings.priorWeight / Double(observed.count + 1)
        var rows: [[Double]] = []
        for c in observed {
            var row = [Double](repeating: w0, count: choices)
            row[Int(c)] += 1
            let total = row.reduce(0, +)
            rows.append(row.map { $0 / total })
        }
        return rows + [uniform]
    }

    /// Truncated-normal kernels with Bergstra et al.'s neighbour widths (see the top of
    /// the file); `low` and `high` are on the value scale, widened for integers.
    static func numeric(_ observed: [Double], low: Double, high: Double, scale: SpaceScale, settings: ParzenSettings,
                        bounds: ClosedRange<Double>, isInteger: Bool) -> ParzenKernels {
        let toScale: (Double) -> Double = scale == .log ? { log($0) } : { $0 }
        let lo = toScale(low), hi = toScale(high), range = hi - lo
        let mus = observed.map(toScale)
        let sigmas = neighbourWidths(mus, low: lo, high: hi, considerEndpoints: settings.considerEndpoints)
        // The magic clip: widths in [range / min(100, n_kernels + 1), range] with
        // n_kernels = n + 1 (the prior counts).
        let minimum = settings.magicClip ? range / min(100, Double(mus.count + 2)) : 1e-12
        var kernels: [TruncatedNormal] = []
        for (mu, sigma) in zip(mus, sigmas) {
            kernels.append(TruncatedNormal(mean: mu, standardDeviation: min(max(sigma, minimum), range), low: lo, high: hi))
        }
        // The prior kernel: centred, as wide as the whole range.
        kernels.append(TruncatedNormal(mean: (lo + hi) / 2, standardDeviation: range, low: lo, high: hi))
        return .numeric(kernels: kernels, scale: scale, bounds: bounds, isInteger: isInteger)
    }

    /// sigma_i = max(x_i - left neighbour, right neighbour - x_i) over the sorted
    /// observations with the bounds as outer neighbours; without `considerEndpoints`
    /// (and with at least two observations) the first and last use their inner
    /// neighbour only. Returned in the observations' own order.
    static func neighbourWidths(_ mus: [Double], low: Double, high: Double, considerEndpoints: Bool) -> [Double] {
        let n = mus.count
        guard n > 0 else { return [] }
        // Sort positions by value; equal values keep their order (deterministic).
        let order = mus.indices.sorted { mus[$0] < mus[$1] || (mus[$0] == mus[$1] && $0 < $1) }
        let sorted = [low] + order.map { mus[$0] } + [high]
        var widths = [Double](repeating: 0, count: n)
        for (rank, index) in order.enumerated() {
            let k = rank + 1
            var width = max(sorted[k] - sorted[k - 1], sorted[k + 1] - sorted[k])
            if !considerEndpoints && n >= 2 {
                if rank == 0 { width = sorted[2] - sorted[1] }
                if rank == n - 1 { width = sorted[n] - sorted[n - 1] }
            }
            widths[index] = width
        }
        return widths
    }

    /// Adds log k_i(x) of every kernel i to `terms[i]`.
    func addLogDensities(at x: Double, to terms: inout [Double]) {
        switch self {
        case let .categorical(rows):
            for i in terms.indices { terms[i] += log(rows[i][Int(x)]) }
        case let .numeric(kernels, scale, _, isInteger):
            let t = scale == .log ? log(x) : x
            if !isInteger {
                // A density on the parameter's scale (for a log scale: per unit of log x;
                // the factor 1/x would be the same in l and g and cancel in their ratio).
                for i in terms.indices { terms[i] += kernels[i].logDensity(t) }
            } else {
                // The integer's bin [x - 1/2, x + 1/2], on the parameter's scale.
                let left = scale == .log ? log(x - 0.5) : x - 0.5, right = scale == .log ? log(x + 0.5) : x + 0.5
                for i in terms.indices { terms[i] += kernels[i].logProbability(from: left, to: right) }
            }
        }
    }

    /// A draw from kernel `i`, in the parameter's units (integers rounded, choices as
    /// their position).
    func sample(kernel i: Int, _ rng: inout SeededGenerator) -> Double {
        switch self {
        case let .categorical(rows):
            return Double(ParzenEstimator.draw(rows[i], &rng))
        case let .numeric(kernels, scale, bounds, isInteger):
            let t = kernels[i].sample(&rng)
            let x = scale == .log ? exp(t) : t
            // Integers: the nearest one. Both: clamped, since exp(log(high)) can land one
            // rounding step outside the bounds.
            return min(max(isInteger ? x.rounded() : x, bounds.lowerBound), bounds.upperBound)
        }
    }
}
