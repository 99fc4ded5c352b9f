// LessonArguments.swift
//
// What this file teaches: a command-line interface that fails politely. Every lesson
// understands the same flags; each lesson may add its own. A typo or a bad value is
// never guessed at: the lesson prints what went wrong and the usage to stderr and
// exits with status 64 (EX_USAGE from BSD's sysexits.h), before doing any work.
// An option that takes a value may be given once: `--seed 3 --seed 5` (or
// `--axis A --axis B`) is refused rather than letting the last one silently win.

import LabData

/// A lesson-specific option such as `--learning-rate X`.
public struct LessonOption: Sendable {
    /// What the option's value must be.
    public enum Kind: Sendable, Equatable {
        /// A finite number within the range.
        case double(ClosedRange<Double>)
        /// An integer within the range.
        case integer(ClosedRange<Int>)
        /// Any text.
        case text
    }

    /// The flag without dashes, e.g. "learning-rate".
    public var name: String
    /// The placeholder in the usage text, e.g. "X".
    public var placeholder: String
    public var kind: Kind
    public var help: String
    /// A further check of the value, run while parsing (before the lesson prints
    /// anything): nil if the value is fine, else the reason, shown as a usage error.
    public var validate: (@Sendable (String) -> String?)?

    public init(_ name: String, placeholder: String = "X", kind: Kind, help: String,
                validate: (@Sendable (String) -> String?)? = nil) {
        self.name = name
        self.placeholder = placeholder
        self.kind = kind
        self.help = help
        self.validate = validate
    }
}

/// The parsed command line of a lesson.
public struct LessonArguments: Sendable {
    /// `--seed N` (default 42): every random draw of the lesson follows from it.
    public var seed: UInt64 = 42
    /// `--quick`: a smaller, faster run (fewer epochs, trials and seeds), used by CI.
    public var quick = false
    /// `--step`: wait for Enter between steps (for a classroom).
    public var stepByStep = false
    /// `--timing`: print wall-clock time per step (off by default: output stays reproducible).
    public var timing = false
    /// `--data PATH`: a CSV file (or a dataset name) to use instead of the default.
    public var dataPath: String?
    /// Values of lesson-specific options, by name, as typed.
    private var values: [String: String] = [:]

    public init() {}

    /// The value of a `.double` option, if given.
    public func double(_ name: String) -> Double? { values[name].flatMap(CSVLoader.decimalNumber) }
    /// The value of an `.integer` option, if given.
    public func integer(_ name: String) -> Int? { values[name].flatMap { Int($0) } }
    /// The value of a `.text` option, if given.
    public func text(_ name: String) -> String? { values[name] }
    /// True if the lesson-specific option was given.
    public func has(_ name: String) -> Bool { values[name] != nil }

    /// The result of parsing: run, show help, or a usage error.
    public enum Parsed: Sendable {
        case run(LessonArguments)
        case help
        case usageError(String)
    }

