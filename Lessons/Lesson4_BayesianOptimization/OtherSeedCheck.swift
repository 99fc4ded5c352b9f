// Exercise 3's check: another seed's learning-rate search against this run's, both
// winners scored again on a third seed's folds, which neither search chose on. Its
// verdict is a fold-by-fold difference against two standard errors, unless the lead
// is a row or two per fold, which that rule reads as sure when it is not.

import Experiments
import HyperSearch
import LabMath
import TextCharts

extension NoisyScoresReport {
    /// Exercise 3's check: what a run with another seed prints at the end of step 5 and
    /// in step 6's recommendation, and both seeds' winners scored on a third seed's
    /// folds, fold by fold. Not on this run's folds: this run's winner was picked as
    /// the best of its trials on them, so its score there is flattered (step 6), and
    /// the comparison would favour it.
    ///
    /// - Parameters:
    ///   - rules: the other seed's `recommendation(by: .bestObservation)` and
    ///     `recommendation()` (noise-aware), as its step 6 computes them.
    ///   - referee: the third seed, whose split, folds and initial weights neither
    ///     search chose on.
    ///   - rescored: this run's winner and the other seed's, evaluated with `referee`.
    static func otherSeedCheck(seed: UInt64, winner: Trial?,
                               rules: (luckiest: BayesianRecommendation, bestMean: BayesianRecommendation)?,
                               thisWinner: Trial?, referee: UInt64,
                               rescored: (this: Evaluation, other: Evaluation)?,
                               validationRows: Int? = nil) -> String {
        guard let sentence = bestLearningRateSentence(winner), let lr = winner?.configuration["learningRate"]?.number else {
            return "with --seed \(seed), no trial of step 5 gets a score."
        }
        var text = "with --seed \(seed), step 5 ends \"\(sentence)\""
        if let (luckiest, bestMean) = rules {
            text += " and step 6's recommendation begins \"\(headline(luckiest: luckiest, bestMean: bestMean))\""
            if luckiest.observation != bestMean.observation { text += " (and names \"\(secondPick(bestMean))\")" }
        }
        text += "."
        guard let thisWinner, let ownScore = thisWinner.score, let thisLr = thisWinner.configuration["learningRate"]?.number,
              let rescored, let thisScore = rescored.this.score, let score = rescored.other.score else { return text }
        if thisLr == lr { return text + " That is this run's winner too." }
        text += " To compare the two fairly, score both on folds neither search chose on (seed \(referee)'s split, folds "
            + "and initial weights): learning rate \(Format.compact(lr)) gets \(Format.fixed(score, 3)), against "
            + "\(Format.fixed(thisScore, 3)) for this run's winner (\(Format.compact(thisLr)); on this run's folds, where "
            + "it was picked as the best, it scored \(Format.fixed(ownScore, 3)), a number the picking tends to flatter)"
        guard let paired = SearchLessonReport.foldByFold(rescored.other.foldScores, against: rescored.this.foldScores) else {
            return text + "."
        }
        let printed = differenceAndError(paired.difference, paired.standardError, signed: true)
        text += ": fold by fold a difference of \(printed.difference) with a standard error of "
            + "\(printed.standardError), "
        if abs(paired.difference) < 2 * paired.standardError {
            return text + "within two standard errors: these folds cannot tell the two learning rates apart."
        }
        let leader = paired.difference > 0 ? "seed \(seed)'s" : "this run's"
        if let other = rescored.other.foldScores, let this = rescored.this.foldScores,
           let counts = wholeRows(zip(other, this).map { $0 - $1 }, validationRows: validationRows),
           restsOnOneRow(counts) {
            // A lead of a row or two per fold: the standard error of 3 whole numbers calls
            // it sure, one row the other way would not; say what it rests on instead.
            let sign = paired.difference > 0 ? 1 : -1
            let each = counts.map { String(sign * $0.rows) }
            let total = counts.reduce(0) { $0 + sign * $1.rows }
            let largestFold = counts.map(\.of).max() ?? 0
            return text + "more than two standard errors, but it rests on \(Format.counted(total, "validation row")) in "
                + "all: \(leader) winner got \(each.dropLast().joined(separator: ", ")) and \(each.last ?? "") more "
                + "right in the \(counts.count) folds (of about \(largestFold) rows each), and one row the other way in "
                + "one fold would bring the lead within two standard errors: these folds cannot tell the two learning "
                + "rates apart."
        }
        return text + "more than two standard errors: on these folds \(leader) winner is better."
    }

    /// Whether a fold-by-fold lead of more than two standard errors would fall within
    /// two if one validation row, in any one fold, went the other way: with a handful
    /// of folds and whole rows, the standard error can make a row or two look sure
    /// (fold differences of 1, 1 and 0 rows are exactly two standard errors).
    static func restsOnOneRow(_ counts: [(rows: Int, of: Int)]) -> Bool {
        guard counts.count >= 2 else { return true }
        let lead = Statistics.mean(counts.map { Double($0.rows) / Double($0.of) })
        let toward = lead > 0 ? 1 : -1
        return counts.indices.contains { i in
            var moved = counts
            moved[i].rows -= toward
            let d = moved.map { Double($0.rows) / Double($0.of) }
            let standardError = Statistics.standardDeviation(d, deltaDegreesOfFreedom: 1) / Double(d.count).squareRoot()
            return Double(toward) * Statistics.mean(d) <= 2 * standardError
        }
    }
}
