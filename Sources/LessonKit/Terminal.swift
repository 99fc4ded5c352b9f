// Terminal.swift
//
// What this file teaches: the two output streams of a command-line program. Results go
// to standard output (stdout), which may be redirected to a file and compared in a
// test. Progress bars and prompts go to standard error (stderr), and only when stderr
// is an interactive terminal, so they never pollute a saved transcript.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Helpers for stdout, stderr and interactivity.
public enum Terminal {
    /// True when stderr is an interactive terminal (not a file or a pipe).
    public static var stderrIsInteractive: Bool { isatty(2) != 0 }

    /// Writes `text` to stderr as is (no newline added).
    public static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Flushes stdout, so text printed so far appears before we wait or write to stderr.
    public static func flushStandardOutput() {
        fflush(nil)
    }
}

/// A one-line progress bar on stderr, redrawn in place; silent unless stderr is a terminal.
///
/// Results printed while the bar is showing must go through `printAbove(_:)`: on a
/// terminal stdout and stderr share the screen, and a plain `print` would land on the
/// bar's line, leaving half a bar in front of the result.
///
/// ```swift
/// var progress = ProgressBar(label: "grid search", total: 45)
/// for trial in 1...45 { ...; progress.advance(); progress.printAbove(resultLine) }
/// progress.finish()
/// ```
public struct ProgressBar {
    public let label: String
    public let total: Int
    public private(set) var done = 0
    private let enabled: Bool
    private var lastNote = ""

    public init(label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
        self.enabled = Terminal.stderrIsInteractive
        draw()
    }

    /// Marks `count` more units as done and redraws.
    public mutating func advance(by count: Int = 1, note: String = "") {
        done = min(total, done + count)
        lastNote = note
        draw(note: note)
    }

    /// Prints `line` to stdout on its own line, with the bar redrawn below it.
    public func printAbove(_ line: String) {
        finish()
        print(line)
        draw(note: lastNote)
    }

    /// Erases the bar (the cursor is left at the start of the now empty line).
    public func finish() {
        guard enabled else { return }
        Terminal.writeError("\r" + String(repeating: " ", count: 79) + "\r")
    }

    private func draw(note: String = "") {
        guard enabled else { return }
        Terminal.flushStandardOutput()
        let cells = 30
        let filled = cells * done / total
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: cells - filled)
        var line = "\(label) [\(bar)] \(done)/\(total) \(note)"
        if line.count > 79 { line = String(line.prefix(79)) }
        Terminal.writeError("\r" + line + String(repeating: " ", count: max(0, 79 - line.count)))
    }
}
