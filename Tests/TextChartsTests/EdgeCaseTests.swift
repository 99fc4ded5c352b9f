// Tests for the corners a student's own data reaches: an empty log-scaled chart (it
// once trapped), a run of one epoch, a series with nothing to draw; and for the small
// formatting helpers the reports use (signed differences, p-values, plurals).

import Testing
@testable import TextCharts

@Suite("Charts and formats at the edges")
struct EdgeCaseTests {
    @Test func anEmptyLogAxisIsAValidRange() {
        #expect(Axis.range(covering: [], scale: .log10) == 1...10)
        #expect(Axis.range(covering: [-1, 0, .nan], scale: .log10) == 1...10)
        #expect(Axis.range(covering: [], scale: .linear) == 0...1)
    }

    @Test func aLogChartWithNothingToDrawRendersAndSaysSo() {
        var chart = LineChart(title: "Training loss", xLabel: "epoch", yLabel: "loss")
        chart.yScale = .log10
        chart.add("diverged run", values: [], mark: "d")
        chart.add("zero loss", values: [0, 0], mark: "z")
        let text = chart.render()
        #expect(text.contains("d diverged run (no data)"))
        #expect(text.contains("z zero loss (no data)"))
        var drawn = LineChart(xLabel: "epoch", yLabel: "loss")
        drawn.add("ok", values: [0.5, 0.4], mark: "o")
        #expect(!drawn.render().contains("(no data)"))
    }

    @Test func oneEpochOnAnEpochAxisGetsWholeNumberTicks() {
        var chart = LineChart(xLabel: "epoch", yLabel: "loss")
        chart.xRange = 1...2
        chart.integerXTicks = true
        chart.add("loss", values: [0.7], mark: "*")
        // The tick labels are on the line under the x axis ("+----+----").
        let rows = chart.render().split(separator: "\n").map(String.init)
        guard let axis = rows.firstIndex(where: { $0.contains("+---") }), axis + 1 < rows.count else {
            Issue.record("no x axis in the chart")
            return
        }
        let labels = rows[axis + 1].split(separator: " ")
        #expect(labels == ["1", "2"])
    }

    @Test func overlappingSeriesAreMarkedNotHidden() {
        var chart = LineChart(xLabel: "epoch", yLabel: "accuracy")
        chart.showsOverlaps = true
        chart.add("a", values: [0.5, 0.6, 0.7], mark: "a")
        chart.add("b", values: [0.5, 0.6, 0.9], mark: "b")
        let text = chart.render()
        #expect(text.contains("&") && text.contains("& two or more series"))
        chart.showsOverlaps = false
        #expect(!chart.render().contains("&"))
    }

    @Test func theBestCellStaysVisibleUnderATrialMark() {
        var map = CompactHeatmap(values: [[0, 1], [2, 3]], xRange: 0...1, yRange: 0...1)
        map.better = .higher
        map.integerY = true
        map.addPoints("trials", points: [(x: 1, y: 1)], mark: "o")
        let text = map.render()
        #expect(text.contains("X") && text.contains("highest 3 at (1, 1)"))
    }

    @Test func aNegligibleEndOfTheShadingPrintsAsZero() {
        let legend = ShadingRamp.standard.legend(range: 7e-146...9.6e-4, decimals: nil, better: .higher)
        #expect(legend.contains("= 0 (worst)") && legend.contains("9.6e-04"))
    }

    @Test func signedPValueAndCountedFormats() {
        #expect(Format.signed(0.02, 3) == "+0.020")
        #expect(Format.signed(-0.02, 3) == "-0.020")
        #expect(Format.signed(0.0001, 3) == "0.000")
        #expect(Format.pValue(1) == "= 1")
        #expect(Format.pValue(0.0625) == "= 0.0625")
        #expect(Format.pValue(0.0004) == "< 0.001")
        #expect(Format.counted(1, "trial") == "1 trial")
        #expect(Format.counted(3, "trial") == "3 trials")
        #expect(Format.counted(2, "class", plural: "classes") == "2 classes")
    }
}
