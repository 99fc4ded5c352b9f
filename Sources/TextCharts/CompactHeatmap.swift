// CompactHeatmap.swift
//
// What this file teaches: a function of two hyperparameters (a model's score, or a
// Gaussian process's posterior mean, standard deviation or acquisition function) can
// be looked at as a map. One shading character per grid cell, numeric axes below and
// to the left, and the points already evaluated on top: where the map is dark and no
// point has been tried yet is where a search should look next.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A grid of values over two numeric axes, drawn with one shading character per cell
/// (several characters when the grid is small, fewer when it is larger than the chart).
///
/// The grid samples a function at evenly spaced points (evenly spaced in log10 on a log
/// axis): `values[i][j]` is the value at the j-th x and the i-th y, where the x values
/// go from `xRange.lowerBound` (j = 0) to `xRange.upperBound` (j = columns - 1) and the
/// y values likewise. Row i = 0 is the *smallest* y and is drawn at the bottom, as in
/// a mathematical plot (this differs from `Heatmap`, whose first row is printed first).
///
/// ```swift
/// // The score over 30 learning rates (log scale) x 20 dropout rates.
/// let lrs = (0..<30).map { pow(10, -4 + 3 * Double($0) / 29) }
/// let drops = (0..<20).map { 0.5 * Double($0) / 19 }
/// let scores = drops.map { d in lrs.map { lr in score(lr, d) } }
/// var map = CompactHeatmap(values: scores, xRange: 1e-4...0.1, xScale: .log10, yRange: 0...0.5)
/// map.title = "Validation accuracy"
/// map.xLabel = "learning rate"
/// map.yLabel = "dropout"
/// map.better = .higher                           // marks the best cell with 'X'
/// map.addPoints("trials", points: tried, mark: "o")
/// print(map.render())
/// ```
public struct CompactHeatmap: Sendable {
    public var title: String?
    public var xLabel = ""
    public var yLabel = ""
    /// values[i][j]: the value at the j-th x and the i-th y (i = 0 is the smallest y).
    public var values: [[Double]]
    /// The x of the first and of the last column.
    public var xRange: ClosedRange<Double>
    public var xScale: AxisScale
    /// The y of the first and of the last row.
    public var yRange: ClosedRange<Double>
    public var yScale: AxisScale
    /// Total width in characters, labels included.
    public var width = 78
    /// Rows of the map; nil means one text row per grid row, at most 20.
    public var height: Int?
    public var ramp = ShadingRamp.standard
    /// Which end is best; when set, the best cell is drawn as `bestMark`.
    public var better: BetterEnd?
    public var bestMark: Character = "X"
    /// The values at the light and dark ends of the ramp; nil means the grid's minimum
    /// and maximum. Fix it to compare several maps on one scale.
    public var valueRange: ClosedRange<Double>?
    /// Digits in the legend's values; nil uses `Format.compact`.
    public var decimals: Int?
    /// Axes whose values are whole numbers (a batch size): the best cell's coordinate is
    /// printed rounded ("(0.00158, 32)", not "(0.00158, 31.8)").
    public var integerX = false
    public var integerY = false
    /// Drawn for NaN or infinite cells.
    public var missingMark: Character = "?"
    public private(set) var overlays: [(name: String, points: [(x: Double, y: Double)], mark: Character)] = []

    /// - Parameters:
    ///   - values: values[i][j] at the j-th x and i-th y; rows of unequal length are
    ///     padded with missing values.
    ///   - xRange, yRange: the coordinates of the first and last grid columns and rows.
    ///     A log scale with a non-positive range falls back to linear.
    public init(values: [[Double]], xRange: ClosedRange<Double>, xScale: AxisScale = .linear,
                yRange: ClosedRange<Double>, yScale: AxisScale = .linear) {
        self.values = values
        self.xRange = xRange
        self.xScale = xScale
        self.yRange = yRange
        self.yScale = yScale
    }

    /// Adds points drawn on top of the map (for example the trials evaluated so far),
    /// with a legend entry.
    public mutating func addPoints(_ name: String, points: [(x: Double, y: Double)], mark: Character) {
        overlays.append((name, points, mark))
    }

