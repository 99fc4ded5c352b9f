// Lesson 6 after the second student-eye review: step 3's rows are Hyperband's
// brackets for every eta, the rank table counts diverged trials as a rung would,
// charts name only the marks they show, ties and unlisted promotions are said, step 5
// says how big its halving brackets are, and exercise commands name each flag once.

import Foundation
import HyperSearch
import LabMath
import LessonKit
import Testing
import TestSupport
@testable import Lesson6_EarlyStoppingAndHyperband

@Suite("Lesson 6 after review 2")
struct Lesson6ReviewTests {
    /// A finished search over synthetic learning curves (Lesson6ReportTests' helper).
    func search(_ curves: [[Double]], scheduler: any Scheduler, budget: SearchBudget) throws -> MultiFidelityResult {
        try Lesson6ReportTests().search(curves, scheduler: scheduler, budget: budget)
    }

    /// With R = 9 and eta = 2 Hyperband's brackets start at 1, 2, 5 and 9 epochs. The
    /// old code passed the rounded rung 5 back as r: floor(log2(9 / 5)) = 0 halvings,
    /// a single rung at 9, so "5 epochs" was never tried and "9" printed twice.
    @Test func everyBracketsFirstRungIsHalvedFrom() throws {
        let hyperband = try Brackets.hyperband(eta: 2, minResource: 1, maxResource: 9).map { $0.rungs[0].epochs }
        #expect(hyperband == [1, 2, 5, 9])
        let rows = try stride(from: 3, through: 0, by: -1).map { s in
            try Brackets.successiveHalving(eta: 2, minResource: Fidelity.minimumResource(forBracket: s, eta: 2,
                                                                                         maxEpochs: 9),
                                           maxResource: 9, initialTrials: 27)
        }
        #expect(rows.map { $0.rungs[0].epochs } == hyperband && rows.map(\.s) == [3, 2, 1, 0])
        #expect(try Brackets.successiveHalving(eta: 2, minResource: 5, maxResource: 9, initialTrials: 27)
                    .rungs.map(\.epochs) == [9])                      // the old bug
        // eta = 3 is unchanged: 1, 3, 9.
        #expect((0...2).reversed().map { Fidelity.minimumResource(forBracket: $0, eta: 3, maxEpochs: 9) } == [1, 3, 9])
    }

    /// "In the best 1/eta?" counts every trial started, diverged ones too, as a rung.
    @Test func theRankTableCountsTrialsAsARungWould() {
        // 9 started, 8 scored: a rung keeps floor(9 / 3) = 3, so rank 3 is kept
        // (floor(8 / 3) = 2 would have said no).
        let row = Fidelity.EarlyRanking(epochs: 1, correlation: 0.5, winnerRank: 3, ranked: 8, entered: 9)
        #expect(row.slots(eta: 3) == 3)
        let table = CurvesReport.rankTable([row], eta: 3)
        #expect(table.contains("3 of 8") && table.contains("yes") && !table.contains(" no"))
        let flat = table.replacingOccurrences(of: "\n  ", with: " ")
        #expect(flat.contains("floor(9 / 3) = 3 of the 9 trials started") && flat.contains("a diverged trial counts"))
    }

    /// Equal final scores are reported as a tie, with the rule that broke it.
    @Test func aTiedChoiceIsCalledATie() throws {
        let result = try search([[0.5, 0.9], [0.6, 0.9], [0.1, 0.2], [0.4, 0.9]], scheduler: FullTraining(maxResource: 2),
                                budget: .trials(4))
        let best = try #require(result.best)
        #expect(best.number == 1)
        #expect(HalvingReport.tieNote(best, result)
                    == " (tied with trials 2 and 4, which end at the same score; a tie goes to the earlier trial)")
        #expect(HalvingReport.tieNote(result.trials[2], result).isEmpty)
    }

    /// Every mark the funnel's legend names is drawn in the chart, and the chart draws
    /// no mark the legend leaves out.
    @Test func theFunnelLegendNamesTheMarksItShows() throws {
        var curves: [[Double]] = (0..<8).map { [Double](repeating: 0.5 + 0.01 * Double($0), count: 9) }
        curves.append((1...9).map { 0.2 + 0.08 * Double($0) })
        let full = try search(curves, scheduler: FullTraining(maxResource: 9), budget: .trials(9))
        let halving = try search(curves, scheduler: SuccessiveHalving(eta: 3, minResource: 1, maxResource: 9),
                                 budget: .epochs(100))
        let chart = HalvingReport.funnel(halving, truth: GroundTruth(full))
        let lines = chart.components(separatedBy: "\n")
        let axis = try #require(lines.firstIndex { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("+-") || trimmed.hasPrefix("++")
        })
        let plot = lines[2..<axis].map { line in String(line.drop { $0 != "+" && $0 != "|" }.dropFirst()) }.joined()
        let legend = lines[(axis + 3)...].joined(separator: "\n")
        let drawn = Set(plot.filter { $0 != " " })
        for mark in drawn { #expect(legend.contains("\(mark) "), "\(mark) is drawn but not in the legend:\n\(chart)") }
        for mark: Character in [".", "o", "+", "@", ":", "v"] where legend.contains("   \(mark) ") {
            #expect(drawn.contains(mark), "\(mark) is in the legend but not drawn:\n\(chart)")
        }
    }

    /// Band charts name 'v' when they clip low values at the bottom edge.
    @Test func clippedValuesAreNamedInTheLegend() {
        let chart = "title\n0.96 +  ***\n     |vv :::\n     +----+----\n      * median   : quartiles"
        #expect(ComparisonReport.clippedLegend(chart, low: 0.95, high: 0.97)
                    .hasSuffix("* median   : quartiles   v below 0.95"))
        let clean = "validation\n0.96 +  ***\n     +----+----\n      * median   : quartiles"
        #expect(ComparisonReport.clippedLegend(clean, low: 0.95, high: 0.97) == clean)
    }

    /// Step 5 says its halving brackets start eta^s_max trials, and a rung table says
    /// what "+N" means when it cuts the list of promoted trials.
    @Test func stepFiveSaysHowBigItsBracketsAre() throws {
        let intro = ComparisonReport.intro(budget: 111, maxEpochs: 9, seeds: 7, eta: 3, sMax: 2, stepTwoTrials: 27)
        #expect(intro.contains("eta^s_max = 3^2 = 9 trials on the first rung, not step 2's 27"))
        #expect(intro.contains("Latin hypercube"))
        #expect(ComparisonReport.intro(budget: 74, maxEpochs: 9, seeds: 2, eta: 3, sMax: 2, stepTwoTrials: 9)
                    .contains("9 trials on the first rung (as in step 2)"))
        let curves = (0..<27).map { i in [Double](repeating: Double(i) / 30, count: 9) }
        let result = try search(curves, scheduler: SuccessiveHalving(eta: 3, minResource: 1, maxResource: 9,
                                                                     initialTrials: 27, brackets: 1),
                                budget: .epochs(1_000))
        let table = MultiFidelityReport.rungTable(result)
        #expect(table.contains("+5") && table.contains("+N means N more promoted, not listed"))
    }

    /// The review's reproducing run: --eta 2 tries every bracket's first rung once, and
    /// the exercises never name a flag twice.
    @Test func etaTwoTriesEveryFirstRung() throws {
        let run = try LessonRunner.run("Lesson6_EarlyStoppingAndHyperband", ["--quick", "--eta", "2"])
        #expect(run.status == 0, "\(run.standardError)")
        let rows = run.standardOutput.components(separatedBy: "\n").filter { $0.hasPrefix("     1 epoch") ||
            $0.hasPrefix("    2 epochs") || $0.hasPrefix("    5 epochs") || $0.hasPrefix("    9 epochs") }
        #expect(rows.count == 4, "\(rows)")
        let out = LessonRunner.flattened(run.standardOutput)
        #expect(out.contains("--eta 3 --quick") && !out.contains("--eta 3 --quick --eta 2"))
        #expect(LessonRunner.layoutProblems(in: run.standardOutput).isEmpty)
    }
}
