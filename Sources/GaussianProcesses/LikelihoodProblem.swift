// LikelihoodProblem.swift
//
// What this file teaches: what one maximisation of the marginal likelihood needs (the
// data, the kernel, the box, the prior, the optimiser) and how its runs from several
// starts share two cores without changing a bit of the result. HyperparameterFitting's
// `fit` hands it all the data; RestartScreening hands it a subset first.

import LabMath

/// Everything one maximisation of the marginal likelihood needs, for a given data set:
/// the optimiser runs from a list of starts (HyperparameterFitting's `fit` on all the
/// data; RestartScreening on a subset first).
struct LikelihoodProblem {
    var inputs: Matrix
    var normalizedTargets: [Double]
    var kernel: Kernel
    /// Known noise variances in normalised units, or nil.
    var extraDiagonal: [Double]?
    /// The log box of `KernelHyperparameters.logVector`.
    var lower: [Double], upper: [Double]
    var prior: HyperparameterPrior
    var optimizer: BoundedQuasiNewton

    /// The same problem on the observations at `indices` only.
    func restricted(to indices: [Int]) -> LikelihoodProblem {
        var copy = self
        copy.inputs = inputs.rows(at: indices)
        copy.normalizedTargets = indices.map { normalizedTargets[$0] }
        copy.extraDiagonal = extraDiagonal.map { noise in indices.map { noise[$0] } }
        return copy
    }

    /// One optimiser run per start, in the order of `starts`.
    ///
    /// Runs share nothing but read-only inputs, so they can run on two cores at once:
    /// each core gets its own evaluator, every run is computed exactly as it would be
    /// alone, and the caller chooses the best in the fixed order of the starts, so the
    /// fitted model does not depend on the timing.
    func optimize(from starts: [KernelHyperparameters]) throws -> [HyperparameterFitReport.Run] {
        var outcomes = [Result<HyperparameterFitReport.Run, Error>?](repeating: nil, count: starts.count)
        outcomes.withUnsafeMutableBufferPointer { slots in
            runSplittingAcrossTwoCores(count: starts.count, splitAt: (starts.count + 1) / 2,
                                       worthSplitting: starts.count > 1) { range in
                let evaluator = MarginalLikelihoodEvaluator(
                    inputs: inputs, normalizedTargets: normalizedTargets, kernel: kernel,
                    extraDiagonal: extraDiagonal)
                for index in range { slots[index] = Result { try optimize(from: starts[index], with: evaluator) } }
            }
        }
        return try outcomes.map { try $0!.get() }
    }

    /// One optimiser run from one start.
    private func optimize(from startPoint: KernelHyperparameters,
                          with evaluator: MarginalLikelihoodEvaluator) throws -> HyperparameterFitReport.Run {
        let count = lower.count
        // The optimiser only sees the free entries (lower < upper); fixed ones stay at
        // their bound. This keeps its Hessian approximation free of dead directions.
        let free = (0..<count).filter { lower[$0] < upper[$0] }
        var fullGradient = [Double](repeating: 0, count: count)
        // Clamp the start into the box (a default outside the caller's bounds).
        let startVector = startPoint.logVector
        var full = (0..<count).map { min(max(startVector[$0], lower[$0]), upper[$0]) }
        let before = evaluator.evaluationCount
        let result = try optimizer.minimize(from: free.map { full[$0] }, lower: free.map { lower[$0] },
                                            upper: free.map { upper[$0] }) { reduced, gradient in
            for (k, i) in free.enumerated() { full[i] = reduced[k] }
            // We *minimise* the negative log marginal likelihood (plus log prior).
            var value = evaluator.evaluate(KernelHyperparameters(checkedLogVector: full), gradient: &fullGradient)
            if !prior.isFlat && value.isFinite { value += prior.addLogDensity(at: full, gradient: &fullGradient) }
            for (k, i) in free.enumerated() { gradient[k] = -fullGradient[i] }
            return value.isFinite ? -value : .infinity
        }
        for (k, i) in free.enumerated() { full[i] = result.point[k] }
        return HyperparameterFitReport.Run(
            start: startPoint, result: KernelHyperparameters(checkedLogVector: full),
            logMarginalLikelihood: -result.value, iterations: result.iterations,
            evaluations: evaluator.evaluationCount - before, stopReason: result.stopReason)
    }
}
