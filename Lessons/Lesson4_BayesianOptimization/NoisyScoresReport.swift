// NoisyScoresReport.swift
//
// What this file teaches (step 6 of Lesson 4): a cross-validated score is a mean over
// folds, so it comes with its own error bar, its standard error; a model that knows
// each trial's standard error (per-observation noise) no longer has to take every
// mean as exact, and with noisy scores the configuration to recommend is the one
// with the best posterior mean, not the luckiest observation. It only formats: the
// models are fitted in main.swift.

import Experiments
import HyperSearch
import LabMath
import TextCharts

enum NoisyScoresReport {
    /// One trial of the learning-rate search: its mean over folds, the standard error
    /// the model is given, and each model's posterior there (scores' units).
    struct Row {
        let trial: Int
        let learningRate: Double
        let mean: Double
        let standardError: Double?
        let old: (mean: Double, standardDeviation: Double)
        let new: (mean: Double, standardDeviation: Double)
    }

    /// Step 6's opening: a mean over folds has a standard error, and `.standard` gives
    /// it to the model as each observation's known noise.
    static func introduction(trials: Int) -> String {
        """
        Each score above is a mean over 3 folds, so it has its own error bar: its standard error, the sample std of \
        the fold scores (dividing by 3 - 1) over sqrt(3). Rather than one shared noise variance for all trials \
        (homoscedastic noise), `.standard` gives the model each trial's squared standard error as that \
        observation's known noise (per-observation, or heteroscedastic, noise) and fits a shared noise only on top \
        of it. We give the same \(trials) trials to a model with each of the two settings, without training \
        anything again:
        """
    }

    /// The two recommendation rules, with the one `.standard`'s `.automatic` resolved to.
    static func ruleStory(_ resolvedRule: BayesianOptimization.RecommendationRule) -> String {
        let resolved = resolvedRule == .posteriorMean
            ? "the best posterior mean, its rule for trials that report fold scores"
            : "the best observation (its rule found no fold scores)"
        return """
            Which configuration should the search hand back? `recommendation(by: .bestObservation)` returns the trial \
            with the best observed score, `.legacy`'s rule; `recommendation()` with `.standard` returns the one with \
            \(resolved).
            """
    }

    /// The table's rows: each trial, the standard error the model was given (the root of
    /// its known noise variance), and each model's posterior at it.
    static func rows(_ trials: [Trial], noiseVariances: [Double?], old: [(mean: Double, standardDeviation: Double)],
                     new: [(mean: Double, standardDeviation: Double)]) throws -> [Row] {
        try trials.indices.map { k in
            Row(trial: trials[k].number, learningRate: try trials[k].configuration.double("learningRate"),
                mean: trials[k].score ?? .nan, standardError: noiseVariances[k].map { $0.squareRoot() },
                old: old[k], new: new[k])
        }
    }

    /// The `.standard` model of all the trials, drawn from its `posterior` at the
    /// learning rates `configurations` (log axis), with the trials' mean scores.
    static func band(_ posterior: [(mean: Double, standardDeviation: Double)], at configurations: [Configuration],
                     rows: [Row]) throws -> String {
        GaussianProcessPictures.band(
            posterior: posterior, x: try configurations.map { try $0.double("learningRate") }, xScale: .log10,
            observations: rows.map { (x: $0.learningRate, y: $0.mean) },
            title: "The .standard model of all \(rows.count) trials (log scale)", xLabel: "learning rate",
            yLabel: "mean CV accuracy")
    }

    static func table(_ rows: [Row]) -> String {
        var table = Table(columns: [.init("trial"), .init("lr"), .init("mean"), .init("std err"),
                                    .init("old: mean +/- 2 sd"), .init("new: mean +/- 2 sd")])
        for r in rows {
            table.addRow(["\(r.trial)", Format.compact(r.learningRate, significantDigits: 4), Format.fixed(r.mean, 3),
                          r.standardError.map { Format.fixed($0, 4) } ?? "-",
                          "\(Format.fixed(r.old.mean, 3)) +/- \(Format.fixed(2 * r.old.standardDeviation, 3))",
                          "\(Format.fixed(r.new.mean, 3)) +/- \(Format.fixed(2 * r.new.standardDeviation, 3))"])
        }
        return table.render()
    }

