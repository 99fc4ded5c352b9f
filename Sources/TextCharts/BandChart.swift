// BandChart.swift
//
// What this file teaches: one step of Bayesian optimisation in one picture. The top
// chart shows what the model believes (a mean line inside a band of uncertainty that
// is narrow near the observations and wide far from them); the chart under it, on the
// same x axis, shows how much each x is worth trying next. The next point is where the
// lower chart peaks, often where the band is wide, not where the mean is best.

/// A mean line inside a shaded band, observed points and an optional true function on
/// one chart, with an optional second, shorter chart of an acquisition function under
/// it on exactly the same x axis (same column for the same x).
///
/// The inputs are plain arrays over one x grid, so the chart knows nothing about
/// Gaussian processes: `mean`, `lower`, `upper`, `truth` and `acquisition` hold one
/// value per element of `x` (if the lengths differ, the shortest length is used; NaN
/// and infinite values are skipped).
///
/// ```swift
/// // mean and sd: a Gaussian process's posterior at each point of `grid`.
/// var chart = BandChart(x: grid, mean: mean, lower: zip(mean, sd).map { $0 - 2 * $1 },
///                       upper: zip(mean, sd).map { $0 + 2 * $1 })
/// chart.title = "Bayesian optimisation, 4 observations"
/// chart.xLabel = "x"
/// chart.yLabel = "f(x)"
/// chart.observations = observed            // [(x: Double, y: Double)]
/// chart.truth = grid.map(f)                // optional
/// chart.acquisition = expectedImprovement  // optional, one value per grid point
/// chart.nextX = grid[argmax]               // '|' in the top chart, '^' under the lower one
/// print(chart.render())
/// ```
public struct BandChart: Sendable {
    public var title: String?
    public var xLabel = ""
    public var yLabel = ""
    /// The lower chart's title, printed above it.
    public var acquisitionLabel = "acquisition"
    /// Total width in characters, labels included.
    public var width = 78
    /// Rows of the top chart and of the acquisition chart.
    public var height = 14
    public var acquisitionHeight = 5
    /// A log10 x axis (for learning rates); the grid must then be positive.
    public var xScale: AxisScale = .linear
    /// A fixed y range for the top chart; nil fits everything. Observations or means
    /// outside it are drawn at the edge as '^' or 'v', the band is cut at the edge.
    public var yRange: ClosedRange<Double>?

    public var x: [Double]
    public var mean: [Double]
    public var lower: [Double]
    public var upper: [Double]
    public var truth: [Double]?
    public var acquisition: [Double]?
    public var observations: [(x: Double, y: Double)] = []
    public var nextX: Double?

    // Marks and legend names; the defaults read well for a Gaussian process.
    public var bandMark: Character = ":"
    public var meanMark: Character = "*"
    public var truthMark: Character = "."
    public var observationMark: Character = "o"
    public var acquisitionMark: Character = "*"
    public var meanName = "mean"
    public var bandName = "mean +/- 2 sd"
    public var truthName = "true function"
    public var observationName = "observations"

    /// - Parameters:
    ///   - x: the grid, sorted or not (it is sorted together with the values).
    ///   - mean, lower, upper: the band's centre line and edges at each grid point.
    public init(x: [Double], mean: [Double], lower: [Double], upper: [Double]) {
        self.x = x
        self.mean = mean
        self.lower = lower
        self.upper = upper
    }

