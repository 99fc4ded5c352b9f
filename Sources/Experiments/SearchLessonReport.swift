// SearchLessonReport.swift
//
// What this file teaches: turning a finished search into statements a student can
// check. Every sentence below is assembled from the search's own numbers, and every
// comparison ("larger than the spread", "most of the draws") is decided by an explicit
// test on them.

import Foundation
import HyperSearch
import LabMath
import LessonKit
import TextCharts

public enum SearchLessonReport {
    /// A lead in words: "0 (an exact tie)", a tiny one in scientific notation, else 4 decimals.
    public static func leadText(_ lead: Double) -> String {
        lead == 0 ? "0 (an exact tie)" : lead < 1e-4 ? Format.scientific(lead, 1) : Format.fixed(lead, 4)
    }

    /// The median fold standard deviation over the scored trials (NaN if none).
    /// - Parameter deltaDegreesOfFreedom: 0 for the population standard deviation
    ///   that the results table prints as "std" (dividing by k), 1 for the sample one
    ///   (dividing by k - 1), which is what a standard error s / sqrt(k) needs.
    public static func medianSpread(_ result: SearchResult, deltaDegreesOfFreedom: Int = 0) -> Double {
        medianSpread(of: result.trials, deltaDegreesOfFreedom: deltaDegreesOfFreedom)
    }

    /// The median fold standard deviation over the scored `trials`, which may come
    /// from several searches (NaN if none); see `medianSpread(_:deltaDegreesOfFreedom:)`.
    public static func medianSpread(of trials: [Trial], deltaDegreesOfFreedom: Int = 0) -> Double {
        var spreads: [Double] = []
        for trial in trials where trial.score != nil {
            guard let scores = trial.evaluation.foldScores, scores.count > deltaDegreesOfFreedom else { continue }
            spreads.append(Statistics.standardDeviation(scores, deltaDegreesOfFreedom: deltaDegreesOfFreedom))
        }
        return spreads.isEmpty ? .nan : Statistics.median(spreads)
    }

    /// The best trial's lead over the runner-up, with the standard error of that lead.
    ///
    /// Both trials were scored on the same k folds, so we compare them fold by fold:
    /// the differences d_i = best_i - runnerUp_i cancel what is common to a fold (an
    /// easy or a hard validation part), and their mean, the lead, has standard error
    /// sd(d) / sqrt(k). Comparing the lead with one fold's standard deviation instead
    /// would ignore both the pairing and the averaging over k folds.
    /// - Returns: nil with fewer than two scored trials.
    public static func leadOverRunnerUp(_ result: SearchResult) -> (lead: Double, standardError: Double?, folds: Int)? {
        let ranked = result.scoredTrialsByRank
        guard ranked.count >= 2 else { return nil }
        let lead = abs(ranked[0].score! - ranked[1].score!)
        guard let paired = foldByFold(ranked[0].evaluation.foldScores, against: ranked[1].evaluation.foldScores) else {
            return (lead, nil, 0)
        }
        return (lead, paired.standardError, paired.folds)
    }

    /// Two trials scored on the same k folds, compared fold by fold: the mean of the
    /// differences d_i = a_i - b_i and its standard error sd(d) / sqrt(k) (the sample sd,
    /// dividing by k - 1). Nil unless both have the same k >= 2 fold scores.
    public static func foldByFold(_ a: [Double]?, against b: [Double]?)
        -> (difference: Double, standardError: Double, folds: Int)? {
        guard let a, let b, a.count == b.count, a.count >= 2 else { return nil }
        let differences = zip(a, b).map { $0 - $1 }
        let standardError = Statistics.standardDeviation(differences, deltaDegreesOfFreedom: 1) / Double(a.count).squareRoot()
        return (Statistics.mean(differences), standardError, a.count)
    }

