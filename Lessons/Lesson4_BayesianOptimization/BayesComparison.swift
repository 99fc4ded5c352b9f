// BayesComparison.swift
//
// What this file teaches (steps 7 and 8 of Lesson 4): comparing Bayesian optimisation with
// random search the way d2l's HPO chapter insists on (the same budget, the same data
// and folds for both, several seeds, the median "best so far" curve), and reading the
// model's pictures against the trials it saw: why the surface's peak can sit below the
// best score (the mean smooths noisy scores), and why expected improvement's peak can
// be where the model expects little (it is where the model is unsure). It only formats:
// the searches run in main.swift (step 7) and DefaultsSteps.swift (step 8).

import Experiments
import GaussianProcesses
import HyperSearch
import LabMath
import LessonKit
import TextCharts

enum BayesComparison {
    /// Step 7's opening: the space, the budget, the data and what the seeds share.
    static func introduction(budget: Int, initial: Int, guided: Int, epochs: Int, seeds: Int) -> String {
        """
        Learning rate, batch size and hidden units, \(budget) trials per method (Bayesian optimisation: \(initial) \
        initial + \(guided) guided), 3-fold CV with \(epochs) epochs, on \
        \(Format.counted(seeds, "seed")); each seed draws a new split, new folds and new initial \
        weights, shared by both methods. Bayesian optimisation keeps `.legacy` here, so that the heatmaps below \
        show accuracies directly (`.standard` models transformed scores); step 8 runs `.standard` on the same seeds. \
        The first seed's Bayesian optimisation prints its trials as they run.
        """
    }

    /// The verdict over seeds and what the sign test's p means.
    static func signTestStory(_ comparison: PairedComparison) -> String {
        """
        Over these seeds, \(comparison.verdict). The sign test asks how surprising that split of wins would be if \
        both methods were equally good, so that each seed were a coin toss: p is the probability of a split at \
        least this lopsided (ties left out), and only p < 0.05 names a winner.\
        \(comparison.smallSampleNote.map { " " + $0 } ?? "")
        """
    }

    /// What the heatmaps show: a slice of the first seed's model at the best trial's
    /// hidden units, with every trial of that seed marked.
    static func sliceIntroduction(hiddenUnits: HyperparameterValue?) -> String {
        let units = hiddenUnits?.description ?? "-"
        return """
            Inside the model that the first seed's search fitted before its last trial (so the last trial is not in \
            it yet): mean, standard deviation and expected improvement over learning rate and batch size, with \
            hidden units fixed at the best trial's \(units). The o marks show every trial of that seed at its own \
            learning rate and batch size, whatever its hidden units: a trial with other hidden units informs this \
            slice only partly.
            """
    }

    /// For each seed, the best score after each trial, per method (`standard`: Bayesian
    /// optimisation with the new defaults, step 8).
    struct Curves {
        var random: [[Double]] = []
        var bayes: [[Double]] = []
        var standard: [[Double]] = []

        mutating func append(random: SearchResult, bayes: SearchResult) {
            self.random.append(Curves.bestSoFar(random))
            self.bayes.append(Curves.bestSoFar(bayes))
        }

        /// The best score after each trial of one search (NaN before any score).
        static func bestSoFar(_ result: SearchResult) -> [Double] {
            result.trajectory.map { $0.bestScore ?? .nan }
        }

        /// The median over seeds after each trial (as long as every seed has one).
        static func median(_ curves: [[Double]]) -> [Double] {
            let length = curves.map(\.count).min() ?? 0
            return (0..<length).map { t in Statistics.median(curves.map { $0[t] }) }
        }
    }

    /// The trials the median table shows: the end of the initial design, every 4th
    /// trial, the budget of a default run (`defaultBudget`), and the last one. A run
    /// with more guided trials shows every row of a shorter run with the same numbers
    /// (its first trials are the same), which exercise 4 relies on.
    static func checkpoints(initial: Int, budget: Int, defaultBudget: Int) -> [Int] {
        let marks = [initial, defaultBudget, budget] + Array(stride(from: 4, through: budget, by: 4))
        return Array(Set(marks.filter { $0 >= 1 && $0 <= budget })).sorted()
    }

    /// The median best-so-far of each method at `checkpoints` (one column per method),
    /// and a line under the table saying where the initial design ends.
    static func medianTable(_ methods: [(name: String, curves: [[Double]])], checkpoints: [Int], initial: Int) -> String {
        let medians = methods.map { Curves.median($0.curves) }
        let length = medians.map(\.count).min() ?? 0
        var table = Table(columns: [.init("after trial")] + methods.map { .init($0.name) })
        for t in checkpoints where t <= length {
            table.addRow(["\(t)"] + medians.map { Format.fixed($0[t - 1], 3) })
        }
        var text = table.render()
        if checkpoints.contains(initial) && initial < length {
            text += "\n" + Prose.wrap("Trial \(initial) ends Bayesian optimisation's initial design (a Latin hypercube); "
                                      + "its later trials are guided by its model.", indent: "  ")
        } else if checkpoints.contains(initial) && initial == length {
            text += "\n" + Prose.wrap("Bayesian optimisation ran only its initial design (a Latin hypercube) of "
                                      + "\(initial) trials: none was guided by its model.", indent: "  ")
        }
        return text
    }

