// Terminal.swift
//
// What this file teaches: the two output streams of a command-line program. Results go
// to standard output (stdout), which may be redirected to a file and compared in a
// test. Progress bars and prompts go to standard error (stderr), and only when stderr
// is an interactive terminal, so they never pollute a saved transcript.

// `@preconcurrency`: Swift 6 flags every read of a C global variable such as `stdout`
// as a possible data race. The C library sets `stdout` once, before `main`, and never
// reassigns it, so reading it is safe. (This file does not import Foundation, which
// would import the C library again without the attribute.)
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Helpers for stdout, stderr and interactivity.
public enum Terminal {
    /// True when stderr is an interactive terminal (not a file or a pipe).
    public static var stderrIsInteractive: Bool { isatty(2) != 0 }

    /// Writes one message line to stderr, wrapped at 80 columns on word boundaries
    /// (continuation lines indented, `Prose.wrapLongLines`), then a newline: the form
    /// of every error line a lesson prints, so none is wider than the terminal.
    public static func writeErrorLine(_ message: String) {
        writeError(Prose.wrapLongLines(message) + "\n")
    }

    /// Writes `text` to stderr as is (no newline added). Never traps: when stderr is
    /// closed (`2>&-`), full (`2>/dev/full`) or a pipe nobody reads, the text is lost
    /// and the program carries on to its exit status, which is all that is left to say.
    ///
    /// Foundation's `FileHandle.write` stops the program on a failed write, so we call
    /// POSIX `write(2)` ourselves: it reports failure by its return value. A write may
    /// also be partial or interrupted by a signal (EINTR); the loop resumes it.
    public static func writeError(_ text: String) {
        // A closed pipe would kill the program with SIGPIPE (status 141, not ours);
        // ignore the signal while writing, so the write simply fails with EPIPE.
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Flushes stdout, so text printed so far appears before we wait or write to stderr.
    public static func flushStandardOutput() {
        fflush(nil)
    }

    /// Flushes stdout and says why the text printed so far did not all arrive, or nil
    /// when it did.
    ///
    /// `print` writes into C's buffered `stdout`, which reports a failed write (a full
    /// disk, `>/dev/full`, a closed descriptor) only through `ferror`: a program that
    /// never asks exits with status 0 after losing its output. `cat` and every other
    /// Unix tool check; so do the lessons (see `Lesson.step` and `Lesson.finish`).
    public static func standardOutputFailure() -> String? {
        errno = 0
        let flushed = fflush(stdout) == 0
        let reason = errno
        guard !flushed || ferror(stdout) != 0 else { return nil }
        return reason != 0 && !flushed ? String(cString: strerror(reason)) : "a write failed"
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
