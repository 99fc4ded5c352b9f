// CodeCell.swift
//
// What this file teaches: how a printed "code cell" stays the code that ran. In a
// notebook the cell *is* the code. Here a lesson marks the lines it wants to show in its
// own main.swift,
//
//     // cell: grid
//     let grid = try GridSearch([.values("learningRate", [0.001, 0.01, 0.1])], limit: 100)
//     // end cell
//
// and `lesson.code(cell: "grid")` prints exactly those lines, read from the source file
// the lesson was compiled from (`#filePath`). Edit the code and the cell follows; there
// is no copy that could drift.

import Foundation

/// Finds marked regions ("cells") in a source file.
public enum CodeCell {
    /// What can go wrong when looking a cell up.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case unreadable(path: String)
        case missing(name: String, path: String)
        case unterminated(name: String, path: String)

        public var description: String {
            switch self {
            case let .unreadable(path): return "the source file \(path) could not be read"
            case let .missing(name, path): return "\(path) has no '// cell: \(name)' marker"
            case let .unterminated(name, path): return "\(path): cell '\(name)' has no '// end cell' line"
            }
        }
    }

    /// The marker that opens cell `name`, as it must stand on a line of its own.
    public static func openingMarker(_ name: String) -> String { "// cell: \(name)" }
    /// The marker that closes a cell.
    public static let closingMarker = "// end cell"

    /// The lines of cell `name` in `source`, with their common indentation removed.
    ///
    /// - Parameters:
    ///   - name: the cell's name, as written after `// cell:`.
    ///   - source: the text of a Swift file.
    ///   - path: the file's path, for error messages.
    /// - Returns: the lines between the opening marker and the next closing marker.
    /// - Throws: `Problem.missing` or `Problem.unterminated`.
    /// - Complexity: O(n) in the length of `source`.
    public static func lines(named name: String, in source: String, path: String) throws -> [String] {
        let all = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trimmed = all.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let start = trimmed.firstIndex(of: openingMarker(name)) else { throw Problem.missing(name: name, path: path) }
        guard let end = trimmed[(start + 1)...].firstIndex(of: closingMarker) else {
            throw Problem.unterminated(name: name, path: path)
        }
        let body = Array(all[(start + 1)..<end])
        // Remove the indentation all non-blank lines share, so a cell written inside a
        // closure or loop prints flush left.
        let indents = body.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.prefix { $0 == " " }.count }
        let common = indents.min() ?? 0
        return body.map { String($0.dropFirst(min(common, $0.prefix { $0 == " " }.count))) }
    }

    /// The names of every cell in `source`, in order of appearance.
    public static func names(in source: String) -> [String] {
        let prefix = openingMarker("")
        return source.split(separator: "\n").compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            return text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
        }
    }

    /// The lines of cell `name` in the file at `path`.
    public static func lines(named name: String, inFile path: String) throws -> [String] {
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { throw Problem.unreadable(path: path) }
        return try lines(named: name, in: source, path: path)
    }
}
