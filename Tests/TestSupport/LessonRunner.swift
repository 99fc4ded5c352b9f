// LessonRunner.swift: runs a lesson executable the way a student would and captures
// what it prints, so tests can check the output itself (determinism, exit codes,
// error messages, the 80-column limit).

import Foundation

/// The result of running a program.
public struct ProgramRun: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

public enum LessonRunner {
    /// The folder with the built executables: the test bundle lives next to them
    /// (`.build/<triple>/debug/TuningLabPackageTests.xctest`).
    public static var productsDirectory: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        var folder = bundle.deletingLastPathComponent()
        // On macOS the test bundle is a directory: .../debug/X.xctest/Contents/MacOS/X
        while folder.path.contains(".xctest") { folder = folder.deletingLastPathComponent() }
        return folder
    }

    /// Runs `program` (an executable next to the tests) with `arguments`, from
    /// `directory` (the package root by default), and waits for it. `environment`
    /// adds or replaces variables of the test's own environment.
    public static func run(_ program: String, _ arguments: [String] = [], in directory: URL? = nil,
                           input: String? = nil, environment: [String: String] = [:]) throws -> ProgramRun {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        return try capture(process, input: input)
    }

    /// Starts `process` with pipes for its three streams, writes `input` (if any) and
    /// closes stdin, collects stdout and stderr, and waits for the exit status.
    static func capture(_ process: Process, input: String?) throws -> ProgramRun {
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a chatty program cannot block
        // on a full pipe buffer.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProgramRun(status: process.terminationStatus,
                          standardOutput: String(decoding: outData, as: UTF8.self),
                          standardError: String(decoding: errData, as: UTF8.self))
    }

    /// Runs `program` with `arguments` through `/bin/sh`, with shell `redirections`
    /// such as `"2>&-"` (stderr closed) or `">/dev/full"` (every write to stdout fails)
    /// applied to it; the streams not redirected are captured as by `run`.
    public static func run(_ program: String, _ arguments: [String], redirections: String) throws -> ProgramRun {
        let executable = productsDirectory.appendingPathComponent(program).path
        // "$0" and "$@" pass the path and arguments through unchanged, spaces and all.
        return try run(shellCommand: "exec \"$0\" \"$@\" \(redirections)", arguments: [executable] + arguments)
    }

    /// Runs `/bin/sh -c command arguments...` and captures its output.
    static func run(shellCommand command: String, arguments: [String]) throws -> ProgramRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command] + arguments
        return try capture(process, input: nil)
    }

    /// The text with every run of whitespace (newlines and indentation included) turned
    /// into one space, so a test can look for a sentence however the prose was wrapped.
    public static func flattened(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// The flags of every command `text` suggests ("swift run <program> --a 1 --b."),
    /// one list per command, in order: a flag named twice in one list is an exercise
    /// whose rerun the old value would win. A command ends at ". ", " (" or the end.
    public static func suggestedFlags(in text: String, program: String) -> [[String]] {
        let flat = flattened(text)
        return flat.components(separatedBy: "swift run \(program)").dropFirst().map { tail in
            var command = tail
            for end in [". ", " ("] {
                if let range = command.range(of: end) { command = String(command[..<range.lowerBound]) }
            }
            return command.split(separator: " ").filter { $0.hasPrefix("--") }
                .map { String($0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:)"))) }
        }
    }

    /// Lines longer than `width` characters or containing non-ASCII characters.
    public static func layoutProblems(in text: String, width: Int = 80) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            if line.count > width { return "too long (\(line.count)): \(line)" }
            if !line.unicodeScalars.allSatisfy({ $0.isASCII }) { return "not ASCII: \(line)" }
            return nil
        }
    }
}
