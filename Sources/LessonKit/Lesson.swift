// Lesson.swift
//
// What this file teaches: the shape of a lesson, the same every time. A title, then
// numbered steps; in each step prose, "code cells" showing the few lines of Swift
// that produce the next output (as a notebook would), then the output itself: tables
// and charts computed in this very run. Every lesson ends with a summary and exercises.

import Foundation
import LabData
import LabMath

/// An exercise: what to try, and how to tell whether the answer is right.
public struct Exercise: Sendable {
    public var task: String
    public var check: String
    public init(_ task: String, check: String) {
        self.task = task
        self.check = check
    }
}

/// The narrator of a lesson: parses the flags, numbers the steps, wraps the prose.
///
/// ```swift
/// let lesson = Lesson.start(program: "Lesson1_ManualTuning", title: "Manual tuning",
///                           summary: "Tune a network by hand.", usesData: true)
/// lesson.step("The baseline")
/// lesson.say("We train the article's network once ...")
/// lesson.code("let run = try model.fit(x, y, epochs: 100, batchSize: 10, rng: &rng)")
/// lesson.show(chart.render())
/// ```
public final class Lesson {
    public let program: String
    public let arguments: LessonArguments
    /// The lesson's own options, in the order `--help` lists them.
    let options: [LessonOption]
    /// Whether a dataset fits this lesson (see `start`); nil when every dataset does.
    var datasetFits: ((Dataset) -> Bool)?
    private var stepNumber = 0
    private let started = Date()
    private var stepStarted = Date()

    /// Exit statuses, from BSD's sysexits.h.
    public enum ExitCode {
        public static let usage: Int32 = 64
        public static let dataError: Int32 = 65
        public static let failure: Int32 = 1
    }

    init(program: String, arguments: LessonArguments, options: [LessonOption] = []) {
        self.program = program
        self.arguments = arguments
        self.options = options
    }

    /// Parses the command line and prints the title; exits for `--help` (status 0) and
    /// for usage errors (status 64, message and usage on stderr).
    /// - Parameter datasetFits: for a lesson that accepts only some datasets (a 0/1
    ///   target, say), whether one fits; the usage then lists by name only the
    ///   datasets in `datasets/` that do (each is loaded to find out, only when the
    ///   usage is printed).
    public static func start(program: String, title: String, summary: String,
                             options: [LessonOption] = [], usesData: Bool, dataHelp: String? = nil,
                             datasetFits: ((Dataset) -> Bool)? = nil,
                             commandLine: [String] = Array(CommandLine.arguments.dropFirst())) -> Lesson {
        func usage() -> String {
            var names: [String] = []
            if usesData, let catalog = DatasetCatalog.locate() {
                names = catalog.availableNames()
                if let datasetFits {
                    names = names.filter { name in (try? catalog.load(name)).map(datasetFits) ?? false }
                }
            }
            return LessonArguments.usage(program: program, summary: summary, options: options, usesData: usesData,
                                         dataHelp: dataHelp, datasetNames: names)
        }
        switch LessonArguments.parse(commandLine, options: options, usesData: usesData) {
        case .help:
            print(usage())
            exitIfStandardOutputFailed(program: program)
            exit(0)
        case let .usageError(message):
            Terminal.writeErrorLine("\(program): \(message)")
            Terminal.writeError("\n\(usage())\n")
            exit(ExitCode.usage)
        case let .run(arguments):
            let lesson = Lesson(program: program, arguments: arguments, options: options)
            lesson.datasetFits = datasetFits
            lesson.printTitle(title, summary: summary)
            return lesson
        }
    }

    private func printTitle(_ title: String, summary: String) {
        let rule = String(repeating: "=", count: Prose.width)
        print(rule)
        print(Prose.wrap("TuningLab | \(title)"))
        print(rule)
        print(Prose.wrap(summary))
        var settings = "seed \(arguments.seed)"
        if arguments.quick { settings += ", quick mode (smaller budgets)" }
        print("(\(settings); run with --help for options)")
    }

    /// Starts the next numbered step. With `--step`, first waits for Enter. A lesson
    /// whose output cannot be written (`>/dev/full`) stops here with status 1.
    public func step(_ title: String) {
        Lesson.exitIfStandardOutputFailed(program: program)
        if stepNumber > 0 { pauseIfStepping() }
        reportTiming()
        stepNumber += 1
        print("")
        let heading = "Step \(stepNumber). \(title)"
        print(heading)
        print(String(repeating: "-", count: min(heading.count, Prose.width)))
    }

    /// Prints wrapped prose (blank lines separate paragraphs), followed by a blank line.
    public func say(_ text: String) {
        print(Prose.wrap(text))
        print("")
    }

    /// Prints a bulleted list.
    public func bullets(_ items: [String]) {
        for item in items { print(Prose.bullet(item)) }
        print("")
    }

    /// Prints a "code cell": the Swift lines that produce the next output.
    public func code(_ source: String) {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        print("  +-- swift " + String(repeating: "-", count: Prose.width - 12))
        for line in lines { print(("  | " + line).trimmingTrailingWhitespace()) }
        print("  +" + String(repeating: "-", count: Prose.width - 3))
        print("")
    }

    /// Prints pre-formatted output (a table or a chart) followed by a blank line.
    public func show(_ block: String) {
        print(block)
        print("")
    }

    /// Prints the summary as a bulleted list, then the exercises with their checks.
    public func finish(summary: [String], exercises: [Exercise]) {
        step("Summary")
        bullets(summary)
        step("Exercises")
        for (i, exercise) in exercises.enumerated() {
            print(Prose.bullet(exercise.task, marker: "\(i + 1)."))
            print(Prose.wrap("Check: " + exercise.check, indent: "     "))
            print("")
        }
        reportTiming()
        if arguments.timing {
            print("(total wall-clock time \(String(format: "%.2f", Date().timeIntervalSince(started))) s)")
        }
        Lesson.exitIfStandardOutputFailed(program: program)
    }

