// ExerciseRuns.swift
//
// What this file holds: the searches Lesson 4's exercises ask for, run before the
// lesson ends so that each "Check:" quotes a number computed in this run. 1: step 1's
// Forrester searches, continued (their first trials repeat). 2: where expected
// improvement's pick jumps as xi grows (step 3 computed it). 3: another seed's
// learning-rate search, its two recommendations, and both winners scored on a third
// seed's folds, which neither search chose on. 4 reads step 7's curves. The checks'
// sentences are in SummaryReport.swift.

import Experiments
import HyperSearch
import LessonKit

extension BayesExercises {
    /// The exercises with their checks, from this run's results and the searches above.
    ///
    /// - Parameters:
    ///   - regrets: step 1's and step 4's gaps to the Forrester minimum, after
    ///     `evaluations` evaluations.
    ///   - learningRateTuning, learningRateTuner: step 5's network on a seed and its
    ///     search; `winner`: step 5's best trial.
    ///   - initial, budget, defaultGuided, curves: step 7's.
    static func run(_ lesson: Lesson, forresterSearch: ForresterSearch, iterations: Int,
                    regrets: (old: Double, new: Double), evaluations: Int, exploration: ForresterSteps.Exploration,
                    learningRateSpace lrSpace: SearchSpace, learningRateTuning: NetworkOnSeed,
                    learningRateTuner: (NetworkTuning) throws -> Tuner, winner: Trial?, guided: Int,
                    initial: Int, budget: Int, defaultGuided: Int, curves: BayesComparison.Curves) throws
        -> [Exercise] {
        let seed = lesson.arguments.seed
        let more = moreIterations(than: iterations)
        let continued = try [BayesianOptimization.Settings.legacy, .standard].map {
            try forresterSearch(seed: seed, guided: more, settings: $0)
        }
        let otherSeed = BayesExercises.otherSeed(than: seed)
        var otherTuner = try learningRateTuner(try learningRateTuning(seed: otherSeed))
        let other = try otherTuner.run()
        var otherModel = try BayesianOptimization(space: lrSpace, direction: .maximize, initPoints: 1, nIter: 0,
                                                  settings: .standard, seed: otherSeed)
        for trial in other.trials { otherModel.observe(trial) }
        let rules = try otherModel.recommendation(by: .bestObservation).flatMap { luckiest in
            try otherModel.recommendation().map { (luckiest: luckiest, bestMean: $0) }
        }
        let referee = BayesExercises.refereeSeed(seed, otherSeed)
        let refereeTuning = try learningRateTuning(seed: referee)
        let refereeObjective = refereeTuning.objective()
        let rescored = winner.flatMap { mine in other.best.map { theirs in
            (this: refereeObjective.evaluate(mine.configuration),
             other: refereeObjective.evaluate(theirs.configuration))
        } }
        return all(.init(
            again: rerunFlags(lesson), forresterInitial: forresterSearch.initial, moreIterations: more,
            continued: (continued[0], continued[1]), regrets: regrets, evaluations: evaluations,
            xiPicks: exploration.xiPicks, bestX: exploration.bestX, otherSeed: otherSeed, otherWinner: other.best,
            rules: rules, thisWinner: winner, referee: referee, rescored: rescored,
            refereeRows: refereeTuning.training.count, moreGuided: moreGuided(than: guided),
            initial: initial, budget: budget, defaultBudget: initial + defaultGuided, curves: curves))
    }
}
