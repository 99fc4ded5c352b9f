// Issue 8, item 3.1: "no chart ever traps on a non-finite or huge value". Every chart
// is drawn from series made of the values a diverging run or a hostile data file
// produces (NaN, infinities, the largest doubles, subnormals, values that differ in
// their last bits), alone and in pairs. A trap would end the test process, so
// reaching the expectations at all is most of the test; the rendered text must also
// be non-empty and keep the frame within its width.

import Testing
@testable import TextCharts

@Suite("Hostile input: charts")
struct HostileInputChartTests {
    static let awkward: [Double] = [
        0, 1, -1, 1e201, -1e201, 1e308, -1e308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
        .infinity, -.infinity, .nan, 1e-308, 5e-324, 1e16, 1e16 + 2, 0.3,
    ]

    /// Every pair of awkward values (and each one alone).
    static var series: [[Double]] {
        var all: [[Double]] = awkward.map { [$0] }
        for a in awkward { for b in awkward { all.append([a, b, 0.5]) } }
        return all
    }

    func checkRendered(_ text: String, _ values: [Double]) {
        #expect(!text.isEmpty, "\(values)")
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 90 }, "\(values)\n\(text)")
    }

    @Test func item3_1_lineAndScatterChartsNeverTrap() {
        for values in Self.series {
            for scale in [AxisScale.linear, .log10] {
                var line = LineChart(title: "t", xLabel: "epoch", yLabel: "loss")
                line.yScale = scale
                line.add("a", values: values, mark: "*")
                line.add("b", points: values.map { (x: $0, y: 1) }, mark: "o")
                checkRendered(line.render(), values)
                var scatter = ScatterPlot(title: "t", xLabel: "x", yLabel: "y")
                scatter.xScale = scale
                scatter.yScale = scale
                scatter.add("p", points: zip(values, values.reversed()).map { (x: $0, y: $1) })
                scatter.highlight(x: values[0], y: values.last!, label: "best")
                checkRendered(scatter.render(), values)
            }
        }
    }

    @Test func item3_1_bandBarAndHeatmapChartsNeverTrap() {
        for values in Self.series {
            let x = values.indices.map(Double.init)
            var band = BandChart(x: x, mean: values, lower: values.map { $0 - 1 }, upper: values.map { $0 + 1 })
            band.acquisition = values
            band.observations = zip(x, values).map { (x: $0, y: $1) }
            checkRendered(band.render(), values)
            var bars = BarChart(title: "t", valueLabel: "v")
            for (i, v) in values.enumerated() { bars.add("bar \(i)", value: v, spread: v) }
            checkRendered(bars.render(), values)
            var heat = Heatmap(rowTitle: "r", rowLabels: ["a", "b"], columnTitle: "c",
                               columnLabels: values.map { Format.compact($0) }, values: [values, values.reversed()])
            heat.better = .higher
            checkRendered(heat.render(), values)
            var compact = CompactHeatmap(values: [values, values.reversed()], xRange: 0...1, yRange: 0...1)
            compact.better = .lower
            checkRendered(compact.render(), values)
        }
    }

    @Test func item3_1_axesWithHugeOrNonFiniteRangesStayUsable() {
        for (lo, hi) in [(-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude), (1e16, 1e16 + 2),
                         (-Double.infinity, Double.infinity), (0, Double.nan), (5e-324, 1e-323)] {
            let range = Axis.range(covering: [lo, hi])
            #expect(range.lowerBound.isFinite && range.upperBound.isFinite, "\(lo) ... \(hi)")
            let axis = Axis(range: range, cells: 20)
            #expect(axis.ticks().count <= 40, "\(lo) ... \(hi)")
            let canvas = Canvas(width: 60, height: 8, xRange: range, yRange: range)
            for v in [lo, hi, 0, 1] { _ = canvas.row(of: v) }
        }
    }

    @Test func extra_chartsOfZeroOrNegativeSizeStillDraw() {
        for size in [0, 1, -3] {
            var line = LineChart(title: "t")
            line.width = size
            line.height = size
            line.add("a", values: [1, 2, 3], mark: "*")
            #expect(!line.render().isEmpty)
            var scatter = ScatterPlot()
            scatter.width = size
            scatter.height = size
            scatter.add("p", points: [(x: 1, y: 2)])
            #expect(!scatter.render().isEmpty)
            var band = BandChart(x: [0, 1], mean: [0, 1], lower: [-1, 0], upper: [1, 2])
            band.width = size
            band.height = size
            band.acquisitionHeight = size
            band.acquisition = [0, 1]
            #expect(!band.render().isEmpty)
            var bars = BarChart()
            bars.width = size
            bars.add("a", value: 1)
            #expect(!bars.render().isEmpty)
            var heat = Heatmap(rowTitle: "r", rowLabels: ["a"], columnTitle: "c", columnLabels: ["b"], values: [[1]])
            heat.width = size
            #expect(!heat.render().isEmpty)
            var compact = CompactHeatmap(values: [[1, 2], [3, 4]], xRange: 0...1, yRange: 0...1)
            compact.width = size
            compact.height = size
            compact.addPoints("p", points: [(x: 0.5, y: 0.5)], mark: "o")
            #expect(!compact.render().isEmpty)
        }
    }
}