    /// Parses `arguments` (without the program name).
    public static func parse(_ arguments: [String], options: [LessonOption], usesData: Bool) -> Parsed {
        var parsed = LessonArguments()
        var i = 0
        // Flags that took a value so far: a second one would silently replace the first.
        var given: [String] = []
        func repeated(_ flag: String) -> String? {
            if given.contains(flag) { return "\(flag) given twice; give it once" }
            given.append(flag)
            return nil
        }
        func value(for flag: String) -> String? {
            guard i + 1 < arguments.count else { return nil }
            i += 1
            return arguments[i]
        }
        while i < arguments.count {
            let argument = arguments[i]
            // Accept "--name=value" as well as "--name value".
            var flag = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
                flag = String(argument[..<eq])
                inlineValue = String(argument[argument.index(after: eq)...])
            }
            func requireValue() -> String? { inlineValue ?? value(for: flag) }
            switch flag {
            case "--help", "-h":
                return .help
            case "--quick": parsed.quick = true
            case "--step": parsed.stepByStep = true
            case "--timing": parsed.timing = true
            case "--seed":
                if let problem = repeated(flag) { return .usageError(problem) }
                guard let text = requireValue() else { return .usageError("--seed needs a value") }
                guard let seed = UInt64(text) else {
                    let allDigits = !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
                    return .usageError(allDigits ? "--seed \(text) is too large (at most \(UInt64.max))"
                                                 : "--seed needs a non-negative integer, got '\(text)'")
                }
                parsed.seed = seed
            case "--data" where usesData:
                if let problem = repeated(flag) { return .usageError(problem) }
                guard let text = requireValue(), !text.isEmpty else { return .usageError("--data needs a path") }
                parsed.dataPath = text
            default:
                guard flag.hasPrefix("--"), let option = options.first(where: { "--" + $0.name == flag }) else {
                    return .usageError("unknown option '\(argument)'")
                }
                if let problem = repeated(flag) { return .usageError(problem) }
                guard let text = requireValue() else { return .usageError("\(flag) needs a value") }
                if let problem = check(text, for: option) ?? option.validate?(text) { return .usageError(problem) }
                parsed.values[option.name] = text
            }
            i += 1
        }
        return .run(parsed)
    }

    /// nil if `text` is a valid value for `option`, else the reason.
    static func check(_ text: String, for option: LessonOption) -> String? {
        switch option.kind {
        case .text:
            return nil
        case let .double(range):
            guard let v = CSVLoader.decimalNumber(text), v.isFinite else {
                return "--\(option.name) needs a decimal number, got '\(text)'"
            }
            guard range.contains(v) else {
                return "--\(option.name) must be between \(range.lowerBound) and \(range.upperBound), got \(text)"
            }
            return nil
        case let .integer(range):
            guard let v = Int(text) else { return "--\(option.name) needs an integer, got '\(text)'" }
            guard range.contains(v) else {
                return "--\(option.name) must be between \(range.lowerBound) and \(range.upperBound), got \(text)"
            }
            return nil
        }
    }

    /// The usage text listing the common flags and the lesson's own.
    /// - Parameter dataHelp: what `--data` expects, when the lesson has requirements
    ///   (a 0/1 target, 64 pixel columns); a generic line otherwise.
    /// - Parameter datasetNames: the names `--data` accepts besides a path (the files
    ///   in `datasets/`), listed under the options.
    public static func usage(program: String, summary: String, options: [LessonOption], usesData: Bool,
                             dataHelp: String? = nil, datasetNames: [String] = []) -> String {
        var rows: [(String, String)] = [
            ("--help", "show this help and exit"),
            ("--seed N", "seed for every random draw (default 42)"),
            ("--quick", "a smaller, faster run (fewer epochs, trials, seeds)"),
            ("--step", "wait for Enter before each step (and in long steps after each trial), for a classroom; stops waiting at the end of input"),
            ("--timing", "print wall-clock time per step"),
        ]
        if usesData { rows.append(("--data PATH", dataHelp ?? "CSV file or dataset name to train on")) }
        rows += options.map { ("--\($0.name) \($0.placeholder)", $0.help) }
        let width = (rows.map { $0.0.count }.max() ?? 0) + 2
        var lines = ["usage: swift run \(program) [options]", "", Prose.wrap(summary), "", "options:"]
        for (flag, help) in rows {
            // A long help text continues on the next line, aligned under its first word.
            let indent = String(repeating: " ", count: 2 + width)
            let wrapped = Prose.wrap(help, indent: indent)
            lines.append("  " + flag + String(repeating: " ", count: width - flag.count) + wrapped.dropFirst(indent.count))
        }
        if usesData && !datasetNames.isEmpty {
            lines += ["", Prose.wrap("datasets that --data accepts by name (from datasets/): "
                                     + datasetNames.joined(separator: ", "))]
        }
        return lines.joined(separator: "\n")
    }
}
