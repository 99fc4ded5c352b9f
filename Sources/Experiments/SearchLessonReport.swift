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
    public static func medianSpread(_ result: SearchResult) -> Double {
        let spreads = result.trials.compactMap(\.foldSpread)
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

    /// The lead in a sentence: "leads the runner-up by 0.002; fold by fold ... within
    /// two standard errors ...", or nil with fewer than two scored trials.
    public static func leadStory(_ result: SearchResult) -> String? {
        guard let (lead, standardError, folds) = leadOverRunnerUp(result) else { return nil }
        var text = "The best trial leads the runner-up by \(leadText(lead))"
        guard let standardError else { return text + "." }
        text += "; fold by fold over the same \(folds) folds, that lead has a standard error of "
            + "\(Format.fixed(standardError, 3)) (the sample standard deviation of the \(folds) differences, dividing "
            + "by \(folds) - 1, / sqrt(\(folds)))"
        return text + (lead < 2 * standardError
            ? ". Within two standard errors: on other folds the order could well be different."
            : ". More than two standard errors: these folds agree on the order (although the best of many trials is "
                + "still flattered by having been picked).")
    }

    /// How far apart the scores are, and whether the best one's lead means anything.
    public static func spreadStory(_ result: SearchResult) -> String {
        let scored = result.trials.compactMap { t in t.score.map { (t, $0) } }
        guard let best = result.best, let bestScore = best.score, scored.count >= 2 else { return "" }
        let worst = scored.map(\.1).min()!
        let spreads = scored.compactMap { $0.0.foldSpread }
        let failures = result.trials.count - scored.count
        var text = "Mean accuracies range from \(Format.fixed(worst, 3)) to \(Format.fixed(bestScore, 3)); the median "
            + "fold-to-fold standard deviation is \(Format.fixed(Statistics.median(spreads), 3))."
        if let lead = leadStory(result) { text += " " + lead }
        if failures > 0 { text += " \(Format.counted(failures, "trial")) diverged or failed and were recorded without a score." }
        return text
    }

    /// The refit and its single test score, compared with the winner's CV score using
    /// the test accuracy's own standard error.
    ///
    /// An accuracy p measured on n independent rows is a binomial proportion, with
    /// standard error sqrt(p (1 - p) / n); differences within two standard errors are
    /// what a test set of that size cannot resolve.
    /// - Parameter scoredTrials: trials with a score; with more than one, the winner
    ///   was picked as a maximum, and its CV score tends to flatter it.
    public static func refitStory(best: Trial, refit: NetworkTuning.RefitResult, trainingRows: Int, testRows: Int,
                                  scoredTrials: Int) -> String {
        guard refit.run.outcome.isUsable, refit.testAccuracy.isFinite else {
            return "The refit of \(best.configuration) \(refit.run.outcome)."
        }
        var text = "The best configuration, \(best.configuration), had mean CV accuracy "
            + "\(Format.fixed(best.score ?? .nan, 3)). Retrained on all \(trainingRows) training rows and scored once on the "
            + "\(testRows) held-out test rows: accuracy \(Format.fixed(refit.testAccuracy, 3)), loss "
            + "\(Format.fixed(refit.testLoss, 4))."
        guard let score = best.score, testRows > 0 else { return text }
        let gap = refit.testAccuracy - score
        let p = refit.testAccuracy
        let standardError = (p * (1 - p) / Double(testRows)).squareRoot()
        text += " The difference from the CV score is \(Format.signed(gap, 3)); with \(testRows) rows the test accuracy "
            + "itself has a standard error of about sqrt(p(1 - p)/n) = \(Format.fixed(standardError, 3))."
        if abs(gap) <= 2 * standardError {
            text += " That is within two standard errors, consistent with the CV estimate holding up: a test set this "
                + "size cannot resolve a smaller difference."
        } else if gap < 0 {
            text += " That is more than two standard errors below"
                + (scoredTrials > 1 ? ", consistent with the winner's CV score being optimistic, the usual price of picking "
                                      + "the best of \(scoredTrials) noisy scores." : ".")
        } else {
            text += " That is more than two standard errors above, consistent with test rows that happen to be easier "
                + "than the average fold."
        }
        return text
    }
}
