// Canvas.swift
//
// What this file teaches: every ASCII chart here is a grid of characters plus a frame:
// y tick labels on the left, the x axis and its tick labels below, a title above and a
// legend under it. Line charts, scatter plots and band charts differ only in what
// they draw on the grid.

/// A character grid with two axes, rendered with ticks, labels and a frame.
public struct Canvas: Sendable {
    public var xAxis: Axis
    public var yAxis: Axis
    /// grid[row][column]; row 0 is the top of the chart (the largest y).
    public private(set) var grid: [[Character]]
    /// Characters left of the plotting area's frame ('|'): the y tick labels and a space.
    /// Column c of the grid is printed at text column leftMargin + 1 + c.
    public let leftMargin: Int

    /// - Parameters:
    ///   - width: the total width in characters, labels included (at most 80 keeps
    ///     a classroom terminal happy).
    ///   - height: rows of the plotting area.
    ///   - xRange, yRange: the value ranges of the axes.
    ///   - minimumMargin: make the y-label margin at least this wide. Two canvases
    ///     stacked on the same x axis (a chart and its acquisition function) pass the
    ///     wider of their margins so that their columns line up exactly.
    public init(width: Int, height: Int, xRange: ClosedRange<Double>, xScale: AxisScale = .linear,
                yRange: ClosedRange<Double>, yScale: AxisScale = .linear, minimumMargin: Int = 0) {
        // An axis needs two cells, so a chart gets at least two rows (a height of 0 or
        // less left the grid empty while the axis still mapped values to rows 0 and 1).
        let height = max(height, 2)
        let yAxis = Axis(range: yRange, scale: yScale, cells: height)
        let margin = max(Canvas.marginWidth(for: yAxis), minimumMargin)
        let plotWidth = max(10, width - margin - 1)
        self.xAxis = Axis(range: xRange, scale: xScale, cells: plotWidth)
        self.yAxis = yAxis
        self.leftMargin = margin
        self.grid = Array(repeating: Array(repeating: " ", count: plotWidth), count: height)
    }

    /// Whether `render` uses fewer y ticks when two would share a row, so that every tick
    /// is labelled (a short chart, e.g. a band chart's acquisition panel of 5 rows, would
    /// otherwise print 6e-25, 5e-25, 3e-25: one label of the sequence silently missing).
    public var labelsEveryTick = false

    /// Whether no two of `ticks` inside the range fall on the same row.
    func eachTickHasItsOwnRow(_ ticks: [Double]) -> Bool {
        var taken = [Bool](repeating: false, count: grid.count)
        for t in ticks {
            guard let (row, clipped) = row(of: t), !clipped else { continue }
            if taken[row] { return false }
            taken[row] = true
        }
        return true
    }

    /// The width of the y tick labels column.
    static func marginWidth(for yAxis: Axis) -> Int {
        (yAxis.ticks().map { Format.compact($0).count }.max() ?? 1) + 1
    }

    /// The row of `y`; values above or below the range are clamped to the top or bottom
    /// row and reported as clipped.
    public func row(of y: Double) -> (row: Int, clipped: Bool)? {
        guard y.isFinite, yAxis.scale == .linear || y > 0 else { return nil }
        let p = (Double(yAxis.cells - 1) - yAxis.position(of: y)).rounded()
        // Far beyond the range the position is +/-infinity (clipped below); it is never
        // NaN on a drawable range, but converting NaN to Int would trap, so check.
        guard !p.isNaN else { return nil }
        if p < 0 { return (0, true) }
        if p > Double(yAxis.cells - 1) { return (yAxis.cells - 1, true) }
        return (Int(p), false)
    }

    /// Puts `mark` at (x, y). Points outside the x range are skipped; y values outside
    /// the y range are drawn at the edge with '^' or 'v' so the reader sees they are cut.
    public mutating func plot(x: Double, y: Double, mark: Character) {
        guard let column = xAxis.cell(of: x), let (row, clipped) = row(of: y) else { return }
        grid[row][column] = clipped ? (row == 0 ? "^" : "v") : mark
    }

    /// Puts `mark` in a given cell (used for bands and fills).
    public mutating func set(column: Int, row: Int, mark: Character) {
        guard row >= 0, row < grid.count, column >= 0, column < grid[row].count else { return }
        grid[row][column] = mark
    }

    /// Reads a cell.
    public func mark(column: Int, row: Int) -> Character { grid[row][column] }

