// RestartScreening.swift
//
// What this file teaches: how to keep several optimiser restarts affordable when the
// data grow. One evaluation of the marginal likelihood costs about 2 n^3 / 3
// multiply-adds (the Cholesky factor and K^-1), so five restarts of 50 to 70
// evaluations each at n = 1,000 cost some 2e11 of them. Much of that is spent twice
// over: the long walk from a random start towards an optimum, and the restarts that
// end at the same optimum as an earlier one. Both can be had more cheaply.
//
// The idea is the multi-fidelity one of Lessons 6 and 7, with the number of
// observations as the fidelity:
//
//   1. Draw a random subset of m observations ("subset of datapoints", R&W section
//      8.3.3; Chalupka, Williams and Murray, JMLR 14, 2013, found it a strong baseline
//      among the approximations for large n). Where the data are plentiful, the
//      likelihood's optima on a random subset lie near those on all the data.
//   2. Run every restart on the subset: each evaluation costs (m / n)^3 of a full one,
//      1/125 at m = 200 and n = 1,000. The long walks happen here.
//   3. Merge the runs that ended at the same optimum, and continue each *different*
//      optimum on all n observations, starting where its run stopped. From there the
//      optimiser usually needs only the last few steps.
//   4. Keep the best continuation by its full-data likelihood, as `fit` always does.
//
// Why not continue only the subset's best (successive halving proper)? Because the
// subset can rank the optima differently from the full data: to 200 points a rugged
// function may look like a smooth trend plus noise, while 1,000 points resolve the
// ruggedness. On the screening study's Levy-4 at n = 1,000 (Benchmarks'
// GPScreeningStudy.swift) the subset's best was the "trend plus noise" optimum for every
// data seed, 48 to 149 nats below the full data's best (the study's "best only"
// column); continuing every different optimum came within 0.53 nats of it on all four.
// Screening drops duplicate runs and long walks, not the optima the subset found.

import LabMath

/// When and how `GaussianProcessRegressor.fit` screens its restarts on a subset.
///
/// `.automatic` screens from 500 observations on, with a subset of 200, continuing
/// every different optimum:
/// * 200 observations give 20 or more per hyperparameter up to 8 input dimensions
///   (d + 2 hyperparameters), and an evaluation on them costs 1/16 of one at n = 500
///   and 1/125 at n = 1,000;
/// * from n = 500 the subset is at most 40% of the data, where screening five runs of
///   50 to 70 subset evaluations costs less than a single continuation of 20 to 40 full
///   evaluations; below that it would save little;
/// * the study found one to four different optima among five restarts (its "optima"
///   column; one or two in 104 of 130 problems), so the continuations fill two cores.
/// `.off` runs every restart on all the data (the only way before). Lesson 4's fits and
/// the benchmarks' searches stay far below 500 observations: the default leaves them
/// as they were, bit for bit. A `BayesianOptimization` run that reaches 500
/// observations screens its refits too (its warm start is then walked on the subset
/// first, and the subset's draws change the random stream from there on).
public struct RestartScreening: Sendable, Equatable {
    /// Screen only when the data have at least this many observations.
    public var minimumObservations: Int
    /// m, the size of the random subset the restarts are screened on.
    public var subsetSize: Int
    /// At most this many screened runs, each at a different optimum, are continued on
    /// all the data (`Int.max`: every different optimum).
    public var maximumContinued: Int

    public init(minimumObservations: Int, subsetSize: Int, maximumContinued: Int = .max) {
        self.minimumObservations = minimumObservations
        self.subsetSize = subsetSize
        self.maximumContinued = maximumContinued
    }

    /// From 500 observations, a subset of 200, every different optimum continued.
    public static let automatic = RestartScreening(minimumObservations: 500, subsetSize: 200)
    /// Never screen: every restart runs on all the data.
    public static let off = RestartScreening(minimumObservations: .max, subsetSize: 0)

    /// Two screened runs ended at the same optimum when every log-hyperparameter differs
    /// by less than `samePoint` (10%) *and* their likelihoods by less than
    /// `sameLikelihood` nats. Both are needed: different optima can have nearly equal
    /// likelihoods, and runs stopped along a flat ridge (the noise variance, a switched-
    /// off length scale) can lie far apart; the optimiser stops when a step gains too
    /// little, not at a fixed distance from the optimum. A pair that fails either test
    /// is continued twice, which costs time but never loses an optimum.
    static let samePoint = 0.1
    static let sameLikelihood = 0.01

    /// True when a fit with `observations` points should screen: enough data, a subset
    /// smaller than the data, and at least one run to continue.
    func applies(observations: Int) -> Bool {
        observations >= minimumObservations && subsetSize >= 2 && subsetSize < observations
            && maximumContinued >= 1
    }

    /// Steps 1-3 above: runs `starts` on a random subset of `problem`'s data, then
    /// continues each different optimum they found (at most `maximumContinued`, best
    /// first) on all of it.
    ///
    /// - Returns: the continued runs (on all the data, best screened first) and the
    ///   screening's report.
    /// - Complexity: about `starts.count` x 60 evaluations of (2/3) m^3 multiply-adds,
    ///   then per different optimum tens of evaluations of (2/3) n^3 (in the study 7 to
    ///   189 for all the continuations of a fit together, where five runs from the
    ///   starts on all the data took 209 to 528).
    func run(_ problem: LikelihoodProblem, from starts: [KernelHyperparameters],
             rng: inout SeededGenerator) throws -> ([HyperparameterFitReport.Run], HyperparameterFitReport.Screening) {
        // Step 1: m distinct observations, kept in their original order (sorted), so that
        // the subset problem is laid out as the data are.
        let subset = rng.sampleWithoutReplacement(subsetSize, from: problem.inputs.rows).sorted()
        // Step 2: every start on the subset.
        let screenedRuns = try problem.restricted(to: subset).optimize(from: starts)
        // Step 3: the runs by the subset's likelihood, best first (ties to the earlier
        // start, as in `fit`; a run that could not start reports -infinity, comes last
        // and is continued only if no run could start) ...
        let ranking = screenedRuns.indices.sorted { a, b in
            let (la, lb) = (screenedRuns[a].logMarginalLikelihood, screenedRuns[b].logMarginalLikelihood)
            return la > lb || (la == lb && a < b)
        }
        // ... skipping runs that ended at an optimum already chosen: restarts often end
        // at the same point (all five on the gp-fit-predict cases' data), and continuing
        // it twice would repeat the same steps.
        var continued: [Int] = []
        for index in ranking where continued.count < maximumContinued {
            let run = screenedRuns[index]
            let seen = continued.contains { Self.endedTogether(screenedRuns[$0], run) }
            if (!seen && run.logMarginalLikelihood > -.infinity) || continued.isEmpty { continued.append(index) }
        }
        let runs = try problem.optimize(from: continued.map { screenedRuns[$0].result })
        return (runs, HyperparameterFitReport.Screening(subset: subset, runs: screenedRuns, continued: continued))
    }

    /// True when two runs stopped at the same optimum (see `samePoint`).
    static func endedTogether(_ a: HyperparameterFitReport.Run, _ b: HyperparameterFitReport.Run) -> Bool {
        guard abs(a.logMarginalLikelihood - b.logMarginalLikelihood) < sameLikelihood else { return false }
        return zip(a.result.logVector, b.result.logVector).allSatisfy { abs($0 - $1) < samePoint }
    }
}