    /// The shared noise each model fitted on top of what it was given, and what that
    /// does to its posterior at the trials.
    static func noiseStory(_ rows: [Row], oldNoise: Double, oldBounds: ClosedRange<Double>, newNoise: Double,
                           newBounds: ClosedRange<Double>) -> String {
        let errors = rows.compactMap(\.standardError)
        var text = "Each model also fits one shared noise variance (normalised units): .legacy "
            + "\(Format.compact(oldNoise))"
        let oldLargestSd = rows.map(\.old.standardDeviation).max() ?? .nan
        if BayesLessonReport.isOnLowerBound(oldNoise, oldBounds) {
            text += ", the floor of its range, with no per-trial noise: it takes every mean as exact, so its posterior "
                + "passes through every score (its sd at the trials is at most \(Format.compact(oldLargestSd)))"
        }
        text += "; .standard \(Format.compact(newNoise))"
        if let low = errors.min(), let high = errors.max() {
            text += BayesLessonReport.isOnLowerBound(newNoise, newBounds)
                ? ", the floor of its range: the trials' own standard errors (\(Format.fixed(low, 4)) to "
                    + "\(Format.fixed(high, 4))) already account for the scatter, and nothing is left over to share"
                : ", on top of the trials' own standard errors (\(Format.fixed(low, 4)) to \(Format.fixed(high, 4)))"
        }
        let shrunk = rows.filter { abs($0.new.mean - $0.mean) > 2 * ($0.standardError ?? .infinity) }.count
        text += ". So the .standard mean runs near the scores, not through them"
        if shrunk > 0 {
            text += " (at \(Format.counted(shrunk, "trial")) it is more than 2 standard errors away: the neighbours and "
                + "the prior mean, the worst score, outweigh that trial's own folds)"
        }
        return text + "."
    }

    /// A fold-by-fold difference and its standard error, printed with enough decimals
    /// (3 to 6) that the standard error does not print as 0 and that the printed numbers
    /// compare with two standard errors as the exact ones do (and are not equal to it).
    static func differenceAndError(_ difference: Double, _ standardError: Double, signed: Bool = false,
                                   minimumDecimals: Int = 3) -> (difference: String, standardError: String) {
        var decimals = minimumDecimals
        while decimals < 6 {
            let d = abs(Double(Format.fixed(difference, decimals)) ?? .nan)
            let se = Double(Format.fixed(standardError, decimals)) ?? .nan
            if se > 0 && d != 2 * se && (d < 2 * se) == (abs(difference) < 2 * standardError) { break }
            decimals += 1
        }
        return (signed ? Format.signed(difference, decimals) : Format.fixed(difference, decimals),
                Format.fixed(standardError, decimals))
    }

    /// "Both rules recommend trial 4" or "The rules disagree. The best observation is
    /// trial 6": how the recommendation story begins (exercise 3 quotes it).
    static func headline(luckiest: BayesianRecommendation, bestMean: BayesianRecommendation) -> String {
        luckiest.observation == bestMean.observation ? "Both rules recommend trial \(luckiest.observation)"
            : "The rules disagree. The best observation is trial \(luckiest.observation)"
    }

    /// "the best posterior mean is at trial 4", the story's second pick when they differ.
    static func secondPick(_ bestMean: BayesianRecommendation) -> String {
        "the best posterior mean is at trial \(bestMean.observation)"
    }

