// ModelSelectionReport.swift
//
// What this file teaches: how to present a model comparison so that it can be trusted:
// the same columns for every candidate (size, cost, cross-validated accuracy and its
// std), candidates compared fold by fold on the same folds, ties called ties, and
// sentences that only state what the numbers show. It only formats: every number comes
// from main.swift's computations.

import Foundation
import HyperSearch
import LabMath
import LessonKit
import TextCharts

enum ModelSelectionReport {
    /// One candidate's row.
    struct Row {
        /// The structure's name, used in sentences and comparisons.
        let name: String
        /// The name in the table, when it says more (e.g. "MLP (79 units)").
        var label: String? = nil
        /// The learning rate, when the rows were tuned and differ in it.
        var learningRate: Double? = nil
        let parameters: Int
        let multiplyAddsPerExample: Int
        let evaluation: Evaluation
    }

    /// The candidates side by side, with a legend that defines each column.
    static func table(_ rows: [Row]) -> String {
        let showRates = rows.contains { $0.learningRate != nil }
        var columns: [Table.Column] = [.init("model", alignment: .left)]
        if showRates { columns.append(.init("lr")) }
        columns += [.init("params"), .init("MACs/ex."), .init("CV acc"), .init("std"), .init("epochs")]
        var table = Table(columns: columns)
        for r in rows {
            let scores = r.evaluation.foldScores ?? []
            var cells = [r.label ?? r.name]
            if showRates { cells.append(r.learningRate.map { Format.compact($0) } ?? "-") }
            cells += [Format.grouped(r.parameters), Format.grouped(r.multiplyAddsPerExample),
                      r.evaluation.score.map { Format.fixed($0, 3) } ?? "failed",
                      scores.isEmpty ? "-" : Format.fixed(Statistics.standardDeviation(scores), 3),
                      "\(r.evaluation.cost.epochs)"]
            table.addRow(cells)
        }
        return table.render()
    }

    // MARK: Comparing candidates fold by fold

    /// The best candidate against another, on the same folds.
    struct FoldComparison {
        let best: String
        let other: String
        /// best_i - other_i for each fold i.
        let differences: [Double]

        /// The best's lead: the mean of the fold differences (= the difference of the means).
        var lead: Double { Statistics.mean(differences) }
        /// sd(d) / sqrt(k), with the sample standard deviation (k - 1) of the k
        /// differences; nil with fewer than two folds.
        var standardError: Double? {
            differences.count < 2 ? nil
                : Statistics.standardDeviation(differences, deltaDegreesOfFreedom: 1) / Double(differences.count).squareRoot()
        }
        /// t = lead / s.e., the paired t statistic (infinite when every fold differs by
        /// the same nonzero amount); nil with fewer than two folds.
        var t: Double? {
            guard let se = standardError else { return nil }
            return se > 0 ? lead / se : (lead == 0 ? 0 : lead.sign == .minus ? -.infinity : .infinity)
        }
        /// The bar t must pass: Student's t_{0.975, k - 1} for k folds.
        var criticalT: Double? { StudentT.twoSidedCriticalValue5Percent(degreesOfFreedom: differences.count - 1) }
        /// Clear when t exceeds the bar, i.e. the paired t-test rejects "equally good" at
        /// the two-sided 5% level; otherwise inconclusive (also with fewer than two folds).
        /// Both are compared as printed, to 2 decimals, so that the verdict follows from
        /// the table: a t that prints as the bar (4.30 against 4.30) is not above it.
        var isClear: Bool {
            guard let t, let bar = criticalT else { return false }
            guard t.isFinite else { return t > 0 }
            let printed = { (x: Double) in Double(Format.fixed(x, 2)) ?? x }
            return printed(t) > printed(bar)
        }
        /// The decimals the table prints the lead and the s.e. with: 2 significant digits
        /// of the s.e. (at least 3 decimals), more (up to 6) while the printed lead over
        /// the printed s.e. would land on the other side of the bar than t does. (With 2
        /// folds and 3 decimals, 0.041 / 0.003 = 13.7 passed 12.71 while t was 11.80.)
        var printedDecimals: Int {
            guard let se = standardError, se > 0, se.isFinite else { return 3 }
            var decimals = max(3, 1 - Int(log10(se).rounded(.down)))
            while decimals < 6 && !printedRatioAgrees(decimals: decimals) { decimals += 1 }
            return decimals
        }
        /// Whether lead / s.e., both rounded to `decimals`, gives this comparison's verdict.
        func printedRatioAgrees(decimals: Int) -> Bool {
            guard let se = standardError, let bar = criticalT,
                  let printedLead = Double(Format.fixed(lead, decimals)),
                  let printedSE = Double(Format.fixed(se, decimals)), printedSE > 0 else { return true }
            let printed = { (x: Double) in Double(Format.fixed(x, 2)) ?? x }
            return (printed(printedLead / printedSE) > printed(bar)) == isClear
        }
        /// On how many folds the best was ahead.
        var foldsAhead: Int { differences.filter { $0 > 0 }.count }
    }