    /// Both charts as text.
    /// - Complexity: O(n log n) for n grid points, plus O(width x height) to draw.
    public func render() -> String {
        let n = [x.count, mean.count, lower.count, upper.count].min()!
        // Grid points with a finite, usable x, sorted by x, each with its index.
        let order = (0..<n).filter { x[$0].isFinite && (xScale == .linear || x[$0] > 0) }
            .sorted { x[$0] < x[$1] }
        let xs = order.map { x[$0] }
        func column(_ values: [Double]?) -> [Double] {
            guard let values else { return [] }
            return order.map { $0 < values.count ? values[$0] : .nan }
        }
        let m = column(mean), lo = column(lower), hi = column(upper)
        let truthValues = column(truth), acquisitionValues = column(acquisition)

        // Axes. The x range covers the grid and the observations; the top y range
        // covers the band, the mean, the truth and the observations.
        let xr = Axis.usableRange(covering: xs + observations.map(\.x), scale: xScale, padding: 0)
        let topValues = m + lo + hi + truthValues + observations.map(\.y)
        let yr = yRange ?? Axis.range(covering: topValues, padding: 0.05)
        let ar = Axis.range(covering: acquisitionValues, padding: 0.05)
        let hasAcquisition = acquisitionValues.contains(where: \.isFinite)
        // Both charts get the wider of the two y-label margins and the same width, so
        // their x axes are identical: same cells, same column for every x.
        var margin = Canvas.marginWidth(for: Axis(range: yr, cells: max(2, height)))
        if hasAcquisition {
            margin = max(margin, Canvas.marginWidth(for: Axis(range: ar, cells: max(2, acquisitionHeight))))
        }
        var top = Canvas(width: width, height: max(2, height), xRange: xr, xScale: xScale, yRange: yr,
                         minimumMargin: margin)

        // Layers, bottom to top: the next-x marker, the band, the true function, the
        // mean, the observations. The marker is drawn first, so it shows only where
        // nothing else is (above and below the band) and never hides a mark.
        let nextColumn = nextX.flatMap { top.xAxis.cell(of: $0) }
        if let c = nextColumn {
            for r in 0..<top.yAxis.cells { top.set(column: c, row: r, mark: "|") }
        }
        for c in 0..<top.xAxis.cells {
            let xc = top.xAxis.value(atCell: c)
            guard let a = BandChart.interpolate(lo, at: xc, grid: xs, axis: top.xAxis),
                  let b = BandChart.interpolate(hi, at: xc, grid: xs, axis: top.xAxis),
                  let ra = top.row(of: min(a, b)), let rb = top.row(of: max(a, b)) else { continue }
            // Row 0 is the top, so the upper edge has the smaller row number.
            for r in rb.row...ra.row { top.set(column: c, row: r, mark: bandMark) }
        }
        if !truthValues.isEmpty { top.drawLine(Array(zip(xs, truthValues)).map { (x: $0.0, y: $0.1) }, mark: truthMark) }
        top.drawLine(Array(zip(xs, m)).map { (x: $0.0, y: $0.1) }, mark: meanMark)
        for p in observations { top.plot(x: p.x, y: p.y, mark: observationMark) }

        var legend: [(mark: Character, name: String)] = [(observationMark, observationName), (meanMark, meanName),
                                                         (bandMark, bandName)]
        if truthValues.contains(where: \.isFinite) { legend.append((truthMark, truthName)) }
        if let nextX, nextColumn != nil { legend.append(("|", "next x = \(Format.compact(nextX, significantDigits: 4))")) }

        guard hasAcquisition else {
            return top.render(title: title, xLabel: xLabel, yLabel: yLabel, legend: legend)
        }
        var text = top.render(title: title, yLabel: yLabel)
        var bottom = Canvas(width: width, height: max(2, acquisitionHeight), xRange: xr, xScale: xScale, yRange: ar,
                            minimumMargin: margin)
        // A short panel: every tick labelled, fewer of them if need be.
        bottom.labelsEveryTick = true
        if let c = nextColumn {
            for r in 0..<bottom.yAxis.cells { bottom.set(column: c, row: r, mark: "|") }
        }
        bottom.drawLine(Array(zip(xs, acquisitionValues)).map { (x: $0.0, y: $0.1) }, mark: acquisitionMark)
        var marks: [(x: Double, mark: Character)] = []
        if let nextX, nextColumn != nil { marks.append((x: nextX, mark: Character("^"))) }
        text += "\n" + bottom.render(xLabel: xLabel, yLabel: acquisitionLabel, legend: legend, axisMarks: marks)
        return text
    }

    /// The value at `xc`, linearly interpolated (in axis position, so in log10 x on a log
    /// axis) between the neighbouring grid points; nil outside the grid or when either
    /// neighbour is not finite.
    static func interpolate(_ values: [Double], at xc: Double, grid: [Double], axis: Axis) -> Double? {
        guard let first = grid.first, let last = grid.last, xc >= first, xc <= last, values.count == grid.count else {
            // A one-point grid still shows its value in the column of that point.
            if grid.count == 1, values.count == 1, axis.cell(of: grid[0]) == axis.cell(of: xc), values[0].isFinite {
                return values[0]
            }
            return nil
        }
        // The first grid point at or after xc (binary search: the grid is sorted).
        var a = 0, b = grid.count - 1
        while a < b {
            let mid = (a + b) / 2
            if grid[mid] < xc { a = mid + 1 } else { b = mid }
        }
        if grid[a] == xc || a == 0 { return values[a].isFinite ? values[a] : nil }
        let (x0, x1, v0, v1) = (grid[a - 1], grid[a], values[a - 1], values[a])
        guard v0.isFinite, v1.isFinite else { return nil }
        let p0 = axis.position(of: x0), p1 = axis.position(of: x1), p = axis.position(of: xc)
        let t = p1 > p0 ? (p - p0) / (p1 - p0) : 0
        return v0 + t * (v1 - v0)
    }
}
