// Heatmap.swift
//
// What this file teaches: a grid search over two hyperparameters is a table of scores,
// and the table is easier to read when it is also a picture. Every cell prints its
// score and a shading from light (low) to dark (high), so the good corner of the grid
// stands out, interactions between the two hyperparameters show up as diagonals, and
// failed trials are visible holes rather than silently dropped rows.

/// A table of values (rows x columns, for example learning rate x batch size) in which
/// every cell shows its value with fixed decimals and a shading from a `ShadingRamp`.
///
/// The best cell (if `better` says which end is best) is put in brackets; NaN cells
/// (a failed or diverged trial) print as "--" and infinite ones as "inf"; neither is
/// shaded nor ranked. Ties for best go to the first cell in reading order (row by row),
/// so the output is deterministic.
///
/// ```swift
/// var map = Heatmap(title: "Validation accuracy",
///                   rowTitle: "learning rate", rowLabels: ["1e-04", "0.001", "0.01"],
///                   columnTitle: "batch size", columnLabels: ["16", "64"],
///                   values: [[0.70, 0.69], [0.78, 0.77], [0.76, .nan]])
/// map.better = .higher
/// print(map.render())
/// // Validation accuracy
/// //                        batch size
/// //   learning rate |    16         64
/// //   --------------+----------------------
/// //           1e-04 | 0.700 ...  0.690
/// //           0.001 |[0.780 @@@] 0.770 %%%
/// //            0.01 | 0.760 ###   --
/// //   shading " .:-=+*#%@": ' ' = 0.690 (worst) ... '@' = 0.780 (best)
/// //   [ ] best: 0.780 at learning rate 0.001, batch size 16
/// //   -- missing (NaN: a failed or diverged trial)
/// ```
/// The shading is one to three characters wide, as the width allows.
///
/// With the default width of 78 and three decimals, up to about six columns fit in 80
/// characters. For larger grids without printed values (a model's score over a 40 x 30
/// grid of two hyperparameters) use `CompactHeatmap`, which shares the ramp.
public struct Heatmap: Sendable {
    public var title: String?
    /// The name of the hyperparameter along the rows, printed above the row labels.
    public var rowTitle: String
    public var rowLabels: [String]
    /// The name of the hyperparameter along the columns, printed above the column labels.
    public var columnTitle: String
    public var columnLabels: [String]
    /// values[row][column]; row 0 is printed first. Short rows count as missing cells.
    public var values: [[Double]]
    /// Digits after the point for every value.
    public var decimals = 3
    /// Which end is best; nil marks no best cell.
    public var better: BetterEnd? = .higher
    public var ramp = ShadingRamp.standard
    /// The values at the light and dark ends of the ramp; nil means the grid's minimum
    /// and maximum. Set it when one outlier (a nearly diverged run) would otherwise put
    /// every other cell in the same shade; values beyond it get the end characters.
    public var valueRange: ClosedRange<Double>?
    /// The target width in characters; the shading narrows (3 down to 1 character) to
    /// fit it.
    public var width = 78
    /// What a NaN cell prints.
    public var missingText = "--"

    /// - Parameters:
    ///   - rowTitle, columnTitle: the hyperparameters' names.
    ///   - rowLabels, columnLabels: their values as text (`Format.compact(lr)`).
    ///   - values: values[row][column].
    public init(title: String? = nil, rowTitle: String, rowLabels: [String],
                columnTitle: String, columnLabels: [String], values: [[Double]]) {
        self.title = title
        self.rowTitle = rowTitle
        self.rowLabels = rowLabels
        self.columnTitle = columnTitle
        self.columnLabels = columnLabels
        self.values = values
    }

    var rowCount: Int { max(values.count, rowLabels.count) }
    var columnCount: Int { max(columnLabels.count, values.map(\.count).max() ?? 0) }

    /// The value in a cell, NaN where the grid has none.
    public func value(row: Int, column: Int) -> Double {
        row >= 0 && row < values.count && column >= 0 && column < values[row].count ? values[row][column] : .nan
    }

    /// The best cell according to `better` (the first one in reading order on ties), or
    /// nil if `better` is nil or no value is finite.
    public var best: (row: Int, column: Int)? {
        guard let better else { return nil }
        var found: (row: Int, column: Int, value: Double)?
        for r in 0..<rowCount {
            for c in 0..<columnCount {
                let v = value(row: r, column: c)
                guard v.isFinite else { continue }
                if found == nil || better.prefers(v, over: found!.value) { found = (r, c, v) }
            }
        }
        return found.map { ($0.row, $0.column) }
    }

