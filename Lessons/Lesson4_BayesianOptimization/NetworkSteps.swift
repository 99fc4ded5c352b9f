// NetworkSteps.swift
//
// What this file holds (steps 5 to 7 of Lesson 4): the bookkeeping around main.swift's
// code cells on the Pima network, so that main.swift reads as the notebook's outline.
// The network on a seed's split and folds, the article's objective shown, the pictures
// after the learning-rate search, step 6's table, band and stories, and step 7's
// chart, tables and slice. The sentences and tables come from the *Report.swift files
// and BayesComparison.swift.

import Experiments
import GaussianProcesses
import HyperSearch
import LabData
import LessonKit

/// The network tuned on a seed's split (a fifth held out for testing), 3 folds and
/// initial weights, with `defaults` for the settings a search leaves alone.
struct NetworkOnSeed {
    let dataset: Dataset
    let defaults: NetworkSettings

    func callAsFunction(seed: UInt64) throws -> NetworkTuning {
        try NetworkTuning(dataset: dataset, testFraction: 0.2, folds: 3, defaults: defaults, seed: seed)
    }
}

/// The objective of `network` on a seed: step 7's and step 8's searches tune it.
struct ObjectiveOnSeed {
    let network: NetworkOnSeed

    func callAsFunction(seed: UInt64) throws -> Objective { try network(seed: seed).objective() }
}

enum NetworkSteps {
    /// Step 5's opening: the article's objective run as written (5 evaluations, weights
    /// from stream 2) and what is wrong with it. Returns the values it gave.
    static func showArticleObjective(_ lesson: Lesson, _ tuning: NetworkTuning) throws -> [Double] {
        lesson.say(BayesLessonReport.articleBugStory)
        var articleRng = lesson.generator(stream: 2)
        let articleValues = try ArticleObjective.untrainedTestScores(tuning, count: 5, rng: &articleRng)
        lesson.say(BayesLessonReport.constantObjectiveStory(values: articleValues))
        return articleValues
    }

    /// Step 5 after the learning-rate search: the last proposal's picture, its notes
    /// (a flat acquisition, the fitted noise against the folds) and the best trial.
    static func showLearningRateSearch(_ lesson: Lesson, _ tuner: Tuner, _ result: SearchResult,
                                       grid: [Double]) throws {
        if let searcher = tuner.searcher as? BayesianOptimization,
           let picture = try GaussianProcessPictures.lastProposalBand(searcher, grid: grid) {
            lesson.show(picture)
            let spreads = result.trials.compactMap(\.foldSpread)
            for note in try BayesLessonReport.learningRateNotes(searcher, grid: grid, foldSpreads: spreads) {
                lesson.say(note)
            }
        }
        if let sentence = NoisyScoresReport.bestLearningRateSentence(result.best) { lesson.say(sentence) }
    }

    /// Step 6 after its cell: each trial's standard error and both posteriors, the new
    /// model's band on `grid`, the shared noise each model fits, and the two rules.
    static func showNoisyScores(_ lesson: Lesson, trials: [Trial], noiseVariances: [Double?],
                                old: BayesianOptimization, new: BayesianOptimization,
                                posteriors: (old: [(mean: Double, standardDeviation: Double)],
                                             new: [(mean: Double, standardDeviation: Double)]),
                                recommendations: (luckiest: BayesianRecommendation, bestMean: BayesianRecommendation),
                                grid: [Double], validationRows: Int?) throws {
        let noiseRows = try NoisyScoresReport.rows(trials, noiseVariances: noiseVariances,
                                                   old: posteriors.old, new: posteriors.new)
        lesson.show(NoisyScoresReport.table(noiseRows))
        let gridConfigurations = grid.map { new.encoding.decode([$0]) }
        let gridPosterior = try new.posterior(at: gridConfigurations)!
        lesson.show(try NoisyScoresReport.band(gridPosterior, at: gridConfigurations, rows: noiseRows))
        // Each model refitted to all the trials: the shared noise variance it fits.
        let noises = try [old, new].map { try $0.fittedToEveryObservation()!.model.hyperparameters.noiseVariance }
        lesson.say(NoisyScoresReport.noiseStory(noiseRows, oldNoise: noises[0],
                                                oldBounds: old.hyperparameterBounds.noiseVariance,
                                                newNoise: noises[1], newBounds: new.hyperparameterBounds.noiseVariance))
        lesson.say(NoisyScoresReport.ruleStory(recommendations.bestMean.rule))
        lesson.say(NoisyScoresReport.recommendationStory(luckiest: recommendations.luckiest,
                                                         bestMean: recommendations.bestMean, rows: noiseRows,
                                                         folds: trials.map(\.evaluation.foldScores),
                                                         validationRows: validationRows))
    }

    /// Step 7 after its cell: the median curves and table, the sign test, and the first
    /// seed's model sliced through its best trial.
    static func showComparison(_ lesson: Lesson, _ comparison: PairedComparison, curves: BayesComparison.Curves,
                               bayesRuns: [(result: SearchResult, searcher: BayesianOptimization)],
                               checkpoints: [Int], initial: Int) throws {
        print("")
        lesson.show(BayesComparison.convergenceChart(curves, title: "Best so far, median over seeds"))
        lesson.show(BayesComparison.medianTable([("random search", curves.random),
                                                 ("Bayesian optimisation", curves.bayes)],
                                                checkpoints: checkpoints, initial: initial))
        lesson.say(BayesComparison.signTestStory(comparison))
        if let (result, searcher) = bayesRuns.first,
           let slice = try BayesComparison.slice(of: searcher, result: result) {
            lesson.say(slice.introduction)
            for panel in slice.panels { lesson.show(panel) }
            lesson.say(slice.story)
        }
    }
}