    /// The median over seeds of the best score so far, against the trial number.
    static func convergenceChart(_ curves: Curves, title: String) -> String {
        var chart = LineChart(title: title, xLabel: "trial", yLabel: "best mean accuracy so far")
        chart.height = 10
        chart.integerXTicks = true
        chart.add("random search", values: Curves.median(curves.random), mark: "r")
        chart.add("Bayesian optimisation", values: Curves.median(curves.bayes), mark: "b")
        return chart.render()
    }

    /// Step 7's look inside one search's model (fitted before its last trial): the slice
    /// over learning rate and batch size at the best trial's hidden units, as an
    /// introduction, three heatmap panels with every trial marked, and what they show;
    /// nil before any guided trial or without a scored trial.
    static func slice(of searcher: BayesianOptimization, result: SearchResult) throws
        -> (introduction: String, panels: [String], story: String)? {
        guard let model = searcher.model, let best = result.best,
              let incumbent = searcher.steps.last?.incumbent ?? best.score else { return nil }
        let maps = try GaussianProcessPictures.heatmaps(
            model: model, base: searcher.encoding.encode(best.configuration),
            xAxis: (0, "learning rate", 1e-4...0.1, .log10), yAxis: (1, "batch size", 10...40, .linear),
            integerY: true, acquisition: .expectedImprovement(xi: 0), incumbent: incumbent, direction: .maximize,
            observations: GaussianProcessPictures.trialPoints(result, x: "learningRate", y: "batchSize"),
            observationName: "trials (any hidden units)")
        let story = try pictureStory(model: model, encoding: searcher.encoding, trials: result.trials,
                                     lastStep: searcher.steps.last, maps: maps, axes: (0, 1))
        return (sliceIntroduction(hiddenUnits: best.configuration["hiddenUnits"]), maps.panels, story)
    }

    /// Why expected improvement's peak is not at the mean's, by the sds the sentence
    /// prints: "where the model is unsure" only when the sd there exceeds the median
    /// sd at the trials the model has seen.
    static func uncertaintySentence(sd: Double, medianSeen: Double, atHighestMean: Double) -> String {
        if sd > medianSeen { return "Its maximum is where the model is unsure, not where it expects the best." }
        if sd > atHighestMean {
            return "Its maximum is where the model is less sure than at its highest mean, though no less sure than at "
                + "the median trial: expected improvement trades a little mean for a little uncertainty."
        }
        return "Its maximum is neither where the model is most unsure nor where it expects the best on this slice."
    }

    /// "went there" when the last trial (`went`, unit cube) is within 0.05 of
    /// expected improvement's peak `u` in every coordinate; "went near there on the two
    /// axes drawn, but off this slice" when only the two drawn coordinates are; nil
    /// when not even those are.
    static func whereItWent(_ went: [Double], peak u: [Double], axes: (x: Int, y: Int)) -> String? {
        guard went.count == u.count, abs(went[axes.x] - u[axes.x]) <= 0.05, abs(went[axes.y] - u[axes.y]) <= 0.05
        else { return nil }
        return went.indices.allSatisfy({ abs(went[$0] - u[$0]) <= 0.05 }) ? "went there"
            : "went near there on the two axes drawn, but off this slice"
    }

