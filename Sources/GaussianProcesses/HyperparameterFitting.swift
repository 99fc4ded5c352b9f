// HyperparameterFitting.swift
//
// What this file teaches: "type II maximum likelihood" (R&W section 5.4.1). Instead of
// guessing the kernel's hyperparameters we pick those under which the observed targets
// were most probable: maximise log p(z | X, theta) over theta = log-hyperparameters,
// with the analytic gradient of MarginalLikelihoodGradient.swift and the box-constrained
// quasi-Newton method of BoundedQuasiNewton.swift.
//
// The marginal likelihood often has several local maxima (a short length scale with
// little noise "explains" the data by wiggling through it; a long one with much noise
// calls most of it noise). So we run the optimiser from several starting points and
// keep the best, as scikit-learn does with `n_restarts_optimizer`. The first start is a
// documented default; the others are drawn log-uniformly inside the bounds from the
// caller's SeededGenerator, so a seed reproduces the whole fit. From 500 observations
// on, the starts are run on a random subset first and only the different optima they
// reach are continued on all the data (RestartScreening.swift); LikelihoodProblem.swift
// runs the optimiser itself.

import LabMath
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The box the hyperparameters are fitted in (in their natural units; the optimiser
/// works with their logarithms). The defaults assume inputs scaled to the unit cube and
/// normalised targets (variance 1):
///
/// * signal variance in [1e-2, 1e3]. The targets have variance 1, so sigma_f^2 is
///   usually of order 1. Values well above 1 are needed when a length scale is long:
///   a zero-mean GP then needs a large amplitude to draw a trend across the cube
///   (Branin in the benchmark wants about 150). Below 1e-2 the model already says "this
///   is all noise".
/// * length scales in [1e-2, 1e2]. 0.01 is 1% of the cube's side, far below the spacing
///   of any realistic number of observations; shorter scales would only let the model
///   wiggle between points. At 100 the correlation across the whole cube is
///   exp(-1/(2 * 100^2)) > 0.9999: the dimension is switched off, and longer scales
///   would change nothing but the conditioning.
/// * noise variance in [1e-6, 1]. The upper end says all of the targets' variance is
///   noise. The lower end keeps K + sigma_n^2 I well conditioned (its smallest
///   eigenvalue is at least sigma_n^2), so deterministic objectives are modelled almost
///   as interpolation without needing jitter.
///
/// A range with equal ends *fixes* that hyperparameter (it is not optimised):
/// `HyperparameterBounds(noiseVariance: 1e-4...1e-4)` fits everything but the noise.
public struct HyperparameterBounds: Sendable, Equatable {
    public var signalVariance: ClosedRange<Double>
    /// The range for every length scale.
    public var lengthScale: ClosedRange<Double>
    public var noiseVariance: ClosedRange<Double>

    public init(signalVariance: ClosedRange<Double> = 1e-2...1e3, lengthScale: ClosedRange<Double> = 1e-2...1e2,
                noiseVariance: ClosedRange<Double> = 1e-6...1) {
        self.signalVariance = signalVariance
        self.lengthScale = lengthScale
        self.noiseVariance = noiseVariance
    }

    /// The defaults above, for inputs in the unit cube and normalised targets.
    public static let unitCube = HyperparameterBounds()

    /// Lower and upper bounds of `KernelHyperparameters.logVector` for d dimensions.
    func logBounds(dimensions d: Int) -> (lower: [Double], upper: [Double]) {
        let ranges = [signalVariance] + Array(repeating: lengthScale, count: d) + [noiseVariance]
        return (ranges.map { log($0.lowerBound) }, ranges.map { log($0.upperBound) })
    }

    func validate() throws {
        for (name, range) in [("signal variance", signalVariance), ("length scale", lengthScale),
                              ("noise variance", noiseVariance)] {
            guard range.lowerBound > 0 && range.upperBound.isFinite else {
                throw GaussianProcessError.invalidBounds(
                    "\(name) bounds must be positive and finite (log space), got \(range)")
            }
        }
    }
}

/// What happened during hyperparameter fitting: one entry per optimiser run on all the
/// data (and, when the restarts were screened, the runs on the subset in `screening`).
public struct HyperparameterFitReport: Sendable {
    /// One optimiser run.
    public struct Run: Sendable {
        /// Where the run started (before being clamped into the bounds).
        public var start: KernelHyperparameters
        /// Where it stopped.
        public var result: KernelHyperparameters
        /// log p(z | X) at `result` (normalised targets); with a prior, the objective
        /// that was maximised: log p(z | X) + log p(theta), up to the prior's constant.
        public var logMarginalLikelihood: Double
        public var iterations: Int
        public var evaluations: Int
        public var stopReason: QuasiNewtonStopReason
    }

    /// The runs on all the data in the order they were made: one per start (run 0 from
    /// the default start), or, when screened, one per continued optimum, best first.
    public var runs: [Run]
    /// The index of the run whose result was kept (highest likelihood; ties go to the
    /// first, so the order of runs, not luck, decides).
    public var bestRunIndex: Int
    /// Marginal-likelihood evaluations on all the data, over all runs: the cost of
    /// fitting (a screened fit adds `screening.totalEvaluations` cheap ones).
    public var totalEvaluations: Int { runs.reduce(0) { $0 + $1.evaluations } }

    /// When the starts were screened on a subset first (RestartScreening.swift): those
    /// runs, on the subset only. `runs` are then the continuations on all the data, each
    /// starting where a screened run stopped.
    public struct Screening: Sendable {
        /// The indices of the observations in the subset, ascending.
        public var subset: [Int]
        /// One run per start, on the subset (their likelihoods are the subset's).
        public var runs: [Run]
        /// Which screened runs were continued, best first: `runs[k]` of the report
        /// continues `runs[continued[k]]` here.
        public var continued: [Int]
        /// Evaluations on the subset, each about (subset / n)^3 of a full one.
        public var totalEvaluations: Int { runs.reduce(0) { $0 + $1.evaluations } }
    }

    /// Set when the starts were screened on a subset; nil for an ordinary fit.
    public var screening: Screening?

    public init(runs: [Run], bestRunIndex: Int, screening: Screening? = nil) {
        self.runs = runs
        self.bestRunIndex = bestRunIndex
        self.screening = screening
    }
}

extension GaussianProcessRegressor {
    /// Fits the kernel hyperparameters by maximising the log marginal likelihood
    /// (R&W section 5.4.1) from `restarts` starting points, then conditions the GP on
    /// the data with the best of them.
    ///
    /// - Parameters:
    ///   - inputs: X, n x d, ideally scaled to the unit cube (the bounds assume it).
    ///   - targets: y, n finite values.
    ///   - kernel: the covariance function.
    ///   - bounds: the box for the hyperparameters (equal ends fix one).
    ///   - restarts: the number of optimiser runs in total (>= 1): the first from
    ///     `firstStart`, the others from log-uniform random points. scikit-learn's
    ///     `n_restarts_optimizer = k` corresponds to `restarts: k + 1`.
    ///   - firstStart: the first run's starting point (clamped into the bounds); by
    ///     default `KernelHyperparameters.defaultStart`. A searcher that refits after
    ///     each new observation can pass the previous fit's result here (a warm start).
    ///   - normalizesTargets: as in `init`.
    ///   - observationNoiseVariances: known per-observation noise variances, as in `init`.
    ///   - priorMean: the constant prior mean, as in `init`.
    ///   - prior: priors on the hyperparameters (HyperparameterPrior.swift); with one,
    ///     the fit maximises log p(z | X, theta) + log p(theta) (MAP) instead of the
    ///     likelihood alone. Flat (`.none`) by default, as scikit-learn.
    ///   - optimizer: the optimiser's settings.
    ///   - screening: with many observations, run the starts on a random subset first
    ///     and continue each different optimum on all of them (RestartScreening.swift);
    ///     by default from 500 observations on, so the searchers' fits are unaffected.
    ///   - rng: draws the random starts: (restarts - 1) * (d + 2) uniform numbers, in
    ///     the order of `logVector`, one per entry even for fixed ones; then, only when
    ///     screening applies, the subset (`RestartScreening.subsetSize` integers).
    /// - Returns: the regressor at the best hyperparameters, with `fitReport` set.
    /// - Throws: `GaussianProcessError` for bad data, bounds or restarts.
    /// - Complexity: per evaluation O(n^2 d) + 2 n^3 / 3 multiply-adds (Cholesky and
    ///   K^-1); typically 20 to 90 evaluations per run.
    public static func fit(inputs: Matrix, targets: [Double], kernel: Kernel,
                           bounds: HyperparameterBounds = .unitCube, restarts: Int = 5,
                           firstStart: KernelHyperparameters? = nil, normalizesTargets: Bool = true,
                           observationNoiseVariances: [Double]? = nil, priorMean: Double? = nil,
                           prior: HyperparameterPrior = .none,
                           optimizer: BoundedQuasiNewton = BoundedQuasiNewton(),
                           screening: RestartScreening = .automatic,
                           rng: inout SeededGenerator) throws -> GaussianProcessRegressor {
        try validateTrainingData(inputs: inputs, targets: targets)
        try validateObservationNoise(observationNoiseVariances, count: targets.count)
        try bounds.validate()
        guard restarts >= 1 else {
            throw GaussianProcessError.invalidArgument("restarts must be at least 1, got \(restarts)")
        }
        let d = inputs.columns
        let start = firstStart ?? .defaultStart(dimensions: d)
        try start.validate(dimensions: d)
        let (lower, upper) = bounds.logBounds(dimensions: d)

        // Starting points: the default (or given) one first, then uniform in the log box.
        var starts = [start]
        for _ in 1..<restarts {
            let logVector = (0..<(d + 2)).map { i in lower[i] + (upper[i] - lower[i]) * rng.nextDouble() }
            starts.append(KernelHyperparameters(checkedLogVector: logVector))
        }

        if let priorMean, !priorMean.isFinite {
            throw GaussianProcessError.nonFiniteValue("the prior mean is \(priorMean)")
        }
        let normalization = try TargetNormalization(targets, enabled: normalizesTargets, priorMean: priorMean)
        let problem = LikelihoodProblem(
            inputs: inputs, normalizedTargets: targets.map(normalization.normalize), kernel: kernel,
            extraDiagonal: normalization.normalizeVariances(observationNoiseVariances),
            lower: lower, upper: upper, prior: prior, optimizer: optimizer)

        // With many observations, the starts are first run on a random subset and each
        // different optimum they reach is continued on all the data
        // (RestartScreening.swift).
        var runs: [HyperparameterFitReport.Run]
        var screened: HyperparameterFitReport.Screening?
        if screening.applies(observations: inputs.rows) {
            (runs, screened) = try screening.run(problem, from: starts, rng: &rng)
        } else {
            runs = try problem.optimize(from: starts)
        }
        // Safeguard: if no continuation could even be evaluated on all the data (K not
        // factorisable at any screened optimum, possible with bounds that allow a noise
        // far below the default floor), fall back to the restarts on all the data.
        if screened != nil && runs.allSatisfy({ $0.logMarginalLikelihood == -.infinity }) {
            runs = try problem.optimize(from: starts)
            screened = nil
        }

        // The best run; strict ">" keeps the first of equal ones. A run that could not
        // even start (K not factorisable) reports -infinity and never wins.
        var best = 0
        for (i, run) in runs.enumerated() where run.logMarginalLikelihood > runs[best].logMarginalLikelihood {
            best = i
        }
        var regressor = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: kernel,
                                                     hyperparameters: runs[best].result,
                                                     normalizesTargets: normalizesTargets,
                                                     observationNoiseVariances: observationNoiseVariances,
                                                     priorMean: priorMean)
        regressor.fitReport = HyperparameterFitReport(runs: runs, bestRunIndex: best, screening: screened)
        return regressor
    }
}