    /// The heatmap as lines of text (no trailing newline).
    /// - Complexity: O(rows x columns).
    public func render() -> String {
        let rows = rowCount, cols = columnCount
        let range = valueRange ?? ShadingRamp.finiteRange(of: (0..<rows).flatMap { r in
            (0..<cols).map { value(row: r, column: $0) }
        })
        let bestCell = best
        let texts = (0..<rows).map { r in
            (0..<cols).map { c -> String in
                let v = value(row: r, column: c)
                return v.isNaN ? missingText : Format.fixed(v, decimals)
            }
        }
        // Layout, left to right: two spaces, the row labels (right-aligned, like
        // numbers in a Table), " |", then one cell per column:
        //   open + value (right-aligned) + " " + shading + close
        // where open/close are "[" and "]" around the best cell and spaces elsewhere,
        // so marking the best cell never shifts a column.
        let valueWidth = max(1, texts.flatMap { $0.map(\.count) }.max() ?? 1)
        let labelWidth = min(24, max(rowTitle.count, rowLabels.map(\.count).max() ?? 0))
        let available = width - 2 - labelWidth - 2
        let shadeWidth = min(3, max(1, available / max(1, cols) - valueWidth - 3))
        let cellWidth = valueWidth + shadeWidth + 3
        let indent = "  "

        var lines: [String] = []
        if let title { lines.append(title) }
        if !columnTitle.isEmpty {
            let start = indent.count + labelWidth + 2 + max(0, (cols * cellWidth - columnTitle.count) / 2)
            lines.append(String(repeating: " ", count: start) + columnTitle)
        }
        // Column labels are centred over the value and its shading.
        let header = (0..<cols).map { c in
            " " + Heatmap.centre(c < columnLabels.count ? columnLabels[c] : "", cellWidth - 2) + " "
        }
        lines.append((indent + Format.padLeft(Heatmap.fit(rowTitle, labelWidth), labelWidth) + " |"
            + header.joined()).trimmingTrailingSpaces())
        lines.append(indent + String(repeating: "-", count: labelWidth) + "-+"
            + String(repeating: "-", count: cols * cellWidth))
        for r in 0..<rows {
            let label = r < rowLabels.count ? Heatmap.fit(rowLabels[r], labelWidth) : ""
            var line = indent + Format.padLeft(label, labelWidth) + " |"
            for c in 0..<cols {
                let v = value(row: r, column: c)
                let isBest = bestCell.map { $0.row == r && $0.column == c } ?? false
                // A missing value is centred so that "--" reads as a hole, not a number.
                let text = v.isNaN ? Heatmap.centre(texts[r][c], valueWidth) : Format.padLeft(texts[r][c], valueWidth)
                let shade = range.flatMap { ramp.character(for: v, in: $0) } ?? " "
                line += (isBest ? "[" : " ") + text + " " + String(repeating: shade, count: shadeWidth)
                    + (isBest ? "]" : " ")
            }
            lines.append(line.trimmingTrailingSpaces())
        }

        // The legend: the ramp and its range, the best cell, and what "--" means.
        if let range {
            lines.append(indent + ramp.legend(range: range, decimals: decimals, better: better))
        } else {
            lines.append(indent + "no finite values to shade")
        }
        if let bestCell {
            let rowName = bestCell.row < rowLabels.count ? rowLabels[bestCell.row] : "row \(bestCell.row + 1)"
            let columnName = bestCell.column < columnLabels.count ? columnLabels[bestCell.column] : "column \(bestCell.column + 1)"
            let rowPart = rowTitle.isEmpty ? rowName : "\(rowTitle) \(rowName)"
            let columnPart = columnTitle.isEmpty ? columnName : "\(columnTitle) \(columnName)"
            lines.append(indent + "[ ] best: \(texts[bestCell.row][bestCell.column]) at \(rowPart), \(columnPart)")
        }
        if texts.contains(where: { $0.contains(missingText) }) {
            lines.append(indent + "\(missingText) missing (NaN: a failed or diverged trial)")
        }
        return lines.joined(separator: "\n")
    }

    /// `text` centred in `width` characters (an extra space goes to the right).
    static func centre(_ text: String, _ width: Int) -> String {
        let t = fit(text, width)
        let left = (width - t.count) / 2
        return String(repeating: " ", count: left) + t + String(repeating: " ", count: width - t.count - left)
    }

    /// `text` cut to `width` characters (a label longer than its column is shortened,
    /// never allowed to push the grid out of line).
    static func fit(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width)))
    }
}