    /// The sentences under the heatmaps of one search (maximising): the mean's peak
    /// against the best score, and expected improvement's peak against the trial that
    /// went there.
    ///
    /// - Parameters:
    ///   - model: the model fitted before the last trial (it has seen the first
    ///     `model.count` trials).
    ///   - trials: every trial of that search, in order.
    ///   - lastStep: the searcher's record of the last proposal.
    ///   - maps: the heatmaps' best cells (full points of the cube).
    ///   - axes: the two coordinates the heatmaps vary.
    static func pictureStory(model: GaussianProcessRegressor, encoding: SpaceEncoding, trials: [Trial],
                             lastStep: BayesianOptimizationStep?, maps: GaussianProcessPictures.SliceMaps,
                             axes: (x: Int, y: Int)) throws -> String {
        let scored = trials.filter { $0.score != nil }
        guard let best = scored.max(by: { $0.score! < $1.score! || ($0.score! == $1.score! && $0.number > $1.number) }),
              let bestScore = best.score else { return "" }
        let seen = Array(trials.prefix(model.count))
        let points = trials.flatMap { encoding.encode($0.configuration) }
        let p = try model.predict(Matrix(rows: trials.count, columns: encoding.dimension, elements: points))
        func describe(_ u: [Double]) -> String { SearchReport.shortDescription(encoding.decode(u)) }

        // 1. The mean's peak against the best score.
        var text = "The highest mean on this slice is \(Format.fixed(maps.bestMean.value, 3)) (at "
            + "\(describe(maps.bestMean.point))); the best trial scored \(Format.fixed(bestScore, 3)) (trial \(best.number))."
        let k = best.number - 1
        if best.number > model.count {
            text += " That trial is the last one, which this model has not seen yet."
        } else if maps.bestMean.value > bestScore {
            text += " The model expects a configuration on this slice to beat every score so far."
        } else if p.mean[k] < bestScore && Format.fixed(p.mean[k], 3) != Format.fixed(bestScore, 3) {
            // The peak is below the best score, and so (visibly) is the mean at the best trial itself.
            let h = model.hyperparameters
            let share = h.noiseVariance / (h.noiseVariance + h.signalVariance)
            let misses = seen.indices.filter { seen[$0].score != nil }.map { (trial: seen[$0].number,
                                                                              gap: abs(seen[$0].score! - p.mean[$0])) }
            let worst = misses.max { $0.gap < $1.gap }
            text += " At trial \(best.number)'s own configuration the model's mean is \(Format.fixed(p.mean[k], 3)), not "
                + "\(Format.fixed(bestScore, 3)): its fitted noise variance, \(Format.compact(h.noiseVariance)) "
                + "(\(Format.percent(share, 1)) of signal plus noise, normalised units), says part of every score is luck, "
                + "so the mean runs smoothly through the scores instead of through each of them"
            if let worst { text += " (it misses them by up to \(Format.fixed(worst.gap, 3)), at trial \(worst.trial))" }
            text += ". The posterior mean smooths noisy observations, so its peak can sit below the best score."
            if let spread = best.foldSpread {
                text += " Trial \(best.number)'s own folds spread by \(Format.fixed(spread, 3)) (std), so some luck in its "
                    + "score is plausible."
            }
        } else if maps.bestMean.value < bestScore {
            text += " The mean passes through that score (\(Format.fixed(p.mean[k], 3)) at the trial): the slice's grid "
                + "cells just miss the trial's exact configuration."
        }

        // 2. Expected improvement's peak: where the model is unsure.
        let u = maps.bestAcquisition.point
        let at = try model.predict(Matrix(rows: 1, columns: u.count, elements: u))
        let incumbent = seen.compactMap(\.score).max() ?? bestScore
        let seenSds = Array(p.standardDeviation.prefix(model.count))
        let corner = [u[axes.x], u[axes.y]].allSatisfy { $0 == 0 || $0 == 1 }
        text += " Expected improvement is largest at \(describe(u))\(corner ? ", a corner of the slice" : ""), where the mean "
            + "is \(Format.fixed(at.mean[0], 3)) and the sd \(Format.fixed(at.standardDeviation[0], 4)), against a median sd "
            + "of \(Format.fixed(Statistics.median(seenSds), 4)) at the trials the model has seen"
        if at.mean[0] > incumbent {
            text += ": the mean there beats the best score so far (\(Format.fixed(incumbent, 3))), and the uncertainty adds "
                + "to it."
        } else if Format.fixed(at.mean[0], 3) == Format.fixed(maps.bestMean.value, 3) {
            // As high as the slice's best mean (to the printed decimals): not a choice of uncertainty over the mean.
            text += ": the mean there does not beat the best score so far (\(Format.fixed(incumbent, 3))), but it equals the "
                + "slice's highest mean to 3 decimals: the peak is where the model expects the best on this slice, and "
                + "its sd adds the hope of beating \(Format.fixed(incumbent, 3))."
        } else {
            let peak = try model.predict(Matrix(rows: 1, columns: maps.bestMean.point.count, elements: maps.bestMean.point))
            text += ": the mean there, below the slice's highest (\(Format.fixed(maps.bestMean.value, 3)), where the sd is "
                + "\(Format.fixed(peak.standardDeviation[0], 4))), does not beat the best score so far "
                + "(\(Format.fixed(incumbent, 3))). " + uncertaintySentence(sd: at.standardDeviation[0],
                                                                 medianSeen: Statistics.median(seenSds),
                                                                 atHighestMean: peak.standardDeviation[0])
        }
        guard let lastStep, let last = trials.last, let score = last.score else { return text }
        guard let place = whereItWent(encoding.encode(last.configuration), peak: u, axes: axes) else { return text }
        text += " The search's last trial (\(last.number): \(SearchReport.shortDescription(last.configuration))) " + place
        if let terms = lastStep.expectedImprovement {
            text += " (by expected improvement's two terms, exploitation \(Format.scientific(terms.exploitation, 2)) and "
                + "exploration \(Format.scientific(terms.exploration, 2)); " + BayesLessonReport.balance(terms) + ")"
        }
        text += " and scored \(Format.fixed(score, 3))"
        if let lowest = scored.map({ $0.score! }).min(), score == lowest { text += ", the lowest score of this search" }
        if score == bestScore && last.number == best.number {
            text += ", the best score of this search: this time the exploring trial paid off"
        }
        if let mean = lastStep.predictedMean, let sd = lastStep.predictedStandardDeviation, score < mean - 2 * sd {
            text += ", far below the prediction of \(Format.fixed(mean, 3)) (sd \(Format.fixed(sd, 3))): an exploring trial "
                + "can disappoint; what it buys is information about a region the model knew little about"
        }
        return text + "."
    }
}
