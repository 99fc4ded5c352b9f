// Lesson 5 after the fourth student-eye review: the comparison table prints the lead
// and the standard error with enough digits that a student who divides them gets the
// table's verdict (with 3 decimals, 0.005 / 0.001 = 5.0 passed the bar 4.30 while
// t, from the unrounded differences, was 3.50).

import Foundation
import Testing
@testable import Lesson5_ModelSelection

@Suite("Lesson 5 after review 4")
struct Lesson5Review4Tests {
    /// The review's cases (differences as printed by the lesson: `--epochs 40`,
    /// `--seed 3 --quick`, `--epochs 5 --quick`, the default step 2) and a few near
    /// the bar: the printed lead over the printed s.e. falls on the verdict's side.
    @Test func printedLeadOverStandardErrorGivesTheVerdict() throws {
        let cases: [[Double]] = [[0.006, 0.002, 0.006], [0.038, 0.045], [0.017, 0.015], [0.031, 0.024, 0.019],
                                 [0.0415, 0.0385], [0.012, 0.011, 0.0131], [0.0104, 0.0081, 0.0131], [0.1, 0.1001]]
        for differences in cases {
            let comparison = ModelSelectionReport.FoldComparison(best: "A", other: "B", differences: differences)
            let table = ModelSelectionReport.comparisonTable([comparison])
            let row = try #require(table.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                                        .first { $0.hasPrefix("B ") })
            let fields = row.split(separator: " ").map(String.init)
            // B, lead, k differences, s.e., t, verdict
            let lead = try #require(Double(fields[1]))
            let se = try #require(Double(fields[2 + differences.count]))
            let bar = try #require(comparison.criticalT)
            let printedT = try #require(Double(String(format: "%.2f", lead / se)))
            #expect((printedT > (Double(String(format: "%.2f", bar)) ?? bar)) == comparison.isClear,
                    "\(differences): \(row)")
            #expect(fields.last == (comparison.isClear ? "clear" : "inconclusive"))
            // The s.e. keeps at least 2 significant digits.
            #expect(se >= 0.00999 || fields[2 + differences.count].drop { $0 == "0" || $0 == "." }.count >= 2, "\(row)")
        }
        // --epochs 40's MLP row: t 3.50, inconclusive, and 0.0047 / 0.0013 = 3.6.
        let mlp = ModelSelectionReport.FoldComparison(best: "CNN", other: "MLP", differences: [0.006, 0.002, 0.006])
        #expect(ModelSelectionReport.comparisonTable([mlp]).contains("+0.0047  +.006 +.002 +.006  0.0013  3.50  inconclusive"))
    }

    /// "Degrees of freedom" is defined where Lesson 5 first uses it (review 4, L5-3).
    @Test func degreesOfFreedomAreDefined() {
        #expect(ModelSelectionReport.clearRule(folds: 3).contains("3 - 1 = 2 degrees of freedom (3 differences less the "
                                                                  + "one mean estimated from them; the fewer, the heavier "
                                                                  + "t's tails)"))
    }

    /// `--typo 2 --quick`: the squared-error model's test MAE went from 38.50 to 37.93
    /// (better), yet step 4 explained how the typo dominates its loss. The explanation
    /// now needs the harm it explains (review 4, L5-2b).
    @Test func theTypoExplanationNeedsTheHarm() {
        func results(mse corrupted: Double) -> [RegressionStudy.Result] {
            [.init(loss: .meanSquaredError, cleanTestMAE: 38.50, corruptedTestMAE: corrupted, cleanIntercept: 150,
                   corruptedIntercept: 150.5),
             .init(loss: .meanAbsoluteError, cleanTestMAE: 39, corruptedTestMAE: 39, cleanIntercept: 149,
                   corruptedIntercept: 149)]
        }
        let harmless = StudyReport.regressionStory(results(mse: 37.93), trainingRows: 354, before: 346, after: 692)
        #expect(!harmless.contains("one huge residual dominates") && harmless.contains("too small to matter"))
        let harmful = StudyReport.regressionStory(results(mse: 47), trainingRows: 354, before: 346, after: 3460)
        #expect(harmful.contains("one huge residual dominates") && !harmful.contains("too small to matter"))
    }

    /// `--quick` (2 folds): a lead of +0.446 "inconclusive" in step 5 read as nonsense;
    /// steps 5 and 6 now repeat step 2's reason (review 4, L5-2).
    @Test func twoFoldVerdictsSayWhy() {
        let rows = [Lesson5ReportTests().row("MLP", folds: [0.943, 0.943]),
                    Lesson5ReportTests().row("logistic regression", folds: [0.453, 0.540])]
        let comparisons = ModelSelectionReport.comparisons(rows)
        #expect(comparisons.count == 1 && !comparisons[0].isClear)
        let story = ModelSelectionReport.structureStory(rows, comparisons: comparisons, folds: 2, explain: false)
        #expect(story.contains("With 2 folds t has 1 degree of freedom: only a lead nearly the same on both folds "
                               + "is clear, however large."), "\(story)")
        let threeFolds = ModelSelectionReport.structureStory(rows, comparisons: comparisons, folds: 3, explain: false)
        #expect(!threeFolds.contains("1 degree of freedom"))
    }
}
