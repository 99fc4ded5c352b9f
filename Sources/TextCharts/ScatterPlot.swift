// ScatterPlot.swift
//
// What this file teaches: after a random search, plot every trial's score against one
// hyperparameter. A cloud that rises and falls shows that the hyperparameter matters
// and where its good range is; a flat cloud shows that it hardly matters. Learning
// rates are drawn on a log axis, where 0.0001, 0.001 and 0.01 are equally far apart.

/// Several named series of (x, y) points, each with its own mark, on shared axes, with
/// a legend and an optional highlighted point (the best trial).
///
/// Points are not joined. Where two points fall in the same character cell the one
/// added later is shown; the highlighted point is drawn last, on top of all.
///
/// ```swift
/// var plot = ScatterPlot(title: "Random search: accuracy against learning rate",
///                        xLabel: "learning rate", yLabel: "val accuracy")
/// plot.xScale = .log10
/// plot.add("adam", points: adamTrials.map { (x: $0.lr, y: $0.accuracy) })
/// plot.add("sgd", points: sgdTrials.map { (x: $0.lr, y: $0.accuracy) })
/// plot.highlight(x: best.lr, y: best.accuracy, label: "best trial")
/// print(plot.render())
/// ```
public struct ScatterPlot: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var mark: Character
    }

    /// One point drawn with its own mark and legend entry.
    public struct Highlight: Sendable {
        public var x: Double
        public var y: Double
        public var label: String
        public var mark: Character
    }

    /// Marks given to series added without one, in this order (skipping marks in use).
    public static let defaultMarks: [Character] = ["o", "x", "+", "*", "#", "%", "=", "&", "$", "~"]

    public var title: String?
    public var xLabel: String
    public var yLabel: String
    /// Total width in characters (labels included).
    public var width = 78
    /// Rows of the plotting area.
    public var height = 14
    public var xScale: AxisScale = .linear
    public var yScale: AxisScale = .linear
    /// Fixed ranges; nil means "fit the data". Points outside a fixed x range are
    /// skipped; outside a fixed y range they are drawn at the edge as '^' or 'v'.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public private(set) var series: [Series] = []
    public var highlighted: Highlight?

    public init(title: String? = nil, xLabel: String = "", yLabel: String = "") {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// Adds a series; without a mark it gets the first of `defaultMarks` not yet used.
    public mutating func add(_ name: String, points: [(x: Double, y: Double)], mark: Character? = nil) {
        let used = Set(series.map(\.mark))
        let chosen = mark ?? ScatterPlot.defaultMarks.first { !used.contains($0) } ?? "o"
        series.append(Series(name: name, points: points, mark: chosen))
    }

    /// Marks one point (for example the best trial) with `mark`, drawn on top of the
    /// series, and names it in the legend as "label (x, y)".
    public mutating func highlight(x: Double, y: Double, label: String, mark: Character = "@") {
        highlighted = Highlight(x: x, y: y, label: label, mark: mark)
    }

    /// The plot as text.
    /// - Complexity: O(points + width x height).
    public func render() -> String {
        let points = series.flatMap(\.points) + (highlighted.map { [(x: $0.x, y: $0.y)] } ?? [])
        // A fixed range that a log axis cannot use (not positive) is ignored rather than
        // trapping; the data decide instead.
        let xr = xRange.flatMap { xScale == .linear || $0.lowerBound > 0 ? $0 : nil }
            ?? Axis.usableRange(covering: points.map(\.x), scale: xScale, padding: 0.03)
        let yr = yRange.flatMap { yScale == .linear || $0.lowerBound > 0 ? $0 : nil }
            ?? Axis.usableRange(covering: points.map(\.y), scale: yScale, padding: 0.05)
        var canvas = Canvas(width: width, height: max(2, height), xRange: xr, xScale: xScale,
                            yRange: yr, yScale: yScale)
        // Canvas.plot skips what cannot be placed: NaN, infinities, x outside the range,
        // values <= 0 on a log axis.
        for s in series {
            for p in s.points { canvas.plot(x: p.x, y: p.y, mark: s.mark) }
        }
        var legend = series.map { (mark: $0.mark, name: $0.name) }
        // The highlight is named in the legend only if it could be drawn.
        if let h = highlighted, canvas.xAxis.cell(of: h.x) != nil, canvas.row(of: h.y) != nil {
            canvas.plot(x: h.x, y: h.y, mark: h.mark)
            legend.append((h.mark, "\(h.label) (\(Format.compact(h.x)), \(Format.compact(h.y)))"))
        }
        return canvas.render(title: title, xLabel: xLabel, yLabel: yLabel, legend: legend)
    }
}
