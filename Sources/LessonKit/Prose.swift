// Prose.swift
//
// What this file teaches: nothing about tuning, everything about readable output.
// Paragraphs are wrapped at word boundaries to fit an 80-column terminal.

import Foundation

/// Word-wrapping for lesson text.
public enum Prose {
    /// The default line width: 78 characters leaves a margin in an 80-column terminal.
    public static let width = 78

    /// Wraps `text` to lines of at most `width` characters, each starting with `indent`.
    /// Blank lines separate paragraphs and are kept; single newlines are treated as
    /// spaces so source code can break long string literals freely. A word longer
    /// than the width gets a line of its own.
    public static func wrap(_ text: String, width: Int = Prose.width, indent: String = "") -> String {
        let paragraphs = text.components(separatedBy: "\n\n")
        return paragraphs.map { paragraph -> String in
            let words = paragraph.split(whereSeparator: { $0 == " " || $0 == "\n" })
            var lines: [String] = []
            var line = indent
            for word in words {
                if line.count > indent.count && line.count + 1 + word.count > width {
                    lines.append(line)
                    line = indent
                }
                line += (line.count > indent.count ? " " : "") + word
            }
            if line.count > indent.count { lines.append(line) }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// Wraps each line of `text` that is longer than `width` at word boundaries, its
    /// continuation lines indented by `continuation`; shorter lines and the line breaks
    /// already in `text` are kept as they are. For one-line messages such as errors on
    /// stderr ("Lesson3_GridSearch: error: the grid has 27 configurations, ..."), where
    /// `wrap`'s paragraph rules (single newlines read as spaces) would not fit.
    public static func wrapLongLines(_ text: String, width: Int = 80, continuation: String = "  ") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.count > width else { return String(line) }
            // wrap indents every line; the first one gives its indent back.
            return String(wrap(String(line), width: width, indent: continuation).dropFirst(continuation.count))
        }.joined(separator: "\n")
    }

    /// A list in words: "a", "a and b", "a, b and c" ("" for none).
    public static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// Wraps a bullet item: "  - " on the first line, aligned continuation lines.
    public static func bullet(_ text: String, marker: String = "-", width: Int = Prose.width) -> String {
        let lead = "  \(marker) "
        let wrapped = wrap(text, width: width, indent: String(repeating: " ", count: lead.count))
        return lead + wrapped.dropFirst(lead.count)
    }
}