    /// The scored rows ranked by mean accuracy, best first (ties in row order), and the
    /// best one's comparison with each other row that has the same folds.
    static func comparisons(_ rows: [Row]) -> [FoldComparison] {
        let ranked = ranking(rows)
        guard let best = ranked.first, let bestFolds = best.evaluation.foldScores else { return [] }
        return ranked.dropFirst().compactMap { row in
            guard let folds = row.evaluation.foldScores, folds.count == bestFolds.count else { return nil }
            return FoldComparison(best: best.name, other: row.name, differences: zip(bestFolds, folds).map { $0 - $1 })
        }
    }

    /// Scored rows, highest mean accuracy first; equal means keep their order.
    static func ranking(_ rows: [Row]) -> [Row] {
        let scored = rows.filter { $0.evaluation.score != nil }
        return scored.enumerated().sorted { a, b in
            a.element.evaluation.score! > b.element.evaluation.score!
                || (a.element.evaluation.score! == b.element.evaluation.score! && a.offset < b.offset)
        }.map(\.element)
    }

    /// The names that share the best mean accuracy as printed (3 decimals).
    static func tiedForBest(_ rows: [Row]) -> [String] {
        let ranked = ranking(rows)
        guard let top = ranked.first?.evaluation.score else { return [] }
        return ranked.filter { Format.fixed($0.evaluation.score!, 3) == Format.fixed(top, 3) }.map(\.name)
    }

    /// The fold-by-fold comparisons as a table, headed "MLP vs."; when a long name and
    /// wide numbers would pass 80 columns, the best is named on a line above instead.
    /// An infinite t gets a note under the table saying why.
    static func comparisonTable(_ comparisons: [FoldComparison]) -> String {
        guard let first = comparisons.first else { return "" }
        var table = comparisonTable(comparisons, firstHeader: "\(first.best) vs.")
        if table.split(separator: "\n").contains(where: { $0.count > 80 }) {
            table = "  \(first.best) vs. each model below:\n" + comparisonTable(comparisons, firstHeader: "model")
        }
        return table + (infiniteTNote(comparisons).map { "\n" + Prose.wrap($0, indent: "  ") } ?? "")
    }

    /// "t = inf against the CNN: ..." when every fold difference is the same nonzero
    /// lead (s.e. 0, so lead / s.e. is infinite and passes any bar: clear, by the same
    /// rule as every other row); nil when no t is infinite.
    static func infiniteTNote(_ comparisons: [FoldComparison]) -> String? {
        let equal = comparisons.filter { $0.t == .infinity }
        guard let one = equal.first else { return nil }
        let differences = equal.count == 1 ? "its \(one.differences.count) fold differences are equal "
            + "(\(Format.signed(one.differences[0], one.printedDecimals)) on every fold)"
            : "each one's fold differences are equal"
        return "t = inf against \(theList(equal.map(\.other))): \(differences), so their s.e. is 0 and t = lead / "
            + "s.e. is infinite: a lead that does not vary from fold to fold is above any bar, so it is called clear."
    }

