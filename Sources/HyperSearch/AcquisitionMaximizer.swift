// AcquisitionMaximizer.swift
//
// What this file teaches: choosing the next point is itself an optimisation problem,
// and usually a multi-modal one (the acquisition has a bump wherever the GP is
// uncertain or promising). We solve it the way scikit-optimize and BoTorch do:
//
//   1. score many cheap candidates: random points of the cube, plus points scattered
//      closely around the best observations (where fine improvements hide);
//   2. take the best few as starting points and climb each with a bounded
//      quasi-Newton method, using the exact gradient of the acquisition;
//   3. snap the results to valid configurations (integers rounded, categories chosen),
//      re-score them, and keep the best one that has not been evaluated yet.
//
// The gradient comes from the chain rule: the acquisition a(mu, sigma) depends on x
// through the posterior mean mu(x) and standard deviation sigma(x), so
//   da/dx = (da/dmu) dmu/dx + (da/dsigma) dsigma/dx,
// with dmu/dx and dsigma/dx from `GaussianProcessRegressor.predictWithGradient`, and
// for expected improvement (maximising; signs flip for minimising):
//   dEI/dmu = Phi(z),  dEI/dsigma = phi(z)          (z = (mu - f* - xi) / sigma)
// probability of improvement:  dPI/dmu = phi(z) / sigma,  dPI/dsigma = -z phi(z) / sigma
// confidence bound mu + kappa sigma:  d/dmu = 1,  d/dsigma = kappa.

import GaussianProcesses
import LabMath

/// The acquisition value at a point and its partial derivatives with respect to the
/// posterior mean and standard deviation (larger values are better).
struct AcquisitionSlope {
    var value: Double
    var byMean: Double
    var byStandardDeviation: Double

    static func of(_ acquisition: AcquisitionFunction, mean: Double, standardDeviation: Double,
                   incumbent: Double, direction: OptimizationDirection, usesLogarithm: Bool = false) -> AcquisitionSlope {
        if usesLogarithm, case let .expectedImprovement(xi) = acquisition {
            let log = LogExpectedImprovement.evaluate(mean: mean, standardDeviation: standardDeviation,
                                                      incumbent: incumbent, xi: xi, direction: direction)
            return AcquisitionSlope(value: log.value, byMean: log.byMean, byStandardDeviation: log.byStandardDeviation)
        }
        let value = acquisition.evaluate(mean: mean, standardDeviation: standardDeviation, incumbent: incumbent,
                                         direction: direction)
        // +1 when larger means are better, -1 when smaller are.
        let sign: Double = direction == .maximize ? 1 : -1
        let sigma = max(standardDeviation, 0)
        switch acquisition {
        case let .expectedImprovement(xi), let .probabilityOfImprovement(xi):
            guard sigma > 0 else { return AcquisitionSlope(value: value, byMean: 0, byStandardDeviation: 0) }
            let delta = sign * (mean - incumbent) - xi
            let z = delta / sigma
            if case .expectedImprovement = acquisition {
                return AcquisitionSlope(value: value, byMean: sign * StandardNormal.cumulative(z),
                                        byStandardDeviation: StandardNormal.density(z))
            }
            let density = StandardNormal.density(z)
            return AcquisitionSlope(value: value, byMean: sign * density / sigma, byStandardDeviation: -z * density / sigma)
        case let .confidenceBound(kappa):
            return AcquisitionSlope(value: value, byMean: sign, byStandardDeviation: kappa)
        }
    }
}

/// Maximises an acquisition function over an encoded search space.
struct AcquisitionMaximizer {
    let encoding: SpaceEncoding
    let model: GaussianProcessRegressor
    let acquisition: AcquisitionFunction
    let incumbent: Double
    let direction: OptimizationDirection
    /// Score and climb log EI instead of EI (expected improvement only).
    var usesLogarithm = false

    /// The acquisition at many points at once (batch prediction).
    func scores(_ points: [[Double]]) throws -> [Double] {
        guard !points.isEmpty else { return [] }
        let matrix = Matrix(rows: points.count, columns: encoding.dimension, elements: points.flatMap { $0 })
        let prediction = try model.predict(matrix)
        guard usesLogarithm, case let .expectedImprovement(xi) = acquisition else {
            return acquisition.evaluate(prediction, incumbent: incumbent, direction: direction)
        }
        return prediction.mean.indices.map {
            LogExpectedImprovement.evaluate(mean: prediction.mean[$0], standardDeviation: prediction.standardDeviation[$0],
                                            incumbent: incumbent, xi: xi, direction: direction).value
        }
    }

    /// Climbs the acquisition from `start` over the continuous coordinates (one-hot
    /// blocks of categorical hyperparameters stay as they are), inside the unit cube.
    func refine(_ start: [Double]) throws -> [Double] {
        let free = continuousCoordinates
        guard !free.isEmpty else { return start }
        var point = start
        let startScore = try scores([start])[0]
        // The optimiser works best on values of order 1: divide by the starting score
        // (log EI is already of order 1-100, and may be negative: no scaling).
        let scale = !usesLogarithm && startScore > 0 ? startScore : 1
        // A start where log EI is -infinity (EI exactly 0) has no slope to follow.
        guard startScore.isFinite else { return start }
        let result = try BoundedQuasiNewton().minimize(
            from: free.map { start[$0] }, lower: free.map { _ in 0 }, upper: free.map { _ in 1 }) { x, gradient in
                for (k, i) in free.enumerated() { point[i] = x[k] }
                guard let p = try? model.predictWithGradient(at: point) else { return .infinity }
                let slope = AcquisitionSlope.of(acquisition, mean: p.mean, standardDeviation: p.standardDeviation,
                                                incumbent: incumbent, direction: direction, usesLogarithm: usesLogarithm)
                guard slope.value.isFinite else { return .infinity }
                let sigmaGradient = p.standardDeviationGradient
                // We minimise -a / scale, so the gradient is -(da/dx) / scale.
                for (k, i) in free.enumerated() {
                    gradient[k] = -(slope.byMean * p.meanGradient[i] + slope.byStandardDeviation * sigmaGradient[i]) / scale
                }
                return -slope.value / scale
            }
        for (k, i) in free.enumerated() { point[i] = result.point[k] }
        return point
    }

    /// The coordinates of real and integer hyperparameters.
    var continuousCoordinates: [Int] {
        encoding.space.parameters.indices.compactMap { i in
            if case .categorical = encoding.space.parameters[i].domain { return nil }
            return encoding.slices[i].lowerBound
        }
    }
}
