// SummaryReport.swift
//
// What this file teaches: what Lesson 4 showed, point by point, and exercises whose
// answers can be checked. Each "Check:" quotes a number computed in this run (the
// searches the exercise asks for are run by ExerciseRuns.swift before the lesson
// ends), or a rule the printed numbers must obey. It only formats.

import Experiments
import HyperSearch
import LessonKit
import TextCharts

extension BayesLessonReport {
    /// The lesson's summary, from the run's numbers (the defaults' points come from
    /// `BayesDefaultsReport.summary`).
    ///
    /// - Parameters:
    ///   - kappas: step 3's LCB picks over kappa with the fixed hyperparameters.
    ///   - fittedJumps: whether the picks of step 1's fitted model jumped over kappa.
    ///   - learningRateWinner: step 5's best trial.
    static func summary(forresterRegret: Double, forresterTrials: Int, fittedLengthScale: Double,
                        kappas: PickJump, fittedJumps: Bool, learningRateWinner: Trial?,
                        comparison: PairedComparison?) -> [String] {
        var exploration = jumpPhrase(kappas, knob: "kappa").map {
            "with the hyperparameters fixed, the lower confidence bound's pick " + $0
        } ?? "with the hyperparameters fixed, no kappa up to 30 made the lower confidence bound's pick jump"
        exploration += fittedJumps ? "." : "; with the fitted length scale of step 1, no kappa up to 30 did."
        var points = [
            "A Gaussian process turns a few observations into a mean and an uncertainty everywhere; the acquisition "
                + "function turns those into the next trial.",
            "On the Forrester function, \(forresterTrials) trials ended \(gapText(forresterRegret)) above the global minimum.",
            "The length scale decides how far an observation's influence reaches; the marginal likelihood chose "
                + "\(Format.compact(fittedLengthScale)) for that data.",
            "Expected improvement = exploitation + exploration; " + exploration,
        ]
        if let best = learningRateWinner, let lr = best.configuration["learningRate"]?.number, let score = best.score {
            points.append("Tuned properly (the objective trains with the configuration it is given), the learning rate "
                          + "search chose \(Format.compact(lr)) at mean CV accuracy \(Format.fixed(score, 3)).")
        }
        if let c = comparison {
            points.append("Against \(c.firstName) with the same budget over \(Format.counted(c.pairings.count, "seed")), \(c.verdict).")
        }
        return points
    }
}

/// Lesson 4's exercises. The values they suggest always differ from this run's, so a
/// rerun shows a change.
enum BayesExercises {
    /// Exercise 1's guided steps on the Forrester function.
    static func moreIterations(than iterations: Int) -> Int {
        iterations < 10 ? 10 : (iterations < 30 ? min(30, iterations + 5) : 20)
    }

    /// Exercise 3's seed.
    static func otherSeed(than seed: UInt64) -> UInt64 { seed == 1 ? 2 : 1 }

    /// Exercise 3's referee: a third seed, neither this run's nor `otherSeed`'s, whose
    /// folds score both winners.
    static func refereeSeed(_ seed: UInt64, _ otherSeed: UInt64) -> UInt64 {
        seed != 2 && otherSeed != 2 ? 2 : 3
    }

    /// Exercise 4's guided trials per seed in step 7.
    static func moreGuided(than guided: Int) -> Int { guided == 0 ? 8 : 2 * guided }

    /// Each rerun's flags: this run's options except the one its exercise sets itself
    /// (exercise 3 sets the seed).
    static func rerunFlags(_ lesson: Lesson) -> (iterations: String, xi: String, seed: String, guided: String) {
        (lesson.rerunFlags(changing: ["iterations"]), lesson.rerunFlags(changing: ["xi"]),
         lesson.rerunFlags(withSeed: false), lesson.rerunFlags(changing: ["guided"]))
    }

    /// This run's numbers that the checks quote.
    struct Facts {
        /// Each rerun's flags: this run's options except the one its exercise sets itself.
        let again: (iterations: String, xi: String, seed: String, guided: String)
        /// Exercise 1: the initial design, the longer searches (old and new settings,
        /// same seed), and this run's gaps to the minimum after `evaluations`.
        let forresterInitial: Int, moreIterations: Int
        let continued: (old: MinimizationResult, new: MinimizationResult)
        let regrets: (old: Double, new: Double), evaluations: Int
        /// Exercise 2: expected improvement's picks over xi = 0, 0.1, ..., 10 (step 3's
        /// fixed model) and the best observation's x.
        let xiPicks: BayesLessonReport.PickJump, bestX: Double
        /// Exercise 3: the other seed's step 5 winner, its step 6 recommendations, this
        /// run's winner, and both winners scored with the referee seed.
        let otherSeed: UInt64, otherWinner: Trial?
        let rules: (luckiest: BayesianRecommendation, bestMean: BayesianRecommendation)?
        let thisWinner: Trial?, referee: UInt64, rescored: (this: Evaluation, other: Evaluation)?
        /// The rows the referee seed cuts into its folds (to count a lead in rows).
        let refereeRows: Int?
        /// Exercise 4: step 7's trials and curves.
        let moreGuided: Int, initial: Int, budget: Int, defaultBudget: Int
        let curves: BayesComparison.Curves
    }

