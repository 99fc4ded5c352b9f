// LessonRunning.swift
//
// What this file teaches: one way to handle failure in a whole program. A lesson's code
// runs inside `lesson.run { ... }`, so each step can simply `try` what may fail (a grid
// larger than its limit, a file that does not parse). The first error stops the lesson
// with "<program>: error: <what went wrong>" on stderr and an exit status that says
// what kind of failure it was; no step needs a do/catch of its own.

import Foundation
import LabData

extension Lesson {
    /// Runs the lesson's code and turns a thrown error into a clear message and exit status:
    /// 64 (EX_USAGE) for a flag whose value the lesson cannot use (`UsageError`), 65
    /// (EX_DATAERR) for a problem with the data (`DataError`), 1 for anything else.
    ///
    /// ```swift
    /// let lesson = Lesson.start(program: "Lesson3_GridSearch", ...)
    /// lesson.run {
    ///     let grid = try GridSearch([.values("learningRate", [0.001, 0.01, 0.1])], limit: 100)
    ///     ...
    /// }
    /// ```
    public func run(_ body: () throws -> Void) {
        do {
            try body()
        } catch let error as UsageError {
            Terminal.writeErrorLine("\(program): \(error)")
            Terminal.writeError("(run with --help for the options)\n")
            exit(ExitCode.usage)
        } catch let error as DataError {
            fail("\(error)", code: ExitCode.dataError)
        } catch {
            fail("\(error)")
        }
    }

    /// Prints the code cell `name` from the lesson's own source file: the lines between
    /// `// cell: name` and `// end cell` (see CodeCell.swift). What is printed is what runs.
    ///
    /// - Parameters:
    ///   - name: the cell's name.
    ///   - file: the source file to read; the caller's own file by default.
    public func code(cell name: String, file: String = #filePath) {
        do {
            code(try CodeCell.lines(named: name, inFile: file).joined(separator: "\n"))
        } catch {
            // A missing source file (the binary was copied elsewhere) must not stop the
            // lesson: the cell is only an illustration of code that has already run.
            code("// (cell '\(name)' not shown: \(error))")
        }
    }

    /// Waits for Enter when the lesson runs with `--step`: between steps (automatically)
    /// and, where a lesson calls it, inside a long step (e.g. after each trial).
    ///
    /// It reads standard input, so it waits wherever input comes from a person; once
    /// input has ended (a pipe or file that is used up) it no longer waits. The prompt
    /// is printed only when stderr is a terminal.
    public func pause() {
        pauseIfStepping()
    }
}

/// A flag's value that parsed but that the lesson cannot use (e.g. an unknown
/// hyperparameter name): `Lesson.run` reports it like any usage error, with status 64.
public struct UsageError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension LessonArguments {
    /// `count` seeds derived from `--seed`: seed, seed + 1, ..., for repeating an
    /// experiment several times. (They wrap around after the largest UInt64, so even
    /// `--seed 18446744073709551615` works.)
    public func seeds(_ count: Int) -> [UInt64] {
        (0..<max(0, count)).map { seed &+ UInt64($0) }
    }
}
