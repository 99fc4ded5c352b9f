// Table.swift
//
// What this file teaches: a results table is the first thing to read after a search.
// Columns are aligned (numbers to the right, text to the left) so that a column of
// scores can be scanned by eye.

/// An aligned plain-text table.
///
/// ```swift
/// var table = Table(columns: [.init("trial"), .init("lr"), .init("accuracy")])
/// table.addRow(["1", "0.001", "0.781"])
/// print(table.render())
/// //  trial  lr     accuracy
/// //  -----  -----  --------
/// //      1  0.001     0.781
/// ```
public struct Table: Sendable {
    /// A column: its title and how its cells are aligned.
    public struct Column: Sendable {
        public enum Alignment: Sendable { case left, right }
        public var title: String
        public var alignment: Alignment
        public init(_ title: String, alignment: Alignment = .right) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public private(set) var rows: [[String]] = []
    /// Spaces between columns.
    public var gap = 2
    /// Spaces before the first column.
    public var indent = 2

    public init(columns: [Column]) { self.columns = columns }

    /// Adds a row; it must have one cell per column.
    public mutating func addRow(_ cells: [String]) {
        precondition(cells.count == columns.count, "row has \(cells.count) cells, table has \(columns.count) columns")
        rows.append(cells)
    }

    /// The table as lines of text (no trailing newline).
    public func render() -> String {
        let widths = columns.indices.map { c in
            max(columns[c].title.count, rows.map { $0[c].count }.max() ?? 0)
        }
        func line(_ cells: [String]) -> String {
            let parts = cells.indices.map { c -> String in
                columns[c].alignment == .right ? Format.padLeft(cells[c], widths[c]) : Format.padRight(cells[c], widths[c])
            }
            let text = String(repeating: " ", count: indent) + parts.joined(separator: String(repeating: " ", count: gap))
            return text.trimmingTrailingSpaces()
        }
        var lines = [line(columns.map { $0.title })]
        lines.append(line(widths.map { String(repeating: "-", count: $0) }))
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// The string without trailing spaces (so rendered lines never end in blanks).
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