    static func all(_ f: Facts) -> [Exercise] {
        func bestPoint(_ run: MinimizationResult) -> String {
            "x = \(Format.fixed(run.x[0], 4)) with f = \(Format.fixed(run.value, 4))"
        }
        let gap = { (run: MinimizationResult) in BayesLessonReport.gapText(run.value - TestFunctions.forresterMinimum) }
        // Without a jump, the pick either stays near the best observation or was away
        // from it already at xi = 0 (then expected improvement explores from the start).
        let startsAway = f.xiPicks.picks.first.map { abs($0 - f.bestX) > f.xiPicks.jumpDistance } ?? false
        let xiCheck = BayesLessonReport.jumpPhrase(f.xiPicks, knob: "xi").map { "the '(--xi)' row's next x " + $0 }
            ?? (startsAway
                ? "expected improvement already picks x = \(Format.fixed(f.xiPicks.picks[0], 3)) at xi = 0, "
                    + "\(Format.fixed(abs(f.xiPicks.picks[0] - f.bestX), 3)) from the best observation, x = "
                    + "\(Format.fixed(f.bestX, 3)), and the '(--xi)' row's next x never jumps for xi up to 10: for this "
                    + "seed it explores from the start, so there is no jump to find"
                : "the '(--xi)' row's next x never jumps for xi up to 10: it stays within "
                    + "\(Format.fixed(f.xiPicks.farthest(from: f.bestX), 3)) of the best observation, x = "
                    + "\(Format.fixed(f.bestX, 3))")
        // 4. Every table row up to this run's budget repeats: the largest shared checkpoint.
        let (initial, budget) = (f.initial, f.budget)
        let shared = BayesComparison.checkpoints(initial: initial, budget: initial + f.moreGuided,
                                                 defaultBudget: f.defaultBudget).filter { $0 <= budget }.max()
        let randomMedian = BayesComparison.Curves.median(f.curves.random)
        let bayesMedian = BayesComparison.Curves.median(f.curves.bayes)
        let repeatCheck = shared.map { t in
            "the first \(budget) trials of every run are this run's (same seeds, and no proposal depends on the "
                + "budget), so step 7's median table's row for trial \(t) reads random search "
                + "\(Format.fixed(randomMedian[t - 1], 3)) and Bayesian optimisation \(Format.fixed(bayesMedian[t - 1], 3)) "
                + "again; every change comes from trials \(budget + 1) to \(initial + f.moreGuided)."
        } ?? "the first \(budget) trials of every run are this run's; every change comes from the new trials."
        return [
            Exercise("Run with --iterations \(f.moreIterations)\(f.again.iterations). How close do the "
                     + "1-D searches get to the minimum -6.0207 with the old defaults (step 1) and the new (step 4)?",
                     check: "step 1 ends with \"After \(f.forresterInitial + f.moreIterations) evaluations the best point "
                        + "is \(bestPoint(f.continued.old))\", a gap of \(gap(f.continued.old)) (this run: "
                        + "\(BayesLessonReport.gapText(f.regrets.old)) after \(f.evaluations)); step 4 says \"the new "
                        + "defaults' is \(bestPoint(f.continued.new))\", a gap of \(gap(f.continued.new)) (this run: "
                        + "\(BayesLessonReport.gapText(f.regrets.new)))."),
            Exercise("Step 3 found the kappa at which the lower confidence bound's pick jumps away from the best "
                     + "observation. Find the same for expected improvement: try xi = 0.5, 1, 1.5, 2 with swift run "
                     + "Lesson4_BayesianOptimization --xi X\(f.again.xi), and watch the row "
                     + "marked (--xi).",
                     check: xiCheck + "."),
            Exercise("Rerun with --seed \(f.otherSeed)\(f.again.seed): step 5 searches the learning "
                     + "rate on another split, other folds and other initial weights. Does it find the same learning "
                     + "rate, do step 6's two rules agree, and is its winner really better or worse than this run's?",
                     check: NoisyScoresReport.otherSeedCheck(seed: f.otherSeed, winner: f.otherWinner, rules: f.rules,
                                                             thisWinner: f.thisWinner, referee: f.referee,
                                                             rescored: f.rescored,
                                                             validationRows: f.refereeRows)),
            Exercise("Give step 7's Bayesian optimisation more guided trials: swift run Lesson4_BayesianOptimization "
                     + "--guided \(f.moreGuided)\(f.again.guided). Before looking, predict which "
                     + "rows of its median table stay the same.",
                     check: repeatCheck),
            Exercise("Coding: write matern52, expectedImprovement, cholesky and gpPosterior (exercises 4.1 to 4.4 in "
                     + "Lessons/Exercises/Lesson4.swift): the kernel, the acquisition and R&W Algorithm 2.1 that this "
                     + "lesson ran.",
                     check: "swift run Check 4 says \"4 of 4 done\"; a wrong answer shows the input, the expected and "
                        + "your result, and a hint."),
        ]
    }
}
