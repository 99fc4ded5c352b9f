// Tests for formatting, tables, axes and line charts: exact strings where the format
// is a promise (fixed decimals, no "-0.000"), structural checks for charts.

import Testing
@testable import TextCharts

@Suite("Formatting")
struct FormatTests {
    @Test func fixedDecimals() {
        #expect(Format.fixed(0.81234, 3) == "0.812")
        #expect(Format.fixed(-0.0001, 3) == "0.000")      // never "-0.000"
        #expect(Format.fixed(-1.5, 1) == "-1.5")
        #expect(Format.fixed(.nan, 2) == "nan" && Format.fixed(-.infinity, 2) == "-inf")
    }

    @Test func compactAndGrouped() {
        #expect(Format.compact(0.001) == "0.001")
        #expect(Format.compact(2.5) == "2.5")
        #expect(Format.compact(100) == "100")
        #expect(Format.compact(1e-5) == "1e-05")
        #expect(Format.compact(0.0001) == "1e-04")
        #expect(Format.compact(123456) == "1.23e+05")
        #expect(Format.compact(0) == "0")
        #expect(Format.grouped(1_234_567) == "1,234,567" && Format.grouped(-1000) == "-1,000" && Format.grouped(12) == "12")
        #expect(Format.percent(0.8123) == "81.2%")
    }
}

@Suite("Tables and charts")
struct ChartTests {
    @Test func tableAlignsColumns() {
        var table = Table(columns: [.init("trial"), .init("name", alignment: .left), .init("score")])
        table.addRow(["1", "baseline", "0.781"])
        table.addRow(["10", "x", "0.5"])
        #expect(table.render() == """
              trial  name      score
              -----  --------  -----
                  1  baseline  0.781
                 10  x           0.5
            """)
    }

    @Test func niceTicks() {
        #expect(Axis(range: 0...1, cells: 10).ticks() == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(Axis(range: 0.37...0.61, cells: 10).ticks().first == 0.4)
        #expect(Axis(range: 0.001...0.1, scale: .log10, cells: 10).ticks() == [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1])
        let axis = Axis(range: 1...100, scale: .log10, cells: 3)
        #expect(axis.cell(of: 10) == 1)
        #expect(axis.cell(of: 0) == nil && axis.cell(of: 1000) == nil)
    }

    @Test func lineChartDrawsEverySeriesWithinTheWidth() {
        var chart = LineChart(title: "Learning curves", xLabel: "epoch", yLabel: "loss")
        chart.add("training", values: [0.7, 0.5, 0.4, 0.35, 0.3], mark: "*")
        chart.add("validation", values: [0.72, 0.55, 0.5, 0.52, 0.56], mark: "o")
        let text = chart.render()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "Learning curves")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(text.contains("*") && text.contains("o"))
        #expect(lines.last?.contains("* training") == true && lines.last?.contains("o validation") == true)
        // The largest value (0.72, validation at epoch 1) is drawn near the top: the
        // range is padded by 5%, so within the first two plot rows.
        #expect(lines[2].contains("o") || lines[3].contains("o"))
    }

    @Test func valuesOutsideAFixedRangeAreMarkedAsClipped() {
        var chart = LineChart()
        chart.yRange = 0...1
        chart.add("s", values: [0.5, 5, 0.5], mark: "*")
        #expect(chart.render().contains("^"))
    }

    @Test func nonFiniteValuesAreSkippedNotCrashed() {
        var chart = LineChart()
        chart.add("s", values: [1, .nan, .infinity, 2], mark: "*")
        #expect(chart.render().contains("*"))
        var empty = LineChart(title: "empty")
        empty.add("none", values: [], mark: "*")
        #expect(empty.render().hasPrefix("empty"))
    }
}