    /// The largest lead in mean accuracy that is still a tie: half of what one
    /// validation row more in one fold adds, 0.5 / (k x the largest fold's rows).
    ///
    /// A mean of k fold accuracies moves by at least 1 / (k n_i) when one more row of
    /// fold i is classified correctly. A smaller lead, such as (1/122 - 1/123) / 5 =
    /// 1.3e-05, comes from folds of different sizes (122 and 123 rows) when both
    /// trials got the same number of rows right in total, one row more in one fold and
    /// one fewer in another: a tie, however the exact means order them.
    /// - Parameters:
    ///   - rows: the rows cut into the folds (each is validated once).
    ///   - folds: k.
    public static func tieThreshold(rows: Int, folds: Int) -> Double {
        guard rows > 0, folds > 0 else { return 0 }
        let largestFold = (rows + folds - 1) / folds
        return 0.5 / Double(folds * largestFold)
    }

    /// The lead in a sentence: "leads the runner-up by 0.002; fold by fold ... within
    /// two standard errors ...", a tie when the lead is below `tieThreshold` (with
    /// `rows` given), or nil with fewer than two scored trials.
    /// - Parameter rows: the rows cut into the folds, to recognise a tie.
    public static func leadStory(_ result: SearchResult, rows: Int? = nil) -> String? {
        guard let (lead, standardError, folds) = leadOverRunnerUp(result) else { return nil }
        if lead == 0 {
            // Exactly equal means: not a matter of fold sizes, and no row threshold needed.
            return "The best trial and the runner-up are tied exactly: their mean accuracies are equal (a lead of 0). "
                + "Which of them ranks first says nothing about the hyperparameters."
        }
        if let rows, folds > 0, lead < tieThreshold(rows: rows, folds: folds) {
            let largestFold = (rows + folds - 1) / folds
            return "The best trial and the runner-up are tied: the lead of \(leadText(lead)) is less than half a "
                + "validation row in one fold (0.5 / (\(folds) x \(largestFold)) = "
                + "\(Format.scientific(tieThreshold(rows: rows, folds: folds), 1))), so both classified the same number "
                + "of rows correctly; a lead that small comes only from folds of different sizes. Which of them ranks "
                + "first says nothing about the hyperparameters."
        }
        var text = "The best trial leads the runner-up by \(leadText(lead))"
        guard let standardError else { return text + "." }
        text += "; fold by fold over the same \(folds) folds, that lead has a standard error of "
            + "\(standardErrorText(standardError)) (the sample standard deviation of the \(folds) differences, dividing "
            + "by \(folds) - 1, / sqrt(\(folds)))"
        let ranked = result.scoredTrialsByRank
        let differences = zip(ranked[0].evaluation.foldScores ?? [], ranked[1].evaluation.foldScores ?? []).map { $0 - $1 }
        let behind = differences.filter { $0 <= 0 }.count
        // With k folds the standard error rests on k - 1 degrees of freedom: for a 95%
        // interval the t quantile is 4.30 for 3 folds and 2.78 for 5, not 2 (Lesson 5's
        // paired t-test), so "two standard errors" is a rough yardstick here.
        let rough = " (with only \(folds) folds the standard error is itself rough, so two of them is a weak criterion)"
        switch leadVerdict(lead, standardError: standardError) {
        case .within:
            return text + ". Within two standard errors: on other folds the order could well be different."
        case .aboutTwo:
            return text + ". About two standard errors, at the edge\(rough): on other folds the order could be different."
        case .beyond:
            let order = behind == 0
                ? "the best is ahead in every one of these folds"
                : "although in \(behind) of the \(folds) folds the runner-up was level or ahead"
            return text + ". More than two standard errors\(rough); " + order + " (and the best of many trials is still "
                + "flattered by having been picked)."
        }
    }

    /// How a lead compares with twice its standard error.
    public enum LeadVerdict: Sendable, Equatable { case within, aboutTwo, beyond }