    /// The map as text.
    /// - Complexity: O(rows x columns) to rank the grid plus O(width x height) to draw it.
    public func render() -> String {
        let rows = values.count
        let cols = values.map(\.count).max() ?? 0
        func value(_ i: Int, _ j: Int) -> Double { j < values[i].count ? values[i][j] : .nan }
        let xScale = CompactHeatmap.usable(xScale, xRange), yScale = CompactHeatmap.usable(yScale, yRange)
        let range = valueRange ?? ShadingRamp.finiteRange(of: values.joined())
        let textRows = max(2, height ?? min(max(rows, 2), 20))

        // Each grid cell becomes a block of text cells. The grid spans from half a cell
        // before its first coordinate to half a cell after its last; the canvas axes run
        // from the centre of the first text cell to the centre of the last, so ticks
        // computed by Axis land on the right characters.
        let yAxisRange = CompactHeatmap.centres(of: yRange, scale: yScale, gridCount: rows, textCount: textRows)
        let margin = Canvas.marginWidth(for: Axis(range: yAxisRange, scale: yScale, cells: textRows))
        let available = max(10, width - margin - 1)
        // Whole characters per grid column when the grid is narrower than the chart, so
        // that every column is equally wide; one character per text column otherwise.
        let plotWidth = cols > 0 && cols <= available ? max(10, cols * (available / cols)) : available
        let xAxisRange = CompactHeatmap.centres(of: xRange, scale: xScale, gridCount: cols, textCount: plotWidth)
        var canvas = Canvas(width: margin + 1 + plotWidth, height: textRows, xRange: xAxisRange, xScale: xScale,
                            yRange: yAxisRange, yScale: yScale, minimumMargin: margin)

        // Shade: text cell (c, r) shows the grid cell whose block contains its centre.
        if rows > 0, cols > 0 {
            for r in 0..<textRows {
                let i = min(rows - 1, (2 * (textRows - 1 - r) + 1) * rows / (2 * textRows))
                for c in 0..<plotWidth {
                    let j = min(cols - 1, (2 * c + 1) * cols / (2 * plotWidth))
                    let v = value(i, j)
                    let mark = range.flatMap { ramp.character(for: v, in: $0) } ?? missingMark
                    canvas.set(column: c, row: r, mark: mark)
                }
            }
        }

        var legend: [(mark: Character, name: String)] = []
        for overlay in overlays {
            for p in overlay.points { canvas.plot(x: p.x, y: p.y, mark: overlay.mark) }
        }
        // The best cell, at its own coordinates, drawn last so that no overlay hides it.
        if let better, rows > 0, cols > 0 {
            var best: (i: Int, j: Int, v: Double)?
            for i in 0..<rows {
                for j in 0..<cols where value(i, j).isFinite {
                    if best == nil || better.prefers(value(i, j), over: best!.v) { best = (i, j, value(i, j)) }
                }
            }
            if let best {
                let x = CompactHeatmap.coordinate(best.j, of: xRange, scale: xScale, count: cols)
                let y = CompactHeatmap.coordinate(best.i, of: yRange, scale: yScale, count: rows)
                canvas.plot(x: x, y: y, mark: bestMark)
                let text = decimals.map { Format.fixed(best.v, $0) } ?? Format.compact(best.v)
                let xText = integerX ? "\(Int(x.rounded()))" : Format.compact(x)
                let yText = integerY ? "\(Int(y.rounded()))" : Format.compact(y)
                legend.append((bestMark, "\(better == .higher ? "highest" : "lowest") \(text) at (\(xText), \(yText))"))
            }
        }
        for overlay in overlays { legend.append((overlay.mark, overlay.name)) }
        var text = canvas.render(title: title, xLabel: xLabel, yLabel: yLabel, legend: legend)
        let pad = String(repeating: " ", count: margin + 1)
        if let range {
            text += "\n" + pad + ramp.legend(range: range, decimals: decimals, better: better)
        }
        if values.joined().contains(where: { !$0.isFinite }) || (rows > 0 && cols > 0 && range == nil) {
            text += "\n" + pad + "\(missingMark) missing (NaN or infinite)"
        }
        return text
    }

    /// The scale itself, or linear when a log scale is impossible for `range`.
    static func usable(_ scale: AxisScale, _ range: ClosedRange<Double>) -> AxisScale {
        scale == .log10 && !(range.lowerBound > 0) ? .linear : scale
    }

    /// The coordinate of grid index `k` of `count` evenly spaced (on `scale`) over `range`.
    static func coordinate(_ k: Int, of range: ClosedRange<Double>, scale: AxisScale, count: Int) -> Double {
        let (lo, hi) = scale == .log10 ? (decimalLogarithm(range.lowerBound), decimalLogarithm(range.upperBound))
                                      : (range.lowerBound, range.upperBound)
        let t = count > 1 ? lo + (hi - lo) * Double(k) / Double(count - 1) : lo
        return scale == .log10 ? pow(10, t) : t
    }

    /// The range from the centre of the first to the centre of the last of `textCount`
    /// text cells covering `gridCount` grid cells whose centres span `range`.
    static func centres(of range: ClosedRange<Double>, scale: AxisScale, gridCount: Int,
                        textCount: Int) -> ClosedRange<Double> {
        guard gridCount > 1, textCount > 1 else { return range }
        let (lo, hi) = scale == .log10 ? (decimalLogarithm(range.lowerBound), decimalLogarithm(range.upperBound))
                                      : (range.lowerBound, range.upperBound)
        let step = (hi - lo) / Double(gridCount - 1)
        let start = lo - step / 2, extent = step * Double(gridCount)
        let a = start + extent * 0.5 / Double(textCount)
        let b = start + extent * (Double(textCount) - 0.5) / Double(textCount)
        guard a.isFinite, b.isFinite, a <= b else { return range }
        return scale == .log10 ? pow(10, a)...pow(10, b) : a...b
    }
}
