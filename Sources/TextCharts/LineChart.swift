// LineChart.swift
//
// What this file teaches: a learning curve is a line chart of loss against epoch, and
// two curves on one chart (training and validation) tell the overfitting story.

/// Several named series drawn as lines on shared axes, with a legend.
///
/// ```swift
/// var chart = LineChart(title: "Learning curves", xLabel: "epoch", yLabel: "loss")
/// chart.add("training", values: run.history.map(\.trainingLoss), mark: "*")
/// chart.add("validation", values: run.history.compactMap(\.validationLoss), mark: "o")
/// print(chart.render())
/// ```
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var mark: Character
    }

    public var title: String?
    public var xLabel: String
    public var yLabel: String
    /// Total width in characters (labels included).
    public var width = 78
    /// Rows of the plotting area.
    public var height = 14
    public var xScale: AxisScale = .linear
    public var yScale: AxisScale = .linear
    /// Fixed ranges; nil means "fit the data".
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// x values are counts (epochs, trials): ticks only at whole numbers.
    public var integerXTicks = false
    /// Mark cells where two series meet with `overlapMark` (and say so in the legend),
    /// instead of letting the later series hide the earlier one.
    public var showsOverlaps = false
    public var overlapMark: Character = "&"
    public private(set) var series: [Series] = []

    public init(title: String? = nil, xLabel: String = "", yLabel: String = "") {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Adds a series of (x, y) points; they are sorted by x.
    public mutating func add(_ name: String, points: [(x: Double, y: Double)], mark: Character) {
        series.append(Series(name: name, points: points.sorted { $0.x < $1.x }, mark: mark))
    }

    /// Adds a series whose x values are 1, 2, 3, ... (epochs, trials).
    public mutating func add(_ name: String, values: [Double], mark: Character) {
        add(name, points: values.enumerated().map { (x: Double($0.offset + 1), y: $0.element) }, mark: mark)
    }

    /// The chart as text. Series are drawn in the order added, so later ones are on top
    /// where they overlap.
    public func render() -> String {
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) }
        var xr = xRange ?? Axis.range(covering: xs, scale: xScale, padding: 0)
        if xRange == nil, xs.isEmpty { xr = 0...1 }
        let yr = yRange ?? Axis.range(covering: ys, scale: yScale, padding: 0.05)
        var canvas = Canvas(width: width, height: height, xRange: xr, xScale: xScale, yRange: yr, yScale: yScale)
        canvas.xAxis.integerTicks = integerXTicks
        var overlapped = false
        if showsOverlaps {
            // Each series is drawn on a blank copy; a cell another series already holds
            // gets the overlap mark. Clipping marks ('^', 'v') are left as they are.
            let blank = canvas
            var owner = [[Int]](repeating: [Int](repeating: -1, count: blank.grid.first?.count ?? 0),
                                count: blank.grid.count)
            for (k, s) in series.enumerated() {
                var layer = blank
                layer.drawLine(s.points, mark: s.mark)
                for r in layer.grid.indices {
                    for c in layer.grid[r].indices where layer.grid[r][c] != " " {
                        let mark = layer.grid[r][c]
                        let shared = owner[r][c] >= 0 && owner[r][c] != k && mark == s.mark
                        canvas.set(column: c, row: r, mark: shared ? overlapMark : mark)
                        overlapped = overlapped || shared
                        owner[r][c] = k
                    }
                }
            }
        } else {
            for s in series { canvas.drawLine(s.points, mark: s.mark) }
        }
        // A series with nothing drawable (no points, or only NaN, or only values <= 0
        // on a log axis) says so in the legend rather than silently vanishing.
        var legend = series.map { s -> (Character, String) in
            let drawable = s.points.contains { $0.y.isFinite && (yScale == .linear || $0.y > 0) }
            return (s.mark, drawable ? s.name : s.name + " (no data)")
        }
        if overlapped { legend.append((overlapMark, "two or more series")) }
        return canvas.render(title: title, xLabel: xLabel, yLabel: yLabel, legend: legend)
    }
}
