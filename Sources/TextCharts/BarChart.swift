// BarChart.swift
//
// What this file teaches: comparing a few settings by one number, and not trusting
// the number alone. Cross-validation gives a mean and a spread for each setting; a bar
// for the mean with an interval for the spread shows at once whether two settings
// really differ or whether their intervals overlap.

/// Horizontal bars with labels on the left and the values in an aligned column on the
/// right, scaled to the available width, with an optional spread interval per bar.
///
/// Bars start at `baseline` (0 unless set), which is drawn as a '|' line: values below
/// it (negative scores, or scores worse than a majority-class baseline) extend to the
/// left of the line. A spread s around a value v is drawn as `[` ... `]` from v - s to
/// v + s: '#' where it overlaps the bar, '-' where it extends past it.
///
/// ```swift
/// var chart = BarChart(title: "5-fold cross-validation accuracy", valueLabel: "accuracy")
/// chart.width = 70
/// chart.spreadName = "std over 5 folds"
/// chart.add("lr 0.0001", value: 0.701, spread: 0.012)
/// chart.add("lr 0.01", value: 0.781, spread: 0.020)
/// chart.add("lr 1", value: 0.649, spread: 0.050)
/// print(chart.render())
/// // 5-fold cross-validation accuracy
/// //   lr 0.0001 |####################################      0.701 +/- 0.012
/// //   lr 0.01   |#######################################[] 0.781 +/- 0.020
/// //   lr 1      |###############################[#--]      0.649 +/- 0.050
/// //             +---------+---------+----------+---------+
/// //             0        0.2       0.4        0.6       0.8
/// //                              accuracy
/// //             [--] value +/- std over 5 folds
/// ```
/// The spread of the first bar (0.024 wide, about one character) is too narrow to
/// draw; `chart.baseline = 0.649` (the majority-class accuracy) would zoom in on the
/// differences, with bars to the right of the baseline for better settings.
///
/// Non-finite values print as "--" without a bar; non-finite spreads are ignored.
public struct BarChart: Sendable {
    /// One bar: its label, its value and an optional spread (a standard deviation).
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var spread: Double?
    }

    public var title: String?
    /// Printed under the scale, like an x axis label.
    public var valueLabel: String
    /// Total width in characters.
    public var width = 78
    /// Digits after the point for values and spreads.
    public var decimals = 3
    /// Where bars start; drawn as the '|' line.
    public var baseline = 0.0
    public var barMark: Character = "#"
    /// Draws a tick scale (from `Axis`) under the bars.
    public var showScale = true
    /// What the spread is, for the legend ("standard deviation over 5 folds").
    public var spreadName = "spread"
    public private(set) var bars: [Bar] = []

    public init(title: String? = nil, valueLabel: String = "") {
        self.title = title
        self.valueLabel = valueLabel
    }

    /// Adds a bar; `spread` (taken as its absolute value) draws an interval around it.
    public mutating func add(_ label: String, value: Double, spread: Double? = nil) {
        bars.append(Bar(label: label, value: value, spread: spread.map(abs)))
    }

    /// The chart as text.
    /// - Complexity: O(bars x width).
    public func render() -> String {
        let base = baseline.isFinite ? baseline : 0
        let texts = bars.map { bar -> String in
            guard bar.value.isFinite else { return "--" }
            guard let s = bar.spread, s.isFinite else { return Format.fixed(bar.value, decimals) }
            return Format.fixed(bar.value, decimals) + " +/- " + Format.fixed(s, decimals)
        }
        // Layout: "  " + label (left-aligned) + " " + bar area + " " + value column.
        // The bar area is `cells` character cells plus the baseline line '|', which sits
        // between the cells left of the baseline and those right of it.
        let labelWidth = min(24, bars.map(\.label.count).max() ?? 0)
        let textWidth = texts.map(\.count).max() ?? 0
        let cells = max(10, width - 2 - labelWidth - 1 - 1 - 1 - textWidth)

        // The scale covers the baseline, every value and every interval end.
        var ends = [base]
        for bar in bars where bar.value.isFinite {
            ends.append(bar.value)
            if let s = bar.spread, s.isFinite { ends += [bar.value - s, bar.value + s] }
        }
        let lo = ends.filter(\.isFinite).min() ?? 0
        var hi = ends.filter(\.isFinite).max() ?? 1
        if !(hi > lo) { hi = lo + 1 }
        // Boundaries between cells: value v lies at boundary b(v) in 0...cells.
        let axis = Axis(range: lo...hi, cells: cells + 1)
        func boundary(_ v: Double) -> Int {
            let p = axis.position(of: v)
            return p.isFinite ? min(cells, max(0, Int(p.rounded()))) : 0
        }
        let zero = boundary(base)
        // Cell k is printed at index k left of the baseline and k + 1 right of it.
        func index(_ k: Int) -> Int { k < zero ? k : k + 1 }

        var lines: [String] = []
        if let title { lines.append(title) }
        let indent = "  "
        for (n, bar) in bars.enumerated() {
            var area = [Character](repeating: " ", count: cells + 1)
            area[zero] = "|"
            if bar.value.isFinite {
                let b = boundary(bar.value)
                for k in min(zero, b)..<max(zero, b) { area[index(k)] = barMark }
                if let s = bar.spread, s.isFinite {
                    let first = boundary(bar.value - s), last = boundary(bar.value + s) - 1
                    // An interval narrower than two cells is too small to draw; the
                    // printed "+/-" still tells it.
                    if last > first {
                        for k in first...last where area[index(k)] == " " { area[index(k)] = "-" }
                        area[index(first)] = "["
                        area[index(last)] = "]"
                    }
                }
            }
            let label = Format.padRight(Heatmap.fit(bar.label, labelWidth), labelWidth)
            lines.append((indent + label + " " + String(area) + " " + Format.padLeft(texts[n], textWidth))
                .trimmingTrailingSpaces())
        }

        let pad = String(repeating: " ", count: indent.count + labelWidth + 1)
        if showScale {
            // Tick t sits at index b(t): under the last cell of a bar that ends at t.
            var axisLine = [Character](repeating: "-", count: cells + 1)
            var tickLine = [Character](repeating: " ", count: cells + 9)
            var lastEnd = -2
            for t in axis.ticks() where t >= lo - 1e-12 * (hi - lo) && t <= hi + 1e-12 * (hi - lo) {
                let i = boundary(t)
                axisLine[i] = "+"
                let text = Array(Format.compact(t))
                let start = max(0, min(i - text.count / 2, tickLine.count - text.count))
                guard start > lastEnd + 1 else { continue }
                for (k, ch) in text.enumerated() { tickLine[start + k] = ch }
                lastEnd = start + text.count - 1
            }
            lines.append(pad + String(axisLine))
            lines.append((pad + String(tickLine)).trimmingTrailingSpaces())
        }
        if !valueLabel.isEmpty {
            lines.append(pad + String(repeating: " ", count: max(0, (cells + 1 - valueLabel.count) / 2)) + valueLabel)
        }
        // The legend explains the baseline and the intervals, when they need explaining.
        var notes: [String] = []
        if base != 0 || bars.contains(where: { $0.value.isFinite && $0.value < base }) {
            notes.append("| bars start at \(Format.compact(base))")
        }
        if bars.contains(where: { $0.spread.map(\.isFinite) ?? false }) {
            notes.append("[--] value +/- \(spreadName)")
        }
        if !notes.isEmpty {
            lines += Canvas.wrapLegend(notes, indent: pad.count, width: width)
        }
        return lines.joined(separator: "\n")
    }
}