    /// The lead against twice its standard error, both as printed (4 decimals, see
    /// `standardErrorText`), so that the verdict agrees with what a reader computes
    /// from the printed numbers: 0.0044 against 2 x 0.0022 is "about two", where the
    /// unrounded 0.00439 < 2 x 0.00221 would say "within" and 0.0044 against a
    /// 3-decimal 2 x 0.002 would seem "more".
    public static func leadVerdict(_ lead: Double, standardError: Double) -> LeadVerdict {
        let (l, twice) = (printedUnits(lead, decimals: 4), 2 * printedUnits(standardError, decimals: 4))
        return l < twice ? .within : l == twice ? .aboutTwo : .beyond
    }

    /// A lead's standard error as printed: 4 decimals, as the lead itself.
    public static func standardErrorText(_ standardError: Double) -> String { Format.fixed(standardError, 4) }

    /// What the results table's rank and fold-scores columns need said for this
    /// search, or nil: ranks follow the exact means (as scikit-learn's
    /// rank_test_score), so equal means share a rank while means that print alike may
    /// rank apart; with more than five folds the fold column shows their count and range.
    /// - Parameter shownRows: how many rows of the table (sorted by rank) are printed.
    public static func tableNotes(_ result: SearchResult, decimals: Int = 3, shownRows: Int? = nil) -> String? {
        let ranks = result.ranks
        let order = result.trials.indices.sorted { a, b in
            (ranks[a] ?? Int.max, a) < (ranks[b] ?? Int.max, b)
        }.prefix(shownRows ?? result.trials.count).filter { ranks[$0] != nil }
        var notes: [String] = []
        // Runs of neighbours in rank order that print the same mean.
        var groups: [[Int]] = []
        for index in order {
            if let last = groups.last?.last,
               Format.fixed(result.trials[last].score!, decimals) == Format.fixed(result.trials[index].score!, decimals) {
                groups[groups.count - 1].append(index)
            } else {
                groups.append([index])
            }
        }
        var shared: [String] = [], apart: [String] = []
        for group in groups where group.count > 1 {
            let numbers = Prose.list(group.map { "\(result.trials[$0].number)" })
            let value = Format.fixed(result.trials[group[0]].score!, decimals)
            if Set(group.map { ranks[$0]! }).count == 1 {
                shared.append("trials \(numbers) share rank \(ranks[group[0]]!) at \(value)")
            } else {
                // Within a group that ranks apart, some may still share a rank: say which.
                var sharing: [String] = []
                for rank in group.map({ ranks[$0]! }).reduce(into: [Int](), { if !$0.contains($1) { $0.append($1) } }) {
                    let members = group.filter { ranks[$0] == rank }
                    if members.count > 1 {
                        sharing.append("trials " + Prose.list(members.map { "\(result.trials[$0].number)" })
                                       + " sharing rank \(rank)")
                    }
                }
                apart.append("trials \(numbers), " + (group.count == 2 ? "both" : "all") + " \(value), ranks "
                             + Prose.list(group.map { "\(ranks[$0]!)" })
                             + (sharing.isEmpty ? "" : ", " + sharing.joined(separator: ", ")))
            }
        }
        if !shared.isEmpty || !apart.isEmpty {
            var text = "Ranks follow the exact means, as scikit-learn's rank_test_score does: "
            if !shared.isEmpty { text += "equal means share a rank (" + shared.joined(separator: "; ") + ")" }
            if !apart.isEmpty {
                text += (shared.isEmpty ? "" : ", and ") + "means that print alike but differ in a later digit rank "
                    + "apart (" + apart.joined(separator: "; ") + ")"
            }
            notes.append(text + ".")
        }
        if let index = order.first, let scores = result.trials[index].evaluation.foldScores, scores.count > 5,
           let low = scores.min(), let high = scores.max() {
            // As SearchReport prints a fold score: two decimals without the leading zero.
            func short(_ x: Double) -> String { Format.fixed(x, 2).hasPrefix("0.") ? String(Format.fixed(x, 2).dropFirst())
                                                                                   : Format.fixed(x, 2) }
            notes.append("With \(scores.count) folds the fold-scores column shows their count and range: "
                         + "(\(scores.count)) \(short(low))-\(short(high)) in the first row means \(scores.count) fold "
                         + "scores from \(Format.fixed(low, 2)) to \(Format.fixed(high, 2)).")
        }
        return notes.isEmpty ? nil : notes.joined(separator: " ")
    }