    /// Ends the program with status 1 and a message on stderr when what it printed did
    /// not reach stdout, as `cat` does: a lesson redirected to a full disk must not
    /// report success.
    static func exitIfStandardOutputFailed(program: String) {
        guard let reason = Terminal.standardOutputFailure() else { return }
        Terminal.writeErrorLine("\(program): error: cannot write to standard output (\(reason))")
        exit(ExitCode.failure)
    }

    /// Loads the dataset given by `--data`, or `defaultName` from the project's
    /// `datasets/` folder. On failure prints the error (file, line, column) to stderr
    /// and exits with status 65 (EX_DATAERR).
    /// - Parameter ignoringDataFlag: load `defaultName` even when `--data` was given (for
    ///   a second dataset the lesson always uses, such as Lesson 5's regression data).
    public func loadDataset(defaultName: String, ignoringDataFlag: Bool = false) -> Dataset {
        let catalog = DatasetCatalog.locate()
        do {
            if let path = arguments.dataPath, !ignoringDataFlag {
                if let catalog { return try catalog.load(userPath: path) }
                return try CSVLoader.load(path: path)
            }
            guard let catalog else {
                fail("cannot find the datasets/ folder; run from the TuningLab package or set TUNINGLAB_DATASETS",
                     code: ExitCode.dataError)
            }
            return try catalog.load(defaultName)
        } catch let DataError.fileNotFound(path, directory?, available) where datasetFits != nil && catalog != nil {
            // List only the datasets this lesson accepts, as --help does.
            let fitting = available.filter { name in (try? catalog!.load(name)).map { datasetFits!($0) } ?? false }
            fail("\(path): no such file" + (fitting.isEmpty ? "" : ". Datasets in \(directory) that fit this lesson: "
                                                                + fitting.joined(separator: ", ")),
                 code: ExitCode.dataError)
        } catch {
            fail("\(error)", code: ExitCode.dataError)
        }
    }

    /// Loads the dataset as `loadDataset(defaultName:)` does and checks, before any
    /// training, that its target is binary (0/1) with at least `minimumPerClass` rows of
    /// each class; otherwise exits with status 65 and says which row or class is at fault.
    public func loadBinaryDataset(defaultName: String, minimumPerClass: Int) -> Dataset {
        let dataset = loadDataset(defaultName: defaultName)
        do {
            _ = try dataset.binaryLabels(minimumPerClass: minimumPerClass)
        } catch {
            fail("\(dataset.name): \(error)", code: ExitCode.dataError)
        }
        return dataset
    }

    /// Prints `message` to stderr as "<program>: error: message" (wrapped at 80
    /// columns, `Terminal.writeErrorLine`) and exits.
    public func fail(_ message: String, code: Int32 = ExitCode.failure) -> Never {
        Terminal.flushStandardOutput()
        Terminal.writeErrorLine("\(program): error: \(message)")
        exit(code)
    }

    /// The flags that make a rerun comparable with this run (" --quick --seed 7
    /// --folds 10", or "" for a default run), to append to the commands the exercises
    /// suggest: the journal and tables of the rerun then hold the same numbers this run
    /// printed. The lesson's own options are included, in `--help` order.
    public var rerunFlags: String { rerunFlags() }

    /// `rerunFlags` for an exercise that sets some flags itself.
    ///
    /// - Parameters:
    ///   - withSeed: false when the exercise itself chooses seeds (`--seed` left out).
    ///   - changing: the lesson options the exercise sets (without dashes, e.g.
    ///     ["folds"]): left out, so that the suggested command never names a flag twice.
    public func rerunFlags(withSeed: Bool = true, changing: [String] = []) -> String {
        var flags = ""
        if arguments.quick { flags += " --quick" }
        if withSeed, arguments.seed != LessonArguments().seed { flags += " --seed \(arguments.seed)" }
        if let path = arguments.dataPath { flags += " --data " + Self.quoted(path) }
        for option in options where !changing.contains(option.name) {
            if let value = arguments.text(option.name) { flags += " --\(option.name) " + Self.quoted(value) }
        }
        return flags
    }

    /// A value as a shell would need it: quoted when it holds a space or quote.
    static func quoted(_ value: String) -> String {
        value.contains(where: { " '\"$`\\".contains($0) }) ? "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
                                                             : value
    }

    /// A seeded generator for a named part of the lesson, derived from `--seed`, so
    /// that each step's randomness does not depend on how much earlier steps drew.
    public func generator(stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: arguments.seed, stream: stream)
    }

    /// Where `--step` reads its Enter presses; a test can substitute a script.
    var readStepLine: () -> String? = { readLine() }
    /// Set once standard input is exhausted: after end of input nobody can press
    /// Enter, so the lesson runs to the end instead of waiting forever.
    private var inputEnded = false

    func pauseIfStepping() {
        guard arguments.stepByStep, !inputEnded else { return }
        Terminal.flushStandardOutput()
        // The prompt is for a person watching a terminal; into a log file it is noise.
        if Terminal.stderrIsInteractive { Terminal.writeError("[press Enter for the next step]") }
        if readStepLine() == nil { inputEnded = true }
    }

    private func reportTiming() {
        guard arguments.timing else { return }
        if stepNumber > 0 {
            print("(step \(stepNumber) took \(String(format: "%.2f", Date().timeIntervalSince(stepStarted))) s)")
        }
        stepStarted = Date()
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
