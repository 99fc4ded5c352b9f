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
    /// cells are trimmed of spaces; header names may be wrapped in double quotes; every
    /// data cell must be a finite number ("nan", "inf" and empty cells are errors, since
    /// a silently skipped value would change the data).
    public static func parse(_ text: String, path: String, name: String) throws -> Dataset {
        var header: [String]?
        var elements: [Double] = []
        var targets: [Double] = []
        var lineNumber = 0
        // Swift treats "\r\n" as a single Character, which `isNewline` recognises, so
        // LF, CRLF and CR files all split into the same lines.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard let names = header else {
                let names = cells.map { $0.hasPrefix("\"") && $0.hasSuffix("\"") && $0.count >= 2 ? String($0.dropFirst().dropLast()) : $0 }
                guard names.count >= 2 else { throw DataError.tooFewColumns(path: path, found: names.count) }
                header = names
                continue
            }
            guard cells.count == names.count else {
                throw DataError.raggedRow(path: path, line: lineNumber, expected: names.count, found: cells.count)
            }
            for (index, cell) in cells.enumerated() {
                guard !cell.isEmpty else {
                    throw DataError.emptyCell(path: path, line: lineNumber, column: index + 1, columnName: names[index])
                }
                guard let value = Double(cell), value.isFinite else {
                    throw DataError.notANumber(path: path, line: lineNumber, column: index + 1,
                                               columnName: names[index], text: cell)
                }
                if index == names.count - 1 { targets.append(value) } else { elements.append(value) }
            }
        }
        guard let names = header else { throw DataError.emptyFile(path: path) }
        guard !targets.isEmpty else { throw DataError.noDataRows(path: path) }
        let features = Matrix(rows: targets.count, columns: names.count - 1, elements: elements)
        return Dataset(name: name, featureNames: Array(names.dropLast()), targetName: names.last!,
                       features: features, targets: targets)
    }
}