    /// How far apart the scores are, and whether the best one's lead means anything.
    /// - Parameter rows: the rows cut into the folds, to recognise a tie (`leadStory`).
    public static func spreadStory(_ result: SearchResult, rows: Int? = nil) -> String {
        let scored = result.trials.compactMap { t in t.score.map { (t, $0) } }
        guard let best = result.best, let bestScore = best.score, scored.count >= 2 else { return "" }
        let worst = scored.map(\.1).min()!
        let spreads = scored.compactMap { $0.0.foldSpread }
        let failures = result.trials.count - scored.count
        var text = "Mean accuracies range from \(Format.fixed(worst, 3)) to \(Format.fixed(bestScore, 3)); the median "
            + "fold-to-fold standard deviation is \(Format.fixed(Statistics.median(spreads), 3))."
        if let lead = leadStory(result, rows: rows) { text += " " + lead }
        if failures > 0 { text += " \(Format.counted(failures, "trial")) diverged or failed and were recorded without a score." }
        return text
    }

    /// The refit and its single test score, compared with the winner's CV score using
    /// the standard error of their difference (see `testGapStory`).
    /// - Parameter scoredTrials: trials with a score; with more than one, the winner
    ///   was picked as a maximum, and its CV score tends to flatter it.
    public static func refitStory(best: Trial, refit: NetworkTuning.RefitResult, trainingRows: Int, testRows: Int,
                                  scoredTrials: Int) -> String {
        guard refit.run.outcome.isUsable, refit.testAccuracy.isFinite else {
            return "The refit of \(best.configuration) \(refit.run.outcome)."
        }
        let text = "The best configuration, \(best.configuration), had mean CV accuracy "
            + "\(Format.fixed(best.score ?? .nan, 3)). Retrained on all \(trainingRows) training rows and scored once on the "
            + "\(testRows) held-out test rows: accuracy \(Format.fixed(refit.testAccuracy, 3)), loss "
            + "\(Format.fixed(refit.testLoss, 4))."
        guard let score = best.score, testRows > 0 else { return text }
        // Cross-validation scores each training row once, so the CV mean is (nearly) a
        // proportion over the training rows; the k fold models differ, which this ignores.
        return text + " " + testGapStory(estimate: score, estimateName: "the CV score", estimateRows: trainingRows,
                                         testAccuracy: refit.testAccuracy, testRows: testRows,
                                         candidates: scoredTrials)
    }

