// CSVLoader.swift
//
// What this file teaches: reading a numeric CSV file defensively. The format we accept
// is deliberately small: a header row of column names, then one row per example with
// numbers separated by commas; the last column is the target. Anything else is
// reported with its file, line and column rather than guessed at.

import Foundation
import LabMath

/// Loads numeric CSV files into a `Dataset`.
public enum CSVLoader {
    /// Loads the CSV file at `path`.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - catalogDirectory: a folder of datasets to list in the error message if the
    ///     file does not exist (the lessons pass the project's `datasets/`).
    /// - Throws: `DataError` naming the file, line and column of the first problem.
    public static func load(path: String, catalogDirectory: String? = nil) throws -> Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let available = catalogDirectory.map { DatasetCatalog(directory: $0).availableNames() } ?? []
            throw DataError.fileNotFound(path: path, directory: catalogDirectory, available: available)
        }
        guard !isDirectory.boolValue else { throw DataError.unreadable(path: path, reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.unreadable(path: path, reason: "permission denied or I/O error")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError.unreadable(path: path, reason: "not UTF-8 text")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(text, path: path, name: name)
    }

    /// Parses CSV `text`; `path` is used only in error messages.
    ///
    /// Rules: lines may end in LF or CRLF; blank lines are skipped (they carry no data);
    /// cells are trimmed of spaces and tabs; header names may be wrapped in double
    /// quotes; every data cell must be a finite number ("nan", "inf" and empty cells are
    /// errors, since a silently skipped value would change the data).
    ///
    /// The text is scanned as UTF-8 bytes: commas, newlines and spaces are single bytes,
    /// so no character can be split, and the digits' 117,000 cells parse in milliseconds.
    public static func parse(_ text: String, path: String, name: String) throws -> Dataset {
        var header: [String]?
        var elements: [Double] = []
        var targets: [Double] = []
        let bytes = Array(text.utf8)
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            // One line: lineStart ..< lineEnd (without the newline and a trailing CR).
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = lineEnd + 1
            lineNumber += 1
            if lineEnd > lineStart && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            defer { lineStart = next }
            let cells = splitCells(bytes, lineStart, lineEnd)
            if cells.count == 1 && cells[0].isEmpty { continue }   // a blank line
            guard let names = header else {
                let names = cells.map { range -> String in
                    var text = String(decoding: bytes[range], as: UTF8.self)
                    if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
                    return text
                }
                guard names.count >= 2 else { throw DataError.tooFewColumns(path: path, found: names.count) }
                // A file without a header would silently lose its first example and get
                // numbers for column names; a header of nothing but numbers is refused.
                guard !names.allSatisfy({ CSVLoader.decimalNumber($0) != nil }) else { throw DataError.headerIsData(path: path) }
                header = names
                continue
            }
            guard cells.count == names.count else {
                throw DataError.raggedRow(path: path, line: lineNumber, expected: names.count, found: cells.count)
            }
            for (index, range) in cells.enumerated() {
                guard !range.isEmpty else {
                    throw DataError.emptyCell(path: path, line: lineNumber, column: index + 1, columnName: names[index])
                }
                let cell = String(decoding: bytes[range], as: UTF8.self)
                guard let value = decimalNumber(cell), value.isFinite else {
                    throw DataError.notANumber(path: path, line: lineNumber, column: index + 1,
                                               columnName: names[index], text: cell)
                }
                if index == names.count - 1 { targets.append(value) } else { elements.append(value) }
            }
        }
        guard let names = header else { throw DataError.emptyFile(path: path) }
        guard !targets.isEmpty else { throw DataError.noDataRows(path: path) }
        let features = Matrix(rows: targets.count, columns: names.count - 1, elements: elements)
        return Dataset(checkedName: name, featureNames: Array(names.dropLast()), targetName: names.last!,
                       features: features, targets: targets)
    }

    /// `text` as a number if it is written in decimal ("12", "-0.5", "3e-4"), nil
    /// otherwise. Swift's `Double(_:)` also accepts hexadecimal ("0x10" is 16), "nan"
    /// and "inf"; none of them belongs in a data file or on a lesson's command line.
    public static func decimalNumber(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ b in
            (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
                || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
        }) else { return nil }
        return Double(text)
    }

    /// The byte ranges of the comma-separated cells of one line, each trimmed of spaces
    /// and tabs. A line of only blanks gives one empty cell.
    static func splitCells(_ bytes: [UInt8], _ start: Int, _ end: Int) -> [Range<Int>] {
        func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        var cells: [Range<Int>] = []
        var cellStart = start
        var i = start
        while i <= end {
            if i == end || bytes[i] == UInt8(ascii: ",") {
                var a = cellStart, b = i
                while a < b && isBlank(bytes[a]) { a += 1 }
                while b > a && isBlank(bytes[b - 1]) { b -= 1 }
                cells.append(a..<b)
                cellStart = i + 1
            }
            i += 1
        }
        return cells
    }
}
