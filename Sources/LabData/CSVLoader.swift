// CSVLoader.swift
//
// What this file teaches: reading a numeric CSV file defensively. The format we accept
// is deliberately small: a header row of column names, then one row per example with
// numbers separated by commas; the last column is the target. Cells may be quoted as
// RFC 4180 says ("a, b" is one cell; "" inside quotes is a quote), lines may end in
// LF, CRLF or a lone CR (old Mac files). Anything else is reported with its file, line
// and column rather than guessed at.

import Foundation
import LabMath
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        let data = try readBytes(path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError.unreadable(path: path, reason: "not UTF-8 text")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(text, path: path, name: name)
    }

    /// The largest file `load` reads: 100 MB, a thousand times the largest shipped
    /// dataset. The loader holds everything in memory, and a device such as /dev/zero
    /// never ends: without a limit it would fill the memory.
    public static let largestFile = 100_000_000

    /// The bytes of the file at `path`, read with POSIX calls so that the reason of a
    /// failure is the system's own ("Permission denied") and special files work: an
    /// empty device such as /dev/null gives no bytes, and then "the file is empty".
    static func readBytes(_ path: String) throws -> Data {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DataError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw DataError.unreadable(path: path, reason: String(cString: strerror(errno))) }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            guard data.count <= largestFile else {
                throw DataError.unreadable(path: path, reason: "it is larger than \(largestFile / 1_000_000) MB, the most "
                                           + "this loader reads into memory")
            }
        }
    }

    /// Parses CSV `text`; `path` is used only in error messages.
    ///
    /// Rules: lines may end in LF, CRLF or CR; blank lines are skipped (they carry no
    /// data); a leading byte-order mark (which spreadsheets write) is ignored; cells are
    /// trimmed of spaces and tabs and may be quoted (RFC 4180, within one line); every
    /// data cell must be a finite number ("nan", "inf" and empty cells are errors, since
    /// a silently skipped value would change the data).
    ///
    /// The text is scanned as UTF-8 bytes: commas, newlines and spaces are single bytes,
    /// so no character can be split, and the digits' 117,000 cells parse in milliseconds.
    public static func parse(_ text: String, path: String, name: String) throws -> Dataset {
        var header: [String]?
        var elements: [Double] = []
        var targets: [Double] = []
        let bytes = Array(text.utf8)
        var lineNumber = 0
        // UTF-8's byte-order mark, EF BB BF, is not part of the first column's name.
        var lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while lineStart <= bytes.count {
            // One line: lineStart ..< lineEnd, without its LF, CRLF or lone CR.
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") && bytes[lineEnd] != UInt8(ascii: "\r") {
                lineEnd += 1
            }
            let crlf = lineEnd + 1 < bytes.count && bytes[lineEnd] == UInt8(ascii: "\r") && bytes[lineEnd + 1] == UInt8(ascii: "\n")
            let next = lineEnd + (crlf ? 2 : 1)
            lineNumber += 1
            defer { lineStart = next }
            let cells = try splitCells(bytes, lineStart, lineEnd, path: path, line: lineNumber)
            if cells.count == 1 && cells[0].isEmpty { continue }   // a blank line
            guard let names = header else {
                let names = cells.map { unquoted(bytes[$0]) }
                guard names.count >= 2 else {
                    // One column: perhaps the cells are separated by something else.
                    for (delimiter, name) in [(";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")]
                    where names.first?.contains(delimiter) == true {
                        throw DataError.otherDelimiter(path: path, delimiter: name)
                    }
                    throw DataError.tooFewColumns(path: path, found: names.count)
                }
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
                let cell = unquoted(bytes[range])
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
    /// and tabs; for a quoted cell, the range between its quotes (a doubled quote in it
    /// is still doubled: see `unquoted`). A line of only blanks gives one empty cell.
    /// - Throws: `DataError.unclosedQuote` for a quote that the line does not close
    ///   (cells spanning lines are not supported), `.textAfterQuote` for text between a
    ///   closing quote and the next comma.
    static func splitCells(_ bytes: [UInt8], _ start: Int, _ end: Int, path: String, line: Int) throws -> [Range<Int>] {
        func isBlank(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\"")
        var cells: [Range<Int>] = []
        var i = start
        while true {
            while i < end && isBlank(bytes[i]) { i += 1 }
            var cell: Range<Int>
            if i < end && bytes[i] == quote {
                // RFC 4180: up to the next quote that is not doubled.
                var j = i + 1
                while j < end && !(bytes[j] == quote && (j + 1 == end || bytes[j + 1] != quote)) {
                    j += bytes[j] == quote ? 2 : 1
                }
                guard j < end else { throw DataError.unclosedQuote(path: path, line: line, column: cells.count + 1) }
                cell = (i + 1)..<j
                i = j + 1
                while i < end && isBlank(bytes[i]) { i += 1 }
                guard i == end || bytes[i] == comma else {
                    throw DataError.textAfterQuote(path: path, line: line, column: cells.count + 1)
                }
            } else {
                var j = i
                while j < end && bytes[j] != comma { j += 1 }
                var b = j
                while b > i && isBlank(bytes[b - 1]) { b -= 1 }
                cell = i..<b
                i = j
            }
            cells.append(cell)
            guard i < end else { return cells }
            i += 1   // past the comma
        }
    }

    /// The text of a cell with RFC 4180's doubled quotes ("") turned back into one.
    static func unquoted(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.contains("\"") ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }
}
