// BayesianRecommendation.swift
//
// What this file teaches: what the GP is fitted to, and which configuration to hand
// back at the end. Both questions are about noise. A cross-validated accuracy is the
// mean of k fold scores, so it comes with its own error bar: the squared standard
// error s^2 / k of that mean is a *known* noise variance for that one observation, and
// the GP can take it as such (heteroscedastic noise) instead of guessing one noise level
// for all. And when scores are noisy, the best observed score is biased: among twenty
// noisy scores the highest is likely the luckiest. The model's posterior mean averages
// a point's score with its neighbours', so the configuration with the best posterior
// mean is the better bet (the "best in-sample posterior mean" rule of BoTorch and Ax).

import GaussianProcesses
import LabMath

/// The configuration a Bayesian optimisation recommends, and why.
public struct BayesianRecommendation: Sendable {
    public let configuration: Configuration
    /// Its position among the observations (1-based, in the order they were observed).
    public let observation: Int
    /// The score it was observed with.
    public let observedScore: Double
    /// The rule that chose it (never `.automatic`: the one `.automatic` resolved to).
    public let rule: BayesianOptimization.RecommendationRule
    /// The model's posterior mean and standard deviation there, in the scores' units
    /// (nil when no model was fitted: fewer than two successful trials, or the best
    /// observation was asked for).
    public let predictedMean: Double?
    public let predictedStandardDeviation: Double?
}

extension BayesianOptimization {
    /// The squared standard error of a mean over folds, s^2 / k with the sample
    /// variance s^2 (k - 1 in the denominator); nil for fewer than two folds.
    static func standardErrorSquared(_ folds: [Double]?) -> Double? {
        guard let folds, folds.count >= 2 else { return nil }
        return Statistics.variance(folds, deltaDegreesOfFreedom: 1) / Double(folds.count)
    }

    /// Per observation, the known noise variance of its score (s^2 / k from its fold
    /// scores) in the scores' units, or nil when it reported no folds or failed.
    public var observationNoiseVariances: [Double?] { foldNoiseVariances }

    /// The scores the GP models: failed trials at the worst observed score.
    var modelTargets: [Double] {
        let worst = self.worst(of: zip(scores, succeeded).filter(\.1).map(\.0))
        return zip(scores, succeeded).map { $1 ? $0 : worst }
    }

    /// The worst of some modelled targets, by the searcher's direction.
    func worst(of targets: [Double]) -> Double {
        targets.dropFirst().reduce(targets[0]) { direction.isBetter($1, than: $0) ? $0 : $1 }
    }

    /// The GP's targets (transformed if the settings say so), the known noise variances
    /// in the same units (nil when no trial reported folds), and the transform.
    func modelData() -> (targets: [Double], noise: [Double]?, transform: PowerTransform?) {
        let raw = modelTargets
        let transform = settings.transformsScores ? PowerTransform(fittedTo: raw) : nil
        let targets = transform.map { t in raw.map(t.transform) } ?? raw
        guard settings.usesFoldNoise, foldNoiseVariances.contains(where: { $0 != nil }) else {
            return (targets, nil, transform)
        }
        // A variance in score units becomes derivative^2 times it in transformed units
        // (the delta method: psi(y + e) ~ psi(y) + psi'(y) e).
        let noise = zip(raw, foldNoiseVariances).map { y, variance -> Double in
            guard let variance else { return 0 }
            guard let transform else { return variance }
            let slope = transform.derivative(at: y)
            return slope * slope * variance
        }
        return (targets, noise, transform)
    }

    /// Expected improvement's incumbent f*, in the model's target units: the best
    /// posterior mean among the evaluated points (`incumbentIsBestPosteriorMean`) or
    /// the best observation.
    func incumbent(of fitted: GaussianProcessRegressor) throws -> Double {
        let successful = points.indices.filter { succeeded[$0] }
        if settings.incumbentIsBestPosteriorMean {
            let prediction = try fitted.predict(Matrix(rows: successful.count, columns: encoding.dimension,
                                                       elements: successful.flatMap { points[$0] }))
            return prediction.mean.dropFirst().reduce(prediction.mean[0]) { direction.isBetter($1, than: $0) ? $1 : $0 }
        }
        let targets = fitted.targets
        return successful.dropFirst().reduce(targets[successful[0]]) {
            direction.isBetter(targets[$1], than: $0) ? targets[$1] : $0
        }
    }

