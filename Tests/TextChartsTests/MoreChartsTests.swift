// Tests for the scatter plot, the heatmaps, the bar chart, the band chart and the
// running-best helper. Every chart is checked for the three promises of this module
// (plain ASCII, at most 80 columns at the default width, no trap on NaN, infinities
// or degenerate input) and for the one layout fact that makes it readable (marks in
// the right cells, columns that line up). Exact strings only where the format is a
// promise (the heatmap's cells and legend).

import Testing
@testable import TextCharts

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lines of a rendered chart.
private func lines(_ text: String) -> [String] {
    text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// Whether `text` is printable ASCII (space to '~') and newlines, with no line longer
/// than `width`.
private func isPlainASCII(_ text: String, width: Int = 80) -> Bool {
    text.unicodeScalars.allSatisfy { $0 == "\n" || ($0.value >= 0x20 && $0.value <= 0x7E) }
        && lines(text).allSatisfy { $0.count <= width }
}

/// The rows of a chart's plotting area (the lines framed by '|' or '+' at the column
/// where the x axis line starts), without the axis line itself.
private func plotRows(_ text: String) -> [String] {
    let all = lines(text)
    func isAxis(_ line: String) -> Bool {
        let t = line.trimmingCharacters(in: " ")
        return t.count > 5 && t.hasPrefix("+") && t.allSatisfy { $0 == "+" || $0 == "-" || $0 == "^" }
    }
    guard let axis = all.first(where: isAxis),
          let margin = axis.firstIndex(of: "+").map({ axis.distance(from: axis.startIndex, to: $0) }) else { return [] }
    return all.filter { line in
        guard !isAxis(line) else { return false }
        let chars = Array(line)
        guard chars.count > margin, chars[margin] == "|" || chars[margin] == "+" else { return false }
        let prefix = String(chars[..<margin]).trimmingCharacters(in: " ")
        return chars[margin] == "|" ? prefix.isEmpty : !prefix.isEmpty
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}

/// Text columns at which `mark` occurs in `line`.
private func columns(of mark: Character, in line: String) -> [Int] {
    line.enumerated().filter { $0.element == mark }.map(\.offset)
}

private let awkward: [Double] = [.nan, .infinity, -.infinity]

@Suite("Canvas extensions")
struct CanvasExtensionTests {
    @Test func minimumMarginWidensOnlyWhenLarger() {
        let narrow = Canvas(width: 60, height: 5, xRange: 0...1, yRange: 0...1)
        let wide = Canvas(width: 60, height: 5, xRange: 0...1, yRange: 0...1000, minimumMargin: 3)
        #expect(narrow.leftMargin == Canvas.marginWidth(for: narrow.yAxis))
        let aligned = Canvas(width: 60, height: 5, xRange: 0...1, yRange: 0...1, minimumMargin: wide.leftMargin)
        #expect(aligned.leftMargin == wide.leftMargin && aligned.xAxis.cells == wide.xAxis.cells)
    }

    @Test func legendWrapsOnlyWhenTooLong() {
        let short = Canvas.wrapLegend(["* a", "o b"], indent: 4, width: 80)
        #expect(short == ["    * a   o b"])
        let long = Canvas.wrapLegend((1...12).map { "\($0) series number \($0)" }, indent: 4, width: 80)
        #expect(long.count > 1 && long.allSatisfy { $0.count <= 78 && $0.hasPrefix("    ") })
    }

    @Test func axisMarksAreDrawnOnTheAxisLine() {
        var canvas = Canvas(width: 40, height: 3, xRange: 0...10, yRange: 0...1)
        canvas.plot(x: 5, y: 0.5, mark: "*")
        let text = lines(canvas.render(axisMarks: [(x: 5, mark: "^")]))
        let axisLine = text[3]
        #expect(columns(of: "^", in: axisLine) == columns(of: "*", in: text[1]))
    }
}

@Suite("Scatter plot")
struct ScatterPlotTests {
    @Test func drawsSeriesLegendAndHighlight() {
        var plot = ScatterPlot(title: "score against learning rate", xLabel: "learning rate", yLabel: "accuracy")
        plot.xScale = .log10
        plot.add("adam", points: [(x: 1e-4, y: 0.70), (x: 1e-3, y: 0.78), (x: 1e-2, y: 0.75)])
        plot.add("sgd", points: [(x: 1e-2, y: 0.65), (x: 1e-1, y: 0.72)])
        plot.highlight(x: 1e-3, y: 0.78, label: "best trial")
        let text = plot.render()
        #expect(isPlainASCII(text))
        #expect(plot.series.map(\.mark) == ["o", "x"])        // distinct default marks
        #expect(text.contains("o adam") && text.contains("x sgd") && text.contains("@ best trial (0.001, 0.78)"))
        let rows = plotRows(text)
        #expect(rows.count == 14)
        #expect(rows.joined().filter { $0 == "@" }.count == 1)
        #expect(rows.joined().filter { $0 == "o" }.count == 2)  // the third adam point is under '@'
        #expect(rows.joined().filter { $0 == "x" }.count == 2)
    }

    @Test func logAxisSpacesDecadesEqually() {
        var plot = ScatterPlot()
        plot.xScale = .log10
        plot.add("s", points: [1e-4, 1e-3, 1e-2, 1e-1].map { (x: $0, y: 1.0) }, mark: "o")
        let row = plotRows(plot.render()).first { $0.contains("o") }!
        let cs = columns(of: "o", in: row)
        #expect(cs.count == 4)
        let gaps = zip(cs, cs.dropFirst()).map { $1 - $0 }
        #expect(gaps.max()! - gaps.min()! <= 1)                  // rounding to whole cells
    }

    @Test func awkwardValuesAreSkippedNotCrashed() {
        var plot = ScatterPlot()
        plot.xScale = .log10
        plot.yScale = .log10
        plot.xRange = -1...1                                     // impossible on a log axis: ignored
        plot.add("s", points: awkward.map { (x: $0, y: 1) } + [(x: 0, y: 1), (x: -1, y: 2), (x: 1, y: 0), (x: 10, y: 5)])
        plot.highlight(x: .nan, y: 1, label: "nothing")
        let text = plot.render()
        #expect(isPlainASCII(text))
        #expect(plotRows(text).joined().filter { $0 == "o" }.count == 1)   // only (10, 5) is drawable
        #expect(!text.contains("nothing"))                       // an undrawable highlight has no legend
    }

    @Test func degenerateInputsRender() {
        var one = ScatterPlot(title: "one")
        one.add("s", points: [(x: 3, y: 3)])
        #expect(one.render().contains("o"))
        var equal = ScatterPlot()
        equal.add("s", points: Array(repeating: (x: 2, y: 0.5), count: 5))
        #expect(isPlainASCII(equal.render()) && equal.render().contains("o"))
        var empty = ScatterPlot(title: "empty")
        empty.xScale = .log10
        empty.add("none", points: [])
        #expect(empty.render().hasPrefix("empty") && isPlainASCII(empty.render()))
    }
}

@Suite("Heatmap")
struct HeatmapTests {
    static func example() -> Heatmap {
        Heatmap(title: "Validation accuracy",
                rowTitle: "learning rate", rowLabels: ["1e-04", "0.001", "0.01"],
                columnTitle: "batch size", columnLabels: ["16", "64"],
                values: [[0.70, 0.69], [0.78, 0.77], [0.76, .nan]])
    }

    @Test func rendersValuesShadingBestAndMissing() {
        // The documented example, exactly: the format is what students read.
        #expect(HeatmapTests.example().render() == """
            Validation accuracy
                                   batch size
              learning rate |    16         64
              --------------+----------------------
                      1e-04 | 0.700 ...  0.690
                      0.001 |[0.780 @@@] 0.770 %%%
                       0.01 | 0.760 ###   --
              shading " .:-=+*#%@": ' ' = 0.690 (worst) ... '@' = 0.780 (best)
              [ ] best: 0.780 at learning rate 0.001, batch size 16
              -- missing (NaN: a failed or diverged trial)
            """)
    }

    @Test func lowerIsBetterMovesTheBestCell() {
        var map = HeatmapTests.example()
        map.better = .lower
        let text = map.render()
        #expect(text.contains("[0.690    ]") && text.contains("' ' = 0.690 (best)"))
        map.better = nil
        #expect(!map.render().contains("[") && map.best == nil)
    }

    @Test func rampLevels() {
        let ramp = ShadingRamp.standard
        #expect(ramp.character(for: 0, in: 0...1) == " " && ramp.character(for: 1, in: 0...1) == "@")
        #expect(ramp.character(for: 0.55, in: 0...1) == "+")    // sixth tenth
        #expect(ramp.character(for: 7, in: 0...1) == "@")        // clamped
        #expect(ramp.level(of: .nan, in: 0...1) == nil && ramp.level(of: 3, in: 3...3) == 5)
        #expect(ShadingRamp("x").characters == ShadingRamp.standard.characters)
    }

    @Test func sixColumnsFitEightyCharacters() {
        let values = (0..<5).map { r in (0..<6).map { c in 0.5 + 0.01 * Double(r * 6 + c) } }
        let map = Heatmap(title: "grid", rowTitle: "learning rate", rowLabels: ["1e-05", "1e-04", "0.001", "0.01", "0.1"],
                          columnTitle: "batch size", columnLabels: ["16", "32", "64", "128", "256", "512"],
                          values: values)
        let text = map.render()
        #expect(isPlainASCII(text))
        #expect(text.contains("[0.790 @@]"))                     // the largest, last cell
    }

    @Test func infinitiesAndRaggedRowsDoNotCrash() {
        let map = Heatmap(rowTitle: "r", rowLabels: ["a", "b", "c"], columnTitle: "c", columnLabels: ["1", "2", "3"],
                          values: [awkward, [1, 2]])
        let text = map.render()
        #expect(isPlainASCII(text))
        #expect(text.contains("inf") && text.contains("-inf") && text.contains("--"))
        #expect(text.contains("[2.000 @@@]"))
    }

    @Test func degenerateGridsRender() {
        let empty = Heatmap(rowTitle: "", rowLabels: [], columnTitle: "", columnLabels: [], values: [])
        #expect(isPlainASCII(empty.render()))
        let allNaN = Heatmap(rowTitle: "r", rowLabels: ["a"], columnTitle: "c", columnLabels: ["1"], values: [[.nan]])
        #expect(allNaN.render().contains("no finite values"))
        let equal = Heatmap(rowTitle: "r", rowLabels: ["a", "b"], columnTitle: "c", columnLabels: ["1", "2"],
                            values: [[0.5, 0.5], [0.5, 0.5]])
        let text = equal.render()
        #expect(text.contains("all values equal 0.500") && text.contains("[0.500 +++]"))
        #expect(text.filter { $0 == "[" }.count == 1 + 1)        // one best cell (the first) and the legend
    }
}

@Suite("Compact heatmap")
struct CompactHeatmapTests {
    @Test func gpSizedGridFitsAndShowsItsGradient() {
        // 40 rows (y) x 30 columns (x), increasing in both: darkest at the top right.
        let values = (0..<40).map { i in (0..<30).map { j in Double(i) + Double(j) } }
        var map = CompactHeatmap(values: values, xRange: 1e-4...1, xScale: .log10, yRange: 0...0.5)
        map.title = "posterior mean"
        map.xLabel = "learning rate"
        map.yLabel = "dropout"
        map.better = .higher
        map.addPoints("trials", points: [(x: 1e-3, y: 0.1)], mark: "o")
        let text = map.render()
        #expect(isPlainASCII(text))
        let rows = plotRows(text)
        #expect(rows.count == 20)                                // at most 20 rows by default
        #expect(rows.first!.suffix(2).contains("X"))             // the best cell, top right
        #expect(rows.last!.dropFirst(5).hasPrefix(" "))          // lightest, bottom left
        #expect(rows.allSatisfy { $0.count == 5 + 60 })         // 30 columns, 2 characters each
        #expect(text.contains("X highest 68 at (1, 0.5)") && text.contains("o trials"))
        #expect(text.contains("' ' = 0 (worst) ... '@' = 68 (best)"))
    }

    @Test func gridColumnsGetEqualWholeCharacters() {
        // Ten columns of ten different values: each value's character appears equally often.
        let values = [(0..<10).map(Double.init)]
        let map = CompactHeatmap(values: values, xRange: 0...9, yRange: 0...1)
        let row = plotRows(map.render())[0].drop { $0 != "|" && $0 != "+" }.dropFirst()
        let counts = ShadingRamp.standard.characters.map { c in row.filter { $0 == c }.count }
        #expect(Set(counts).count == 1 && counts[0] >= 1)
    }

    @Test func rowZeroIsTheSmallestY() {
        let map = CompactHeatmap(values: [[0, 0], [9, 9]], xRange: 0...1, yRange: 0...1)
        let rows = plotRows(map.render())
        #expect(rows.first!.contains("@"))                       // y = 1 (values 9) on top
    }

    @Test func missingAndDegenerateGridsDoNotCrash() {
        var nan = CompactHeatmap(values: [awkward, [1, 2, 3]], xRange: 0...1, yRange: 0...1)
        nan.better = .lower
        let text = nan.render()
        #expect(isPlainASCII(text) && text.contains("?") && text.contains("? missing"))
        for values in [[], [[]], [[Double.nan]], [[5]], [[2, 2], [2, 2]]] as [[[Double]]] {
            var map = CompactHeatmap(values: values, xRange: 0...0, xScale: .log10, yRange: 1...1)
            map.better = .higher
            map.height = 1
            #expect(isPlainASCII(map.render()))
        }
    }
}

@Suite("Bar chart")
struct BarChartTests {
    @Test func barsAreProportionalAndValuesAligned() {
        var chart = BarChart(title: "accuracy", valueLabel: "accuracy")
        chart.add("half", value: 0.5)
        chart.add("full", value: 1.0)
        let text = lines(chart.render())
        #expect(isPlainASCII(chart.render()))
        let half = text[1].filter { $0 == "#" }.count, full = text[2].filter { $0 == "#" }.count
        #expect(abs(2 * half - full) <= 1)
        #expect(text[1].hasSuffix(" 0.500") && text[2].hasSuffix(" 1.000") && text[1].count == text[2].count)
        #expect(text.contains { $0.contains("accuracy") && $0.hasPrefix("   ") })
    }

    @Test func negativeValuesExtendLeftOfTheBaseline() {
        var chart = BarChart()
        chart.add("down", value: -1)
        chart.add("up", value: 1)
        let text = lines(chart.render())
        let zero = columns(of: "|", in: text[0])
        #expect(zero == columns(of: "|", in: text[1]))            // one baseline for all bars
        #expect(columns(of: "#", in: text[0]).allSatisfy { $0 < zero[0] })
        #expect(columns(of: "#", in: text[1]).allSatisfy { $0 > zero[0] })
        #expect(chart.render().contains("| bars start at 0"))
    }

    @Test func spreadIsAnIntervalAroundTheValue() {
        var chart = BarChart()
        chart.spreadName = "std"
        chart.add("a", value: 0.5, spread: 0.2)
        chart.add("b", value: 1.0)
        let text = chart.render()
        let row = lines(text)[0]
        let open = columns(of: "[", in: row)[0], close = columns(of: "]", in: row)[0]
        let end = columns(of: "#", in: row).max()!
        #expect(open < end && close > end && abs((end - open) - (close - end)) <= 1)
        #expect(row.hasSuffix("0.500 +/- 0.200") && text.contains("[--] value +/- std"))
    }

    @Test func baselineMovesTheStartOfTheBars() {
        var chart = BarChart()
        chart.baseline = 0.649
        chart.add("better", value: 0.78)
        chart.add("worse", value: 0.60)
        let text = lines(chart.render())
        #expect(columns(of: "|", in: text[0]) == columns(of: "|", in: text[1]))
        #expect(chart.render().contains("| bars start at 0.649"))
    }

    @Test func awkwardAndDegenerateInputsDoNotCrash() {
        var chart = BarChart()
        for (k, v) in awkward.enumerated() { chart.add("v\(k)", value: v, spread: v) }
        chart.add("ok", value: 2, spread: .nan)
        let text = chart.render()
        #expect(isPlainASCII(text) && text.contains("--") && !text.contains("nan"))
        #expect(isPlainASCII(BarChart(title: "empty").render()))
        var zeros = BarChart()
        zeros.add("z", value: 0)
        zeros.add("z2", value: 0, spread: 0)
        var one = BarChart()
        one.add(String(repeating: "long label ", count: 10), value: 123456.789, spread: 1)
        #expect(isPlainASCII(zeros.render()) && isPlainASCII(one.render()))
    }
}

@Suite("Band chart")
struct BandChartTests {
    /// A small band chart: a parabola with a band that widens away from x = 0.5.
    static func example(points: Int = 41) -> BandChart {
        let x = (0..<points).map { Double($0) / Double(max(points - 1, 1)) }
        let mean = x.map { 1 - 4 * ($0 - 0.5) * ($0 - 0.5) }
        let sd = x.map { 0.05 + 0.4 * abs($0 - 0.5) }
        var chart = BandChart(x: x, mean: mean, lower: zip(mean, sd).map { $0 - 2 * $1 },
                              upper: zip(mean, sd).map { $0 + 2 * $1 })
        chart.title = "band"
        chart.xLabel = "x"
        chart.observations = [(x: 0.5, y: 1.0), (x: 0.2, y: 0.6)]
        chart.truth = x.map { 1 - 3 * ($0 - 0.45) * ($0 - 0.45) }
        chart.acquisition = sd
        chart.nextX = 0.75
        return chart
    }

    @Test func bothChartsShareTheirColumns() {
        let text = lines(BandChartTests.example().render())
        #expect(isPlainASCII(text.joined(separator: "\n"), width: 80))
        // Two x axis lines, identical in start and length, the lower one with '^'.
        let axes = text.filter { $0.contains("+---") }
        #expect(axes.count == 2)
        #expect(axes[0].count == axes[1].count && axes[0].firstIndex(of: "+") == axes[1].firstIndex(of: "+"))
        let caret = columns(of: "^", in: axes[1])
        #expect(caret.count == 1)
        // The next-x marker runs through both charts in that same column.
        let plotRows = text.filter { $0.contains("|") && !$0.contains("next x") }
        #expect(plotRows.filter { columns(of: "|", in: $0).contains(caret[0]) }.count >= 4)
        #expect(text.last!.contains("| next x = 0.75"))
    }

    @Test func bandLiesUnderTheMeanAndAroundIt() {
        var chart = BandChartTests.example()
        chart.acquisition = nil
        chart.truth = nil
        let text = chart.render()
        #expect(text.contains(":") && text.contains("*") && text.contains("o") && !text.contains("^"))
        // In every column holding the mean, ':' appears above and below it somewhere in
        // the chart's rows: the band encloses the line.
        let rows = plotRows(text)
        let meanColumns = Set(rows.flatMap { columns(of: "*", in: $0) })
        let bandColumns = Set(rows.flatMap { columns(of: ":", in: $0) })
        #expect(meanColumns.count > 30 && meanColumns.isSubset(of: bandColumns))
    }

    @Test func logAxisAndFixedRange() {
        var chart = BandChartTests.example()
        chart.x = chart.x.map { pow(10, -4 + 3 * $0) }
        chart.observations = [(x: 1e-3, y: 5)]                    // above the fixed range
        chart.nextX = 1e-2
        chart.xScale = .log10
        chart.yRange = -1...1.5
        let text = chart.render()
        #expect(isPlainASCII(text, width: 80) && text.contains("^") && text.contains("0.001"))
    }

    /// The acquisition panel has 5 rows. Lesson 4's --quick run drew expected
    /// improvement up to 5.9e-25 there and labelled 6e-25, 5e-25, 3e-25, 2e-25 and
    /// 1e-25: 4e-25 shared a row with 3e-25 and went missing. Now every tick gets a row,
    /// so the labels read as an evenly spaced sequence.
    @Test func theAcquisitionPanelLabelsEveryTickItShows() {
        for top in [5.9e-25, 0.37, 1.0, 7.3, 0.044] {
            var chart = BandChartTests.example()
            chart.acquisition = chart.x.map { top * $0 * $0 }
            let text = lines(chart.render())
            guard let start = text.firstIndex(where: { $0.contains("acquisition") }) else {
                Issue.record("no acquisition panel")
                continue
            }
            // The panel's rows, from its title to its x axis: the labelled ones end in '+'.
            let panel = text[(start + 1)...].prefix { !$0.contains("+---") }
            let labels = panel.compactMap { row -> Double? in
                guard let plus = row.firstIndex(of: "+") else { return nil }
                return row[..<plus].split(separator: " ").last.flatMap { Double($0) }
            }
            #expect(labels.count >= 2, "top \(top): \(labels)")
            let steps = zip(labels, labels.dropFirst()).map { $0 - $1 }
            #expect(steps.allSatisfy { abs($0 - steps[0]) <= 1e-9 * top }, "top \(top): labels \(labels)")
        }
    }

    @Test func awkwardAndDegenerateInputsDoNotCrash() {
        var nan = BandChartTests.example()
        nan.mean[3] = .nan
        nan.upper[10] = .infinity
        nan.lower.removeLast(5)                                   // mismatched lengths
        nan.acquisition = [Double](repeating: .nan, count: 41)
        nan.nextX = .nan
        #expect(isPlainASCII(nan.render(), width: 80))
        let one = BandChartTests.example(points: 1)
        #expect(isPlainASCII(one.render(), width: 80) && one.render().contains("*"))
        var flat = BandChart(x: [1, 2, 3], mean: [2, 2, 2], lower: [2, 2, 2], upper: [2, 2, 2])
        flat.acquisition = [0, 0, 0]
        flat.nextX = 99                                           // outside: no marker
        #expect(isPlainASCII(flat.render(), width: 80) && !flat.render().contains("next x"))
        var empty = BandChart(x: [], mean: [], lower: [], upper: [])
        empty.xScale = .log10
        #expect(isPlainASCII(empty.render(), width: 80))
    }
}

@Suite("Running best")
struct RunningBestTests {
    @Test func runningBestSkipsFailedTrials() {
        let best = LineChart.runningBest([.nan, 0.9, 0.7, .nan, 0.8, .infinity, 0.6])
        #expect(best[0].isNaN)
        #expect(Array(best.dropFirst()) == [0.9, 0.7, 0.7, 0.7, 0.7, 0.6])
        #expect(LineChart.runningBest([0.5, 0.7, 0.6], better: .higher) == [0.5, 0.7, 0.7])
        #expect(LineChart.runningBest([]).isEmpty)
    }

    @Test func staircaseIsFlatThenVertical() {
        let points = LineChart.staircase([3, 3, 2, 2, 1])
        #expect(points.map(\.y) == [3, 3, 3, 2, 2, 2, 1])
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.x < $1.x })
    }

    @Test func lineChartDrawsSeveralMethodsAsSteps() {
        var chart = LineChart(title: "Best loss so far", xLabel: "trial", yLabel: "loss")
        chart.addRunningBest("random search", scores: [0.9, 0.8, 0.85, 0.6, 0.7, 0.65, 0.5, 0.55], mark: "r")
        chart.addRunningBest("Bayesian optimisation", scores: [0.9, 0.5, 0.45, 0.6, .nan, 0.3, 0.4, 0.35], mark: "b")
        chart.addRunningBest("failed", scores: [.nan, .nan], mark: "f")
        let text = chart.render()
        #expect(isPlainASCII(text))
        // The last flat stretch of Bayesian optimisation (trials 6 to 8 at 0.3) is one
        // long run of 'b' on the bottom row of marks.
        let row = lines(text).last { $0.contains("b") && !$0.contains("b Bayesian") }!
        #expect(row.filter { $0 == "b" }.count > 15)
        #expect(text.contains("r random search") && text.contains("f failed"))
    }
}
