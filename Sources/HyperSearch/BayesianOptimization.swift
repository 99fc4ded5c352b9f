// BayesianOptimization.swift
//
// What this file teaches: Bayesian optimisation, the article's fourth method, as a
// searcher like the others. It spends its first `initPoints` trials on a space-filling
// design (a Latin hypercube), then, for each of the `nIter` guided trials:
//
//   1. fit a Gaussian process to every (configuration, score) seen so far, in the unit
//      cube, with its kernel hyperparameters (and noise) chosen by marginal likelihood;
//   2. ask it, for every untried configuration, what it expects (mean) and how unsure it
//      is (standard deviation);
//   3. turn that into an acquisition value that rewards both, and evaluate the
//      configuration where it is largest (AcquisitionMaximizer.swift).
//
// The names `initPoints` and `nIter` are those of the bayes_opt library the first
// article uses. Unlike the article's example, the objective here really trains the
// network with the configuration it is given.
//
// Trials that diverge or fail still teach something: they are given the worst score
// observed so far, so the model learns to avoid that region (and says how many were
// treated that way). A configuration already evaluated is never proposed again.

import GaussianProcesses
import LabMath

/// What the searcher did and saw when it proposed one configuration.
public struct BayesianOptimizationStep: Sendable {
    /// 1-based position of the proposal.
    public let number: Int
    /// True for the initial (space-filling) design, false for model-guided proposals.
    public let isInitialDesign: Bool
    public let configuration: Configuration
    /// For guided proposals: the fitted kernel hyperparameters (in the cube and in
    /// normalised target units), the incumbent, the acquisition value of the chosen
    /// point, the posterior there, and expected improvement's two terms.
    public let hyperparameters: KernelHyperparameters?
    public let incumbent: Double?
    public let acquisitionValue: Double?
    public let predictedMean: Double?
    public let predictedStandardDeviation: Double?
    public let expectedImprovement: ExpectedImprovementTerms?
    /// A sentence when the GP needed jitter.
    public let jitterNote: String?
}

/// Bayesian optimisation with a Gaussian-process surrogate.
///
/// ```swift
/// var bo = try BayesianOptimization(space: space, direction: .maximize, nIter: 15, seed: 42)
/// var tuner = try Tuner(searcher: bo, objective: objective, budget: .trials(bo.initPoints + 15))
/// let best = try tuner.run()
/// let pick = try (tuner.searcher as! BayesianOptimization).recommendation()
/// ```
public struct BayesianOptimization: Searcher {
    public let name = "Bayesian optimisation"
    public let space: SearchSpace
    /// The direction of the objective it is paired with (checked by the tuner).
    public let direction: OptimizationDirection
    public let initPoints: Int
    public let nIter: Int
    /// The model, acquisition and optimiser choices (BayesianOptimizationSettings.swift).
    public var settings: Settings

    /// How the next point is scored (see `Settings.acquisition`).
    public var acquisition: AcquisitionFunction {
        get { settings.acquisition }
        set { settings.acquisition = newValue }
    }
    public var kernel: Kernel {
        get { settings.kernel }
        set { settings.kernel = newValue }
    }
    /// Random candidates scored before the best few are refined.
    public var candidateCount: Int {
        get { settings.candidateCount }
        set { settings.candidateCount = newValue }
    }
    /// Candidates refined by gradient ascent.
    public var refinements: Int {
        get { settings.refinements }
        set { settings.refinements = newValue }
    }
    /// Marginal-likelihood restarts per fit (the first warm-started from the last fit).
    public var fitRestarts: Int {
        get { settings.fitRestarts }
        set { settings.fitRestarts = newValue }
    }
    /// The box the kernel hyperparameters are fitted in (unit-cube inputs, normalised
    /// scores). A fitted value on an edge of this box is worth reporting: it means the
    /// data wanted to go further.
    public var hyperparameterBounds: HyperparameterBounds {
        get { settings.hyperparameterBounds }
        set { settings.hyperparameterBounds = newValue }
    }

    public let encoding: SpaceEncoding
    var rng: SeededGenerator
    private var initialDesign: [[Double]]
    var points: [[Double]] = []
    var scores: [Double] = []
    var succeeded: [Bool] = []
    /// Per trial: the squared standard error of its mean over folds, when reported.
    var foldNoiseVariances: [Double?] = []
    private var lastHyperparameters: KernelHyperparameters?
    /// Every proposal so far, with what the searcher knew when it made it.
    public private(set) var steps: [BayesianOptimizationStep] = []
    /// The last fitted model (nil until the first guided proposal). It was fitted to
    /// `modelTargets` before the latest proposal: it has not seen the last observation
    /// (`recommendation()` refits on all of them). With `settings.transformsScores` its
    /// targets are the transformed scores (`scoreTransform`).
    public private(set) var model: GaussianProcessRegressor?
    /// The transform the last model's targets went through (nil without one).
    public private(set) var scoreTransform: PowerTransform?

