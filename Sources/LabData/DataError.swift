// DataError.swift
//
// What this file teaches: that a bad input file deserves a precise message. Every
// error here says *where* the problem is, in the "file:line:column: message" form
// compilers use, so a student can open the file and go straight to it.

/// Everything that can go wrong while loading or splitting data.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// No file at `path`. `available` lists the datasets that do exist in `directory`.
    case fileNotFound(path: String, directory: String?, available: [String])
    /// The file exists but could not be read (permissions, not UTF-8, a directory...).
    case unreadable(path: String, reason: String)
    /// The file has no header row at all.
    case emptyFile(path: String)
    /// A header row but no data rows.
    case noDataRows(path: String)
    /// The first line holds only numbers: the file has no header row.
    case headerIsData(path: String)
    /// The header has fewer than two columns (we need at least one feature and the target).
    case tooFewColumns(path: String, found: Int)
    /// The header is one column that contains another separator ("semicolons", "tabs").
    case otherDelimiter(path: String, delimiter: String)
    /// Cell `column` of `line` opens a quote that the line does not close.
    case unclosedQuote(path: String, line: Int, column: Int)
    /// Cell `column` of `line` has text between its closing quote and the next comma.
    case textAfterQuote(path: String, line: Int, column: Int)
    /// Row at `line` has `found` cells where the header has `expected`.
    case raggedRow(path: String, line: Int, expected: Int, found: Int)
    /// The cell at (`line`, `column`) is empty.
    case emptyCell(path: String, line: Int, column: Int, columnName: String)
    /// The cell at (`line`, `column`) is not a finite number.
    case notANumber(path: String, line: Int, column: Int, columnName: String, text: String)
    /// A target that should be a class label (0, 1, 2, ...) is not a non-negative integer.
    case notAClassLabel(row: Int, value: Double)
    /// A task needs a yes/no target (0 or 1) and data row `row` has another value.
    case notBinary(targetName: String, row: Int, value: Double)
    /// A class has too few rows for the splits and folds a task makes.
    case tooFewRowsInClass(targetName: String, label: Int, found: Int, needed: Int)
    /// Every row has the same class `label`: there is nothing to classify.
    case singleClass(targetName: String, label: Int)
    /// A split or fold request that cannot be satisfied.
    case invalidArgument(String)

    /// `text` if it has at most 40 characters; otherwise its first 30, "...", and its
    /// length, so that a 10 MB cell does not flood the terminal with its error.
    static func excerpt(_ text: String) -> String {
        guard text.count > 40 else { return text }
        return "\(text.prefix(30))... (\(text.count) characters)"
    }

    public var description: String {
        switch self {
        case let .fileNotFound(path, directory, available):
            var message = "\(path): no such file"
            if let directory, !available.isEmpty {
                message += ". Datasets in \(directory): " + available.joined(separator: ", ")
            }
            return message
        case let .unreadable(path, reason):
            return "\(path): cannot read the file (\(reason))"
        case let .emptyFile(path):
            return "\(path):1: the file is empty; expected a header row such as 'x1,x2,target'"
        case let .noDataRows(path):
            return "\(path):2: the file has a header but no data rows"
        case let .headerIsData(path):
            return "\(path):1: this line holds only numbers, but the first line must name the columns "
                + "(for example 'x1,x2,target'); add a header row"
        case let .tooFewColumns(path, found):
            return "\(path):1: the header has \(found) \(found == 1 ? "column" : "columns"); need at least one feature and the target (last column)"
        case let .otherDelimiter(path, delimiter):
            return "\(path):1: the header is a single column, but it contains \(delimiter): this loader reads "
                + "comma-separated values; save the file with commas between cells (and points as decimal marks)"
        case let .unclosedQuote(path, line, column):
            return "\(path):\(line):\(column): the quote that opens cell \(column) is not closed on this line "
                + "(a cell may not continue on the next line)"
        case let .textAfterQuote(path, line, column):
            return "\(path):\(line):\(column): text follows the closing quote of cell \(column); quote the whole cell "
                + "or none of it (a quote inside quotes is written twice: \"\")"
        case let .raggedRow(path, line, expected, found):
            return "\(path):\(line): this row has \(found) cells but the header has \(expected)"
        case let .emptyCell(path, line, column, name):
            return "\(path):\(line):\(column): the cell in column \(column) ('\(DataError.excerpt(name))') is empty"
        case let .notANumber(path, line, column, name, text):
            return "\(path):\(line):\(column): '\(DataError.excerpt(text))' in column \(column) "
                + "('\(DataError.excerpt(name))') is not a finite number"
        case let .notAClassLabel(row, value):
            return "target \(value) in data row \(row) is not a class label (expected 0, 1, 2, ...)"
        case let .notBinary(name, row, value):
            return "target '\(name)' must be 0 or 1 (this network answers yes or no), but data row \(row) "
                + "(line \(row + 1) of the file) has \(value)"
        case let .tooFewRowsInClass(name, label, found, needed):
            return "target '\(name)' has \(found) \(found == 1 ? "row" : "rows") of class \(label); the splits and folds need at least "
                + "\(needed) of each class"
        case let .singleClass(name, label):
            return "target '\(name)' has only one class (\(label)) in every row; a classifier needs at least two classes, "
                + "or every model scores a perfect and meaningless accuracy"
        case let .invalidArgument(message):
            return message
        }
    }
}