    /// The configuration to use after the search, chosen by `rule` (default: the
    /// settings' `recommendationRule`). The model is refitted to *every* observation for
    /// this (on a copy of the searcher's random stream, so asking changes nothing).
    ///
    /// - Returns: nil before any trial succeeded.
    /// - Throws: `GaussianProcessError` if the model cannot be fitted.
    public func recommendation(by rule: RecommendationRule? = nil) throws -> BayesianRecommendation? {
        let successful = points.indices.filter { succeeded[$0] }
        guard let first = successful.first else { return nil }
        var bestObserved = first
        for i in successful where direction.isBetter(scores[i], than: scores[bestObserved]) { bestObserved = i }
        let asked = rule ?? settings.recommendationRule
        func observed() -> BayesianRecommendation {
            BayesianRecommendation(configuration: encoding.decode(points[bestObserved]), observation: bestObserved + 1,
                                   observedScore: scores[bestObserved], rule: .bestObservation, predictedMean: nil,
                                   predictedStandardDeviation: nil)
        }
        let foldsShowNoise = settings.usesFoldNoise && foldNoiseVariances.contains { $0 != nil }
        guard asked == .posteriorMean || (asked == .automatic && foldsShowNoise), successful.count >= 2 else {
            return observed()
        }
        guard let fit = try fittedToEveryObservation() else { return observed() }
        let posterior = try Self.posterior(of: fit, at: successful.map { points[$0] })
        var best = 0
        for k in posterior.indices where direction.isBetter(posterior[k].mean, than: posterior[best].mean) {
            best = k
        }
        let index = successful[best]
        let (mean, sd) = posterior[best]
        return BayesianRecommendation(configuration: encoding.decode(points[index]), observation: index + 1,
                                      observedScore: scores[index], rule: .posteriorMean, predictedMean: mean,
                                      predictedStandardDeviation: sd)
    }

    /// The model `recommendation()` judges by: the GP refitted to *every* observation,
    /// on a copy of the searcher's random stream (so asking changes nothing), and the
    /// transform its targets went through (nil without one). It is the same model as the
    /// search's: with `.standard` its prior mean is the worst observation, so an
    /// evaluated point's posterior mean is shrunk toward the worst unless its neighbours
    /// confirm it, a cautious estimate that under noise picked better configurations than
    /// a neutral (average) prior mean did (measured on the benchmark's noisy variants:
    /// Branin 1.75 against 4.37, camel 1.15 against 1.25).
    ///
    /// - Returns: nil before two trials succeeded (nothing to fit).
    /// - Throws: `GaussianProcessError` if the model cannot be fitted.
    public func fittedToEveryObservation() throws -> (model: GaussianProcessRegressor, transform: PowerTransform?)? {
        guard succeeded.filter({ $0 }).count >= 2 else { return nil }
        var copy = self
        let fitted = try copy.fitModel()
        return (fitted, copy.scoreTransform)
    }

    /// The posterior mean and standard deviation of `fittedToEveryObservation()` at
    /// `configurations`, in the scores' units (what `recommendation()` reports as
    /// `predictedMean` and `predictedStandardDeviation`).
    ///
    /// - Returns: nil before two trials succeeded.
    /// - Throws: `SearchError.invalidArgument` for a configuration of another space
    ///   (other names), `GaussianProcessError` if the model cannot be fitted.
    public func posterior(at configurations: [Configuration]) throws -> [(mean: Double, standardDeviation: Double)]? {
        let names = space.parameters.map(\.name)
        if let stranger = configurations.first(where: { $0.names != names }) {
            throw SearchError.invalidArgument("posterior(at:): the configuration '\(stranger)' does not have this "
                                              + "space's hyperparameters (\(names.joined(separator: ", ")))")
        }
        guard let fit = try fittedToEveryObservation() else { return nil }
        return try Self.posterior(of: fit, at: configurations.map { encoding.encode($0) })
    }

    /// The posterior of a fitted model at points of the cube, in the scores' units. The
    /// transform is increasing, so its inverse maps the mean (and mean +- one sd) back in
    /// order; the sd is read off that interval.
    static func posterior(of fit: (model: GaussianProcessRegressor, transform: PowerTransform?),
                          at cubePoints: [[Double]]) throws -> [(mean: Double, standardDeviation: Double)] {
        guard let first = cubePoints.first else { return [] }
        let p = try fit.model.predict(Matrix(rows: cubePoints.count, columns: first.count,
                                             elements: cubePoints.flatMap { $0 }))
        return p.mean.indices.map { k in
            let mean = p.mean[k], sd = p.standardDeviation[k]
            guard let transform = fit.transform else { return (mean, sd) }
            return (transform.inverse(mean), (transform.inverse(mean + sd) - transform.inverse(mean - sd)) / 2)
        }
    }
}