    /// Which trial each rule recommends, and why they agree or differ.
    ///
    /// - Parameters:
    ///   - luckiest: `recommendation(by: .bestObservation)`.
    ///   - bestMean: `recommendation()` of the noise-aware searcher (by posterior mean).
    ///   - rows: every trial, with the noise-aware model's posterior there.
    ///   - folds: each trial's fold scores, in trial order (for the fold-by-fold lead).
    ///   - validationRows: the rows cut into the folds, to recognise a lead of the same
    ///     whole number of rows in every fold.
    static func recommendationStory(luckiest: BayesianRecommendation, bestMean: BayesianRecommendation,
                                    rows: [Row], folds: [[Double]?], validationRows: Int? = nil) -> String {
        let a = luckiest.observation - 1, b = bestMean.observation - 1
        guard rows.indices.contains(a), rows.indices.contains(b) else { return "" }
        // " (learning rate ..., score ...; the model expects ..., sd ...)" after "trial k".
        func details(_ r: Row) -> String {
            " (learning rate \(Format.compact(r.learningRate, significantDigits: 4)), score \(Format.fixed(r.mean, 3)); "
                + "the model expects \(Format.fixed(r.new.mean, 3)), sd \(Format.fixed(r.new.standardDeviation, 3)))"
        }
        let opening = headline(luckiest: luckiest, bestMean: bestMean) + details(rows[a])
        if a == b {
            let text = opening + ": the best observed mean is also where the model, weighing each trial's standard "
                + "error and its neighbours, expects the best"
            // The runner-up by posterior mean: a lead the printed means cannot show is said.
            guard let next = rows.indices.filter({ $0 != a }).max(by: { rows[$0].new.mean < rows[$1].new.mean })
            else { return text + "." }
            let gap = rows[a].new.mean - rows[next].new.mean
            let sd = max(rows[a].new.standardDeviation, rows[next].new.standardDeviation)
            // Enough decimals that the two printed means differ by about the printed gap
            // (rounding moves each by half a unit of the last decimal, a tenth of the gap).
            var (decimals, unit) = (4, 1e-4)
            while decimals < 8 && gap > 0 && unit > gap / 10 { (decimals, unit) = (decimals + 1, unit / 10) }
            return text + (gap >= 0 && gap < sd
                ? ", but only by \(gap < 5e-5 ? Format.scientific(gap, 1) : Format.fixed(gap, 4)) over trial "
                    + "\(rows[next].trial) (\(Format.fixed(rows[a].new.mean, decimals)) against trial \(rows[next].trial)'s "
                    + "\(Format.fixed(rows[next].new.mean, decimals))), less than one sd (\(Format.fixed(sd, 4))): it "
                    + "barely prefers it."
                : ".")
        }
        var text = opening + "; " + secondPick(bestMean) + details(rows[b]) + "."
        if let paired = SearchLessonReport.foldByFold(folds[a], against: folds[b]), let x = folds[a], let y = folds[b],
           let rowsEach = sameWholeRows(zip(x, y).map { $0 - $1 }, validationRows: validationRows) {
            // The same whole number of rows in every fold makes the standard error nearly 0
            // without making the lead sure; a sign test over the folds says what it is worth.
            let sign = rowsEach > 0 ? x.count : 0
            let largestFold = (validationRows! + x.count - 1) / x.count
            text += " Fold by fold over the same \(x.count) folds, trial \(rows[a].trial) leads by "
                + "\(Format.fixed(paired.difference, 5)): it got \(abs(rowsEach)) " + (rowsEach > 0 ? "more" : "fewer")
                + (abs(rowsEach) == 1 ? " validation row" : " validation rows")
                + " right in each fold (of about \(largestFold) rows each). The standard "
                + "error of those \(x.count) differences is nearly 0 only because they are the same whole rows; as a sign "
                + "test over the \(x.count) folds (\(sign) for trial \(rows[a].trial), \(x.count - sign) against), p "
                + Format.pValue(Statistics.signTestPValue(wins: sign, losses: x.count - sign))
                + (Statistics.signTestPValue(wins: sign, losses: x.count - sign) < 0.05 ? "." : ": weak evidence at best.")
        } else if let paired = SearchLessonReport.foldByFold(folds[a], against: folds[b]) {
            // 4 decimals at least: the scores above print with 3, and a lead of 0.0022
            // printed as 0.002 next to 0.974 and 0.971 would not add up.
            let printed = differenceAndError(paired.difference, paired.standardError, minimumDecimals: 4)
            text += " Fold by fold over the same \(paired.folds) folds, trial \(rows[a].trial) leads by "
                + "\(printed.difference) with a standard error of \(printed.standardError)"
            text += paired.difference < 2 * paired.standardError
                ? ": within two standard errors, the folds cannot tell the two apart."
                : ": more than two standard errors, yet the model, which also weighs the neighbours, ranks the other "
                    + "first. It takes each trial's noise as independent, so it does not know that all the trials were "
                    + "scored on the same folds, which the fold-by-fold difference uses to cancel what the folds share."
            // A standard error far below the difference means the folds' differences are
            // nearly equal; from a handful of folds that can be chance, so say so.
            if let x = folds[a], let y = folds[b], paired.standardError < 0.1 * abs(paired.difference) {
                let each = zip(x, y).map { $0 - $1 }
                text += " (The \(paired.folds) fold differences, \(each.map { Format.fixed($0, 4) }.joined(separator: ", ")), "
                    + "are nearly equal, hence the tiny standard error; estimated from \(paired.folds) numbers, it is "
                    + "itself rough.)"
            }
        }
        let gap = abs(rows[a].new.mean - rows[b].new.mean)
        let sd = max(rows[a].new.standardDeviation, rows[b].new.standardDeviation)
        text += " The model's two means differ by \(Format.fixed(gap, 4))"
            + (gap < sd ? ", less than one sd (\(Format.fixed(sd, 4))): it barely prefers one." : ".")
        return text + " With noisy scores the best observation tends to be the luckiest (Lesson 7 measures how much it "
            + "flatters), so `.standard` recommends by the posterior mean once trials report fold scores."
    }

