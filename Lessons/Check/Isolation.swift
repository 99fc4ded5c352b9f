// Isolation.swift
//
// Why the checker runs each exercise in a process of its own: a mistake in Swift can
// stop a program at once (an index out of range, an integer overflow, a division by
// zero are "traps", which no `catch` can intercept). Run in a child process, a trap
// ends only that child; the checker sees how it ended, names the exercise and shows
// the message the runtime printed. An endless loop is stopped after a time limit.

import Foundation

enum Isolation {
    /// How long one exercise may run before it counts as endless.
    static let timeLimitSeconds = 20

    /// Runs exercise `id` in a child copy of this program (`Check --run-one id`) and
    /// returns its verdict: what the child printed, or `.crashed` / `.timedOut`.
    static func verdict(of id: String, source: Source) -> Verdict {
        let process = Process()
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["--run-one", id] + (source == .solutions ? ["--solutions"] : [])
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            // Could not start a child (an unusual system): check in this process instead.
            return runHere(id, source: source)
        }
        // Read both pipes on other threads, so a chatty child cannot fill a pipe and block.
        let outData = DataCollector(output.fileHandleForReading)
        let errData = DataCollector(errors.fileHandleForReading)
        let deadline = Date().addingTimeInterval(TimeInterval(timeLimitSeconds))
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return .timedOut(seconds: timeLimitSeconds)
        }
        process.waitUntilExit()
        let printed = outData.finish(), complaint = errData.finish()
        if process.terminationReason == .uncaughtSignal || process.terminationStatus != 0 {
            return .crashed(lastLines(of: complaint) ?? "stopped by signal \(process.terminationStatus)",
                            input: lastAnnouncedCase(in: complaint))
        }
        guard let verdict = try? JSONDecoder().decode(Verdict.self, from: printed) else {
            return .crashed("the check printed no verdict")
        }
        return verdict
    }

    /// Runs exercise `id` in this process (the child's side of `verdict(of:source:)`).
    static func runHere(_ id: String, source: Source) -> Verdict {
        guard let check = Catalogue.all.first(where: { $0.id == id }) else { return .crashed("no exercise \(id)") }
        return check.run(source)
    }

    /// What the child writes to stderr before each case (see `announce`).
    static let casePrefix = "[Check] running case: "

    /// True in the child process (`Check --run-one ID`), which announces its cases.
    static let isChild = CommandLine.arguments.dropFirst().first == "--run-one"

    /// In the child, writes "[Check] running case: <label>" to stderr (unbuffered, so
    /// it is out before the case runs); does nothing elsewhere (tests, the parent).
    static func announce(_ label: String) {
        guard isChild else { return }
        FileHandle.standardError.write(Data((casePrefix + label.replacingOccurrences(of: "\n", with: " ") + "\n").utf8))
    }

    /// The label of the last case the child announced before it stopped: the input
    /// that made the student's code trap.
    static func lastAnnouncedCase(in data: Data) -> String? {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        return lines.last { $0.hasPrefix(casePrefix) }.map { String($0.dropFirst(casePrefix.count)) }
    }

    /// The runtime's message, e.g. "Fatal error: Index out of range", without the
    /// stack trace that may follow it (and without the child's case announcements).
    static func lastLines(of data: Data) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n").filter { !$0.hasPrefix(casePrefix) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if let fatal = lines.first(where: { $0.contains("Fatal error") || $0.contains("Precondition failed") }) {
            return fatal
        }
        return lines.first { !$0.isEmpty }
    }
}

/// Reads a file handle to its end on a background thread.
final class DataCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// Waits until the writer has closed its end and returns everything it wrote.
    func finish() -> Data {
        done.wait()
        return data
    }
}
