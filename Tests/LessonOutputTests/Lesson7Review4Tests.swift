// Lesson 7 after the fourth student-eye review: step 5's sentences follow the signs of
// this run's numbers, the convergence chart's legend names only what it draws, and
// a few words say exactly what the code does.

import Foundation
@testable import HyperSearch
import Testing
@testable import Lesson7_ChoosingATuner

@Suite("Lesson 7 after review 4")
struct Lesson7Review4Tests {
    func point(_ trials: Int, inner: [Double], heldOut: [Double]) -> OptimismPoint {
        OptimismPoint(trials: trials, innerScores: inner, heldOutScores: heldOut,
                      optimism: zip(inner, heldOut).map { $0 - $1 })
    }

    /// `--seed 3 --quick`: the winners' held-out accuracy fell from 0.751 to 0.746 and
    /// the median optimism after 4 trials was a small negative number printed 0.000
    /// next to "negative for 1"; the 1-trial explanation assumed a negative gap.
    @Test func stepFiveFollowsTheSigns() {
        let fell = KeepingReport.heldOutGain(from: 0.751, to: 0.746)
        #expect(fell == "The held-out accuracy of the winners fell from 0.751 to 0.746: searching gained nothing here.")
        #expect(KeepingReport.heldOutGain(from: 0.7, to: 0.75).hasSuffix("that is what searching really gained."))
        #expect(KeepingReport.heldOutGain(from: 0.7501, to: 0.7499).contains("stayed at 0.750"))
        #expect(KeepingReport.signed(-0.0003) == "-0.000" && KeepingReport.signed(0.0003) == "+0.000")
        #expect(KeepingReport.signed(0) == "0.000" && KeepingReport.signed(0.012) == "+0.012")
        let story = KeepingReport.optimismStory([point(1, inner: [0.76], heldOut: [0.751]),
                                                 point(4, inner: [0.7457], heldOut: [0.746])])
        #expect(story.contains("(median +0.009) is not flattery: it is how one configuration's inner CV score"), "\(story)")
        #expect(!story.contains("more rows usually score better"))
        #expect(story.contains("went from +0.009 to -0.000") && story.contains("negative for 1"), "\(story)")
        #expect(story.contains("fell from 0.751 to 0.746") && !story.contains("really gained"), "\(story)")
        let negative = KeepingReport.optimismStory([point(1, inner: [0.74], heldOut: [0.75]),
                                                    point(4, inner: [0.78], heldOut: [0.76])])
        #expect(negative.contains("more rows usually score better") && negative.contains("rose from 0.750 to 0.760"))
    }

    /// Random search's median line lies under TPE's (the same first trials): the
    /// legend said "r random" with no 'r' drawn, and "= both" where the bands never met.
    @Test func theLegendNamesOnlyDrawnMarks() {
        var chart = ConvergenceChart(title: "t", xLabel: "trial", yLabel: "accuracy", x: [1, 2, 3, 4])
        let median = [0.5, 0.6, 0.7, 0.8]
        chart.lines = [.init(name: "random", mark: "r", median: median, lower: median.map { $0 - 0.3 },
                             upper: median.map { $0 - 0.2 }),
                       .init(name: "TPE", mark: "t", median: median, lower: median.map { $0 + 0.2 },
                             upper: median.map { $0 + 0.3 })]
        chart.bands = [0, 1]
        let text = chart.render()
        #expect(text.contains("r random (under the others)") && text.contains("t TPE"))
        #expect(text.contains(". random quartiles") && text.contains(": TPE quartiles"))
        #expect(!text.contains("= both"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }
}
