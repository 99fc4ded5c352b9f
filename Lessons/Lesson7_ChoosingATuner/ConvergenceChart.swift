// ConvergenceChart.swift
//
// What this file teaches: how to draw a race over many seeds without hiding its
// spread. Each tuner's line is the median over seeds of the incumbent's quality after
// each unit of compute; half of the seeds lie between the lower and upper quartiles,
// drawn as a shaded band for two tuners (more would hide each other). A method
// whose median is good but whose band is wide is a gamble; the table under the chart
// gives every tuner's quartiles in numbers.

import TextCharts

/// Median lines of several tuners over a compute axis, with quartile bands for up to two.
struct ConvergenceChart {
    struct Line {
        let name: String
        let mark: Character
        let median: [Double]
        let lower: [Double]
        let upper: [Double]
    }

    var title: String
    var xLabel: String
    var yLabel: String
    /// The compute value (trial or epoch) of point i of every line.
    var x: [Double]
    var lines: [Line] = []
    /// Lines (indices into `lines`) whose quartile band is drawn: the first with '.', the
    /// second with ':', where both overlap '='.
    var bands: [Int] = []
    var yScale: AxisScale = .linear
    /// Values below this are drawn at it (a log axis cannot show a regret of 0).
    var floor = -Double.infinity
    var height = 12

    /// The chart as text (78 columns).
    func render() -> String {
        let clip: (Double) -> Double = { $0.isFinite ? Swift.max($0, floor) : $0 }
        let shown = lines.flatMap { $0.median.map(clip) }
            + bands.filter { lines.indices.contains($0) }.flatMap { lines[$0].lower.map(clip) + lines[$0].upper.map(clip) }
        let yr = Axis.usableRange(covering: shown.filter(\.isFinite), scale: yScale, padding: 0.05)
        let xr = Axis.usableRange(covering: x, scale: .linear, padding: 0)
        var canvas = Canvas(width: 78, height: height, xRange: xr, yRange: yr, yScale: yScale)
        // Bands first, so the median lines are drawn over them.
        let bandMarks: [Character] = [".", ":"]
        var covered = [[Int]](repeating: [Int](repeating: 0, count: canvas.xAxis.cells), count: height)
        for (k, index) in bands.prefix(2).enumerated() where lines.indices.contains(index) {
            let line = lines[index]
            for column in 0..<canvas.xAxis.cells {
                // The point of the line nearest to this column's x.
                let xc = canvas.xAxis.value(atCell: column)
                guard let i = nearest(xc), i < line.lower.count, i < line.upper.count,
                      let top = canvas.row(of: clip(line.upper[i]))?.row,
                      let bottom = canvas.row(of: clip(line.lower[i]))?.row else { continue }
                for row in Swift.min(top, bottom)...Swift.max(top, bottom) {
                    covered[row][column] |= 1 << k
                    canvas.set(column: column, row: row, mark: covered[row][column] == 3 ? "=" : bandMarks[k])
                }
            }
        }
        for line in lines {
            canvas.drawLine(zip(x, line.median).map { (x: $0.0, y: clip($0.1)) }, mark: line.mark)
        }
        // The legend names the marks the canvas shows: a line drawn entirely under
        // a later one is named as hidden, a band or overlap never drawn is left out.
        let drawn = Set(canvas.grid.joined())
        var legend = lines.map { (mark: $0.mark, name: $0.name + (drawn.contains($0.mark) ? "" : " (under the others)")) }
        for (k, index) in bands.prefix(2).enumerated() where lines.indices.contains(index) && drawn.contains(bandMarks[k]) {
            legend.append((bandMarks[k], "\(lines[index].name) quartiles"))
        }
        if bands.count >= 2 && drawn.contains("=") { legend.append(("=", "both")) }
        return canvas.render(title: title, xLabel: xLabel, yLabel: yLabel, legend: legend)
    }

    /// The index of the x value nearest to `value` (x is increasing).
    private func nearest(_ value: Double) -> Int? {
        guard !x.isEmpty else { return nil }
        var best = 0
        for i in x.indices where abs(x[i] - value) < abs(x[best] - value) { best = i }
        return best
    }
}