    /// A single test accuracy against the estimate that chose the model, judged by the
    /// standard error of their difference.
    ///
    /// An accuracy p measured on n independent rows is a binomial proportion, with
    /// standard error sqrt(p (1 - p) / n). The test accuracy and the estimate are
    /// measured on different rows, so both are noisy and the standard error of their
    /// difference is sqrt(se_test^2 + se_estimate^2); a gap within two of those is what
    /// these row counts cannot resolve. The gap and the standard error are compared as
    /// printed (3 decimals), so that the verdict matches what a reader checks: a gap
    /// that prints as exactly 2 x the printed standard error is "about two".
    /// - Parameters:
    ///   - estimate: the validation or CV accuracy that picked the model.
    ///   - estimateName: how to call it ("the CV score", "its validation accuracy").
    ///   - estimateRows: the rows the estimate was measured on.
    ///   - candidates: how many scored candidates it was picked from; with more than
    ///     one, a gap far below is the usual optimism of a maximum.
    public static func testGapStory(estimate: Double, estimateName: String, estimateRows: Int, testAccuracy: Double,
                                    testRows: Int, candidates: Int) -> String {
        let gapUnits = printedUnits(testAccuracy, decimals: 3) - printedUnits(estimate, decimals: 3)
        let gap = Double(gapUnits) / 1000
        // A perfect (or zero) accuracy would give a standard error of 0, as if a set of
        // rows could not be lucky: then p is taken from the other measurement instead.
        func binomialError(_ p: Double, rows: Int, other: Double) -> (p: Double, error: Double, degenerate: Bool) {
            let degenerate = p <= 0 || p >= 1
            let used = degenerate ? other : p
            return (used, (used * (1 - used) / Double(max(rows, 1))).squareRoot(), degenerate)
        }
        let test = binomialError(testAccuracy, rows: testRows, other: estimate)
        let chosen = binomialError(estimate, rows: estimateRows, other: testAccuracy)
        // The difference's standard error is computed from the two errors *as printed*
        // (3 decimals), so that "sqrt(0.035^2 + 0.033^2) = 0.048" holds for the reader;
        // from the unrounded errors it would print 0.049 here.
        let (testUnits, chosenUnits) = (Double(printedUnits(test.error, decimals: 3)),
                                        Double(printedUnits(chosen.error, decimals: 3)))
        let difference = (testUnits * testUnits + chosenUnits * chosenUnits).squareRoot() / 1000
        let testNote = test.degenerate
            ? ", p = \(Format.fixed(test.p, 3)): p = \(Format.fixed(testAccuracy, 0)) would give 0" : ""
        let chosenNote = chosen.degenerate ? ", p = \(Format.fixed(chosen.p, 3))" : ""
        let (testError, chosenError) = (Format.fixed(test.error, 3), Format.fixed(chosen.error, 3))
        let gapRows = Int((abs(gap) * Double(testRows)).rounded())
        var text = "The difference from \(estimateName) is \(Format.signed(gap, 3)) (about \(gapRows) of the "
            + "\(testRows) test rows). Each accuracy has a standard error of about sqrt(p(1 - p)/n): \(testError) for "
            + "the test accuracy (n = \(testRows)\(testNote)) and \(chosenError) for \(estimateName) (n = "
            + "\(estimateRows)\(chosenNote)), so their difference has one of about sqrt(\(testError)^2 + "
            + "\(chosenError)^2) = \(Format.fixed(difference, 3))."
        let twice = 2 * printedUnits(difference, decimals: 3)
        if abs(gapUnits) < twice {
            text += " That is within two standard errors, consistent with the estimate holding up: rows this few "
                + "cannot resolve a smaller difference."
        } else if abs(gapUnits) == twice {
            text += " That is about two standard errors, " + (gap < 0 ? "below" : "above")
                + ": at the edge of what rows this few can resolve."
        } else if gap < 0 {
            text += " That is more than two standard errors below"
                + (candidates > 1 ? ", consistent with the winner's score being optimistic, the usual price of picking "
                                    + "the best of \(candidates) noisy scores." : ".")
        } else {
            text += " That is more than two standard errors above, consistent with test rows that happen to be easier "
                + "than the ones that chose the model."
        }
        return text
    }

    /// `value` as printed with `decimals` decimals, in units of the last decimal
    /// (0.753 -> 753 for 3 decimals). Differences and comparisons of these whole
    /// numbers agree with the printed values, where those of the unrounded values may
    /// not: 0.7866 - 0.7792 = 0.0074 prints as 0.007, while the printed 0.787 and 0.779
    /// differ by 0.008. (NaN and infinities, which print as words, give 0.)
    public static func printedUnits(_ value: Double, decimals: Int) -> Int {
        Int(Format.fixed(value, decimals).replacingOccurrences(of: ".", with: "")) ?? 0
    }
}