    private static func comparisonTable(_ comparisons: [FoldComparison], firstHeader: String) -> String {
        var table = Table(columns: [.init(firstHeader, alignment: .left), .init("lead"),
                                    .init("fold differences", alignment: .left), .init("s.e."), .init("t"),
                                    .init("verdict", alignment: .left)])
        for c in comparisons {
            let decimals = c.printedDecimals
            table.addRow([c.other, Format.signed(c.lead, decimals), c.differences.map(shortSigned).joined(separator: " "),
                          c.standardError.map { Format.fixed($0, decimals) } ?? "-", c.t.map { Format.fixed($0, 2) } ?? "-",
                          c.isClear ? "clear" : "inconclusive"])
        }
        return table.render()
    }

    /// A difference in 3 decimals without the leading zero, always 5 characters so that
    /// the fold columns line up: 0.012 -> "+.012", -0.004 -> "-.004", and a difference
    /// that rounds to zero, which has no sign, -> " .000".
    static func shortSigned(_ x: Double) -> String {
        let text = Format.signed(x, 3)
        let signed = text.hasPrefix("+") || text.hasPrefix("-")
        return (signed ? "" : " ") + text.replacingOccurrences(of: "0.", with: ".")
    }

    /// Which candidate is best, whether it is clearly so, and what it costs.
    /// - Parameter explain: say what a fold-by-fold comparison is (the first time).
    static func structureStory(_ rows: [Row], comparisons: [FoldComparison], folds: Int, explain: Bool) -> String {
        let ranked = ranking(rows)
        guard let best = ranked.first, let bestScore = best.evaluation.score else { return "No candidate produced a score." }
        let tied = tiedForBest(rows)
        var text = tied.count > 1
            ? "T" + theList(tied).dropFirst() + " tie for the best cross-validated accuracy, \(Format.fixed(bestScore, 3)) as "
                + "printed; the comparison starts from the \(best.name)."
            : "The \(best.name) has the best cross-validated accuracy, \(Format.fixed(bestScore, 3))."
        if explain { text += " " + clearRule(folds: folds) }
        let clear = comparisons.filter(\.isClear).map(\.other)
        let unclear = comparisons.filter { !$0.isClear }.map(\.other)
        if !clear.isEmpty { text += " Clearly ahead of " + theList(clear) + "." }
        if !unclear.isEmpty {
            let bar = StudentT.twoSidedCriticalValue5Percent(degreesOfFreedom: folds - 1).map { Format.fixed($0, 2) }
            text += " Against " + theList(unclear) + ": inconclusive" + (bar.map { " (t not above \($0))" } ?? "")
                + "; on these folds the lead could be chance."
        }
        if !explain, folds == 2, !unclear.isEmpty {
            // Step 2 explains this; steps 5 and 6 repeat the reason in one sentence.
            text += " (With 2 folds t has 1 degree of freedom: only a lead nearly the same on both folds is clear, "
                + "however large.)"
        }
        if explain, folds == 2 {
            text += " With 2 folds t has 1 degree of freedom, so only a lead that is nearly the same on both folds is "
                + "clear; the default run's 3 folds set the bar at "
                + Format.fixed(StudentT.twoSidedCriticalValue5Percent(degreesOfFreedom: 2) ?? .nan, 2) + "."
        }
        if explain, let allAhead = comparisons.first(where: { $0.foldsAhead == $0.differences.count }), folds < 6 {
            text += " (Counting folds alone could never be enough here: with \(folds) folds even \(folds) to 0, as "
                + "against the \(allAhead.other), has sign-test p "
                + Format.pValue(Statistics.signTestPValue(wins: folds, losses: 0))
                + "; the t-test also weighs how large and how steady the differences are.)"
        }
        if let cheapest = ranked.min(by: { $0.multiplyAddsPerExample < $1.multiplyAddsPerExample }), cheapest.name != best.name {
            let ratio = Double(best.multiplyAddsPerExample) / Double(max(cheapest.multiplyAddsPerExample, 1))
            text += " The \(best.name) needs \(Format.fixed(ratio, 1)) times as many multiply-adds per example as the "
                + "\(cheapest.name)."
        }
        return text
    }