    /// - Parameters:
    ///   - direction: must match the objective's (the tuner checks).
    ///   - initPoints: the size of the space-filling initial design; by default
    ///     `defaultInitialPoints(dimensions:)`, max(5, 2 d) for a d-dimensional cube.
    ///   - nIter: the number of guided trials.
    ///   - acquisition, kernel: override `settings.acquisition` and `settings.kernel`
    ///     (nil keeps the settings' choice: expected improvement with xi = 0 and Matern
    ///     5/2 in both `standard` and `legacy`).
    ///   - settings: `.standard` (the documented defaults) or `.legacy` (the first ones).
    /// - Throws: `SearchError.invalidArgument` for initPoints < 1 or nIter < 0.
    public init(space: SearchSpace, direction: OptimizationDirection, initPoints: Int? = nil, nIter: Int,
                acquisition: AcquisitionFunction? = nil, kernel: Kernel? = nil, settings: Settings = .standard,
                seed: UInt64) throws {
        let encoding = SpaceEncoding(space: space)
        let initial = initPoints ?? Self.defaultInitialPoints(dimensions: encoding.dimension)
        guard initial >= 1, nIter >= 0 else {
            throw SearchError.invalidArgument("Bayesian optimisation needs initPoints >= 1 and nIter >= 0 (got \(initial), \(nIter))")
        }
        self.space = space
        self.direction = direction
        self.initPoints = initial
        self.nIter = nIter
        self.settings = settings
        if let acquisition { self.settings.acquisition = acquisition }
        if let kernel { self.settings.kernel = kernel }
        self.encoding = encoding
        self.rng = SeededGenerator(seed: seed)
        self.initialDesign = encoding.latinHypercube(initial, &rng)
    }

    public var modeledDirection: OptimizationDirection? { direction }

    /// Diverged or failed trials given the worst observed score.
    public var penalizedTrials: Int { succeeded.filter { !$0 }.count }

    public mutating func suggest() throws -> Configuration? {
        guard steps.count < initPoints + nIter else { return nil }
        let number = steps.count + 1
        // Initial design, and also while no trial has succeeded (nothing to model yet).
        if steps.count < initPoints || !succeeded.contains(true) {
            let u = steps.count < initialDesign.count ? initialDesign[steps.count] : encoding.randomPoint(&rng)
            guard let point = firstUnevaluated([encoding.snap(u)]) ?? randomUnevaluated() else { return nil }
            let step = BayesianOptimizationStep(number: number, isInitialDesign: true, configuration: encoding.decode(point),
                                                hyperparameters: nil, incumbent: nil, acquisitionValue: nil,
                                                predictedMean: nil, predictedStandardDeviation: nil,
                                                expectedImprovement: nil, jitterNote: nil)
            steps.append(step)
            return step.configuration
        }
        let fitted = try fitModel()
        model = fitted
        let incumbent = try self.incumbent(of: fitted)
        let scale = fitted.targetScale
        // xi in the modelled targets' own units (see `Settings.acquisition`).
        let scaledAcquisition: AcquisitionFunction
        switch acquisition {
        case let .expectedImprovement(xi): scaledAcquisition = .expectedImprovement(xi: xi * scale)
        case let .probabilityOfImprovement(xi): scaledAcquisition = .probabilityOfImprovement(xi: xi * scale)
        case .confidenceBound: scaledAcquisition = acquisition
        }
        let maximizer = AcquisitionMaximizer(encoding: encoding, model: fitted, acquisition: scaledAcquisition,
                                             incumbent: incumbent, direction: direction,
                                             usesLogarithm: settings.optimizesLogAcquisition)
        guard let (point, value) = try bestProposal(maximizer) else { return nil }
        let p = try fitted.predict(Matrix(rows: 1, columns: encoding.dimension, elements: point))
        var terms: ExpectedImprovementTerms?
        if case let .expectedImprovement(xi) = scaledAcquisition {
            terms = AcquisitionFunction.expectedImprovementTerms(mean: p.mean[0], standardDeviation: p.standardDeviation[0],
                                                                 incumbent: incumbent, xi: xi, direction: direction)
        }
        let step = BayesianOptimizationStep(number: number, isInitialDesign: false, configuration: encoding.decode(point),
                                            hyperparameters: fitted.hyperparameters, incumbent: incumbent,
                                            acquisitionValue: value, predictedMean: p.mean[0],
                                            predictedStandardDeviation: p.standardDeviation[0],
                                            expectedImprovement: terms, jitterNote: fitted.jitterNote)
        steps.append(step)
        return step.configuration
    }