    /// The number of validation rows by which `differences` (fold accuracies of one
    /// trial minus another's) lead in every fold, when it is the same nonzero whole
    /// number in each (folds of `validationRows / k` rows, give or take one), else nil.
    static func sameWholeRows(_ differences: [Double], validationRows: Int?) -> Int? {
        guard let counts = wholeRows(differences, validationRows: validationRows), let first = counts.first?.rows,
              first != 0, counts.allSatisfy({ $0.rows == first }) else { return nil }
        return first
    }

    /// Each fold's accuracy difference as whole validation rows and the fold's size
    /// (folds of `validationRows / k` rows, give or take one), or nil when one of them
    /// is not a whole number of rows.
    static func wholeRows(_ differences: [Double], validationRows: Int?) -> [(rows: Int, of: Int)]? {
        guard let validationRows, !differences.isEmpty, validationRows >= differences.count else { return nil }
        let largest = (validationRows + differences.count - 1) / differences.count
        var counts: [(rows: Int, of: Int)] = []
        for d in differences {
            // 1e-6 rows: the rounding of a difference of two accuracies, not a row.
            guard let n = [largest, largest - 1].first(where: { n in
                let rows = d * Double(n)
                return abs(rows - rows.rounded()) < 1e-6
            }) else { return nil }
            counts.append((Int((d * Double(n)).rounded()), n))
        }
        return counts
    }

    /// "The best learning rate found: 3.2e-04, mean CV accuracy 0.765.", step 5's last
    /// sentence (exercise 3 quotes another seed's).
    static func bestLearningRateSentence(_ best: Trial?) -> String? {
        guard let best, let lr = best.configuration["learningRate"]?.number, let score = best.score else { return nil }
        return "The best learning rate found: \(Format.compact(lr)), mean CV accuracy \(Format.fixed(score, 3))."
    }
}