    /// What the comparison table's columns mean and when a lead is called clear: the
    /// paired t-test at the two-sided 5% level (Student's t with k - 1 degrees of
    /// freedom), with its caveat for cross-validation folds (Dietterich 1998).
    static func clearRule(folds: Int) -> String {
        let bar = StudentT.twoSidedCriticalValue5Percent(degreesOfFreedom: folds - 1).map { Format.fixed($0, 2) } ?? "-"
        return "Since every candidate was scored on the same \(folds) folds, they are compared fold by fold: each "
            + "fold's difference cancels what is common to that fold (an easy or a hard part of the data). The lead is "
            + "the mean difference; its standard error (s.e.) is the sample standard deviation of the \(folds) "
            + "differences (dividing by \(folds) - 1) over sqrt(\(folds)), and t = lead / s.e., computed before "
            + "rounding (the table prints the lead and s.e. with enough digits for lead / s.e. to give the same "
            + "verdict). A lead is called clear "
            + "when t exceeds \(bar), anything less inconclusive. That is the paired t-test at the 5% level: if both "
            + "candidates were equally good, t would follow Student's t distribution with \(folds) - 1 = "
            + "\(Format.counted(folds - 1, "degree")) of freedom (\(folds) differences less the one mean estimated "
            + "from them; the fewer, the heavier t's tails), which lies beyond +-\(bar) only 5% of the time "
            + "(the normal's +-1.96 would do only with many folds). Even a clear lead is weaker evidence than it "
            + "looks: the folds share training images, so their differences are not independent as the test assumes "
            + "(Dietterich 1998, \"Approximate statistical tests for comparing supervised classification learning "
            + "algorithms\")."
    }

    /// "A", "A and B", "A, B and C".
    static func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// "the A, the B and the C".
    static func theList(_ names: [String]) -> String { list(names.map { "the " + $0 }) }

    /// "CNN 0.982 > MLP 0.978 = logistic regression 0.978": best first, "=" between
    /// neighbours that print the same, NaN last.
    static func order(_ entries: [(name: String, value: Double)], decimals: Int = 3) -> String {
        let sorted = entries.enumerated().sorted { a, b in
            let (x, y) = (a.element.value, b.element.value)
            if x.isNaN != y.isNaN { return y.isNaN }
            return x > y || (!(y > x) && a.offset < b.offset)
        }.map(\.element)
        var text = ""
        for (i, entry) in sorted.enumerated() {
            if i > 0 {
                text += Format.fixed(entry.value, decimals) == Format.fixed(sorted[i - 1].value, decimals) ? " = " : " > "
            }
            text += "\(entry.name) \(Format.fixed(entry.value, decimals))"
        }
        return text
    }

    /// A note when tuned learning rates sit at an end of the searched range (within a
    /// tenth of its width on the log scale), nil otherwise: the best value may lie
    /// outside the range, so the comparison "at their best" is not final.
    static func rangeEdgeNote(_ rows: [Row], range: ClosedRange<Double>) -> String? {
        let (lo, hi) = (log10(range.lowerBound), log10(range.upperBound))
        var top: [String] = [], bottom: [String] = []
        for row in rows {
            guard let lr = row.learningRate else { continue }
            let position = (log10(lr) - lo) / (hi - lo)
            if position >= 0.9 { top.append("the \(row.name) (\(Format.compact(lr)))") }
            if position <= 0.1 { bottom.append("the \(row.name) (\(Format.compact(lr)))") }
        }
        var parts: [String] = []
        if !top.isEmpty { parts.append(list(top) + " at the top end") }
        if !bottom.isEmpty { parts.append(list(bottom) + " at the bottom end") }
        guard !parts.isEmpty else { return nil }
        return (top.count + bottom.count == 1 ? "The best learning rate sits" : "The best learning rates sit")
            + " at an end of the searched range [\(Format.compact(range.lowerBound)), "
            + "\(Format.compact(range.upperBound))]: " + parts.joined(separator: "; ") + ". A better value may lie "
            + "beyond that end, so \"at its best\" is only as good as the range. In a real study, widen the range "
            + "there and search again."
    }
}