    /// Draws a polyline through `points` (sorted by x): one mark per column between
    /// consecutive points, at the linearly interpolated y, plus the points themselves.
    public mutating func drawLine(_ points: [(x: Double, y: Double)], mark: Character) {
        let usable = points.filter { $0.x.isFinite && $0.y.isFinite }
        for (a, b) in zip(usable, usable.dropFirst()) {
            guard let ca = xAxis.cell(of: a.x), let cb = xAxis.cell(of: b.x), cb > ca else { continue }
            for c in ca...cb {
                let t = Double(c - ca) / Double(cb - ca)
                plot(x: xAxis.value(atCell: c), y: a.y + t * (b.y - a.y), mark: mark)
            }
        }
        for p in usable { plot(x: p.x, y: p.y, mark: mark) }
    }

    /// The framed chart as text.
    /// - Parameters:
    ///   - title: printed above, if any.
    ///   - yLabel: printed above the y axis.
    ///   - xLabel: centred below the x tick labels.
    ///   - legend: entries "mark name", printed under the chart; entries that would not
    ///     fit the chart's width continue on another line.
    ///   - axisMarks: characters drawn on the x axis line at given x values (for
    ///     example '^' under the next point a search will evaluate).
    public func render(title: String? = nil, xLabel: String = "", yLabel: String = "",
                       legend: [(mark: Character, name: String)] = [],
                       axisMarks: [(x: Double, mark: Character)] = []) -> String {
        let margin = leftMargin
        var lines: [String] = []
        if let title { lines.append(title) }
        if !yLabel.isEmpty { lines.append(String(repeating: " ", count: max(0, margin - 1)) + yLabel) }
        // Label each tick on the row closest to it; the first tick wins a row. With
        // `labelsEveryTick`, fewer and wider-spaced ticks are taken until each has a row
        // of its own, so that no label of the sequence is missing.
        var tickCount = 5
        var ticks = yAxis.ticks(count: tickCount)
        while labelsEveryTick, tickCount > 2, !eachTickHasItsOwnRow(ticks) {
            tickCount -= 1
            ticks = yAxis.ticks(count: tickCount)
        }
        var labels = [String?](repeating: nil, count: grid.count)
        for t in ticks {
            if let (row, clipped) = row(of: t), !clipped, labels[row] == nil { labels[row] = Format.compact(t) }
        }
        for (r, cells) in grid.enumerated() {
            let label = Format.padLeft(labels[r] ?? "", margin - 1)
            lines.append((label + (labels[r] == nil ? " |" : " +") + String(cells)).trimmingTrailingSpaces())
        }
        let width = grid.first?.count ?? 0
        var axisLine = Array(String(repeating: "-", count: width))
        var tickLine = Array(String(repeating: " ", count: width + 8))
        var lastEnd = -2
        for t in xAxis.ticks() {
            guard let c = xAxis.cell(of: t) else { continue }
            axisLine[c] = "+"
            let text = Array(Format.compact(t))
            let start = max(0, min(c - text.count / 2, width + 8 - text.count))
            // Skip a label that would touch the previous one.
            guard start > lastEnd + 1 else { continue }
            for (k, ch) in text.enumerated() { tickLine[start + k] = ch }
            lastEnd = start + text.count - 1
        }
        for m in axisMarks {
            if let c = xAxis.cell(of: m.x) { axisLine[c] = m.mark }
        }
        let pad = String(repeating: " ", count: margin)
        lines.append(pad + "+" + String(axisLine))
        lines.append((pad + " " + String(tickLine)).trimmingTrailingSpaces())
        if !xLabel.isEmpty {
            let centre = margin + 1 + max(0, (width - xLabel.count) / 2)
            lines.append(String(repeating: " ", count: centre) + xLabel)
        }
        if !legend.isEmpty {
            lines += Canvas.wrapLegend(legend.map { "\($0.mark) \($0.name)" }, indent: margin + 1,
                                       width: margin + 1 + width)
        }
        return lines.joined(separator: "\n")
    }

    /// Legend entries joined by three spaces after `indent` spaces, starting a new line
    /// (with the same indent) before an entry that would make a line longer than `width`.
    /// A legend that fits on one line is exactly the single line charts always printed.
    static func wrapLegend(_ entries: [String], indent: Int, width: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var current = ""
        for entry in entries {
            if current.isEmpty {
                current = pad + entry
            } else if current.count + 3 + entry.count <= width {
                current += "   " + entry
            } else {
                lines.append(current)
                current = pad + entry
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