    public mutating func observe(_ trial: Trial) {
        points.append(encoding.encode(trial.configuration))
        foldNoiseVariances.append(trial.score == nil ? nil : Self.standardErrorSquared(trial.evaluation.foldScores))
        if let score = trial.score {
            scores.append(score)
            succeeded.append(true)
        } else {
            // A placeholder for now; `modelTargets` gives it the worst score observed.
            scores.append(.nan)
            succeeded.append(false)
        }
    }

    public var exhaustionNote: String? {
        steps.count >= initPoints + nIter ? "all \(initPoints) initial and \(nIter) guided trials were proposed"
            : "every configuration of the space has been evaluated"
    }

    /// Fits the GP to the observations: kernel hyperparameters and noise by marginal
    /// likelihood (MAP with the settings' prior), warm-started from the previous fit.
    mutating func fitModel() throws -> GaussianProcessRegressor {
        let inputs = Matrix(rows: points.count, columns: encoding.dimension, elements: points.flatMap { $0 })
        let (targets, noise, transform) = modelData()
        var prior: HyperparameterPrior = settings.usesDimensionScaledPrior
            ? .dimensionScaled(dimensions: encoding.dimension) : .none
        prior.noiseVariance = settings.noiseVariancePrior
        let fitted = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: kernel,
                                                      bounds: hyperparameterBounds, restarts: fitRestarts,
                                                      firstStart: lastHyperparameters, observationNoiseVariances: noise,
                                                      priorMean: settings.priorMeanIsWorstObservation ? worst(of: targets) : nil,
                                                      prior: prior, rng: &rng)
        lastHyperparameters = fitted.hyperparameters
        scoreTransform = transform
        return fitted
    }

    /// The best unevaluated, valid point by the acquisition, and its value.
    private mutating func bestProposal(_ maximizer: AcquisitionMaximizer) throws -> ([Double], Double)? {
        // 1. Candidates: random points, and points close to the best observations.
        var candidates = (0..<candidateCount).map { _ in encoding.randomPoint(&rng) }
        let order = points.indices.filter { succeeded[$0] }.sorted {
            direction.isBetter(scores[$0], than: scores[$1]) || (scores[$0] == scores[$1] && $0 < $1)
        }
        let continuous = maximizer.continuousCoordinates
        for index in order.prefix(3) {
            for _ in 0..<(candidateCount / 16) {
                var u = points[index]
                for j in continuous { u[j] = min(max(u[j] + 0.03 * rng.nextNormal(), 0), 1) }
                candidates.append(u)
            }
        }
        let candidateScores = try maximizer.scores(candidates)
        // 2. Refine the best few (ties broken by position, so the choice is deterministic).
        let ranked = candidates.indices.sorted {
            candidateScores[$0] > candidateScores[$1] || (candidateScores[$0] == candidateScores[$1] && $0 < $1)
        }
        var finalists: [[Double]] = []
        for index in ranked.prefix(refinements) {
            finalists.append(encoding.snap(try maximizer.refine(candidates[index])))
        }
        // 3. Snap, re-score, and keep the best point not evaluated yet; fall back to the
        // ranked candidates, then to any unevaluated point.
        finalists += ranked.prefix(200).map { encoding.snap(candidates[$0]) }
        let finalScores = try maximizer.scores(finalists)
        let bestFirst = finalists.indices.sorted {
            finalScores[$0] > finalScores[$1] || (finalScores[$0] == finalScores[$1] && $0 < $1)
        }
        if let index = bestFirst.first(where: { !isEvaluated(finalists[$0]) }) {
            return (finalists[index], finalScores[index])
        }
        guard let point = randomUnevaluated() else { return nil }
        return (point, try maximizer.scores([point])[0])
    }

    private func isEvaluated(_ u: [Double]) -> Bool {
        points.contains(u) || steps.contains { encoding.encode($0.configuration) == u }
    }

    private func firstUnevaluated(_ candidates: [[Double]]) -> [Double]? {
        candidates.first { !isEvaluated($0) }
    }

    /// A random valid point not evaluated yet (nil after many misses: the space is
    /// probably exhausted).
    private mutating func randomUnevaluated() -> [Double]? {
        for _ in 0..<10_000 {
            let u = encoding.snap(encoding.randomPoint(&rng))
            if !isEvaluated(u) { return u }
        }
        return nil
    }
}
