// Tests for the lesson support: argument parsing (good and bad), usage text, and
// prose wrapping at 80 columns.

import Testing
@testable import LessonKit

@Suite("Lesson arguments")
struct LessonArgumentsTests {
    let options = [LessonOption("learning-rate", kind: .double(1e-6...10), help: "lr"),
                   LessonOption("trials", placeholder: "N", kind: .integer(1...100), help: "n")]

    func parse(_ arguments: [String], usesData: Bool = true) -> LessonArguments.Parsed {
        LessonArguments.parse(arguments, options: options, usesData: usesData)
    }

    @Test func commonAndLessonFlags() throws {
        guard case let .run(parsed) = parse(["--seed", "7", "--quick", "--step", "--data", "iris",
                                            "--learning-rate=0.01", "--trials", "12"]) else {
            Issue.record("expected a successful parse")
            return
        }
        #expect(parsed.seed == 7 && parsed.quick && parsed.stepByStep && parsed.dataPath == "iris")
        #expect(parsed.double("learning-rate") == 0.01 && parsed.integer("trials") == 12)
        #expect(!parsed.has("other"))
        guard case .help = parse(["--quick", "--help"]) else { Issue.record("expected help"); return }
    }

    @Test func everyKindOfMistakeIsAUsageError() {
        let mistakes: [[String]] = [["--sed", "1"], ["--seed", "x"], ["--seed", "-1"], ["--seed"], ["positional"],
                                    ["--learning-rate", "abc"], ["--learning-rate", "100"], ["--learning-rate", "nan"],
                                    ["--trials", "0"], ["--trials", "2.5"], ["--data"]]
        for mistake in mistakes {
            guard case .usageError = parse(mistake) else {
                Issue.record("\(mistake) should be a usage error")
                continue
            }
        }
        guard case .usageError = parse(["--data", "x.csv"], usesData: false) else {
            Issue.record("--data is not accepted by lessons without data")
            return
        }
    }

    @Test func aRepeatedOptionIsRefusedNotReplaced() {
        // `--trials 3 --trials 4` used to run 4 trials without a word about the 3.
        let repeats: [[String]] = [["--trials", "3", "--trials", "4"], ["--seed", "3", "--seed=5"],
                                   ["--data", "iris", "--data", "wine"],
                                   ["--learning-rate=0.1", "--quick", "--learning-rate", "0.2"]]
        for arguments in repeats {
            guard case let .usageError(message) = parse(arguments) else {
                Issue.record("\(arguments) should be a usage error")
                continue
            }
            #expect(message.contains("given twice"))
        }
        // Plain switches carry no value: repeating one loses nothing.
        guard case let .run(parsed) = parse(["--quick", "--quick"]) else {
            Issue.record("a repeated --quick changes nothing and is accepted")
            return
        }
        #expect(parsed.quick)
    }

    @Test func anOptionsOwnCheckRunsWhileParsing() {
        // Review 4 #22: Lesson 3's --axis was checked only after the banner was printed.
        let axis = LessonOption("axis", kind: .text, help: "a") { $0.contains("=") ? nil : "--axis needs NAME=V" }
        guard case let .usageError(message) = LessonArguments.parse(["--axis", "foo"], options: [axis],
                                                                    usesData: false) else {
            Issue.record("a value its check refuses is a usage error")
            return
        }
        #expect(message == "--axis needs NAME=V")
        guard case .run = LessonArguments.parse(["--axis", "a=1"], options: [axis], usesData: false) else {
            Issue.record("a value its check accepts is parsed")
            return
        }
    }

    @Test func usageListsEveryFlag() {
        let usage = LessonArguments.usage(program: "LessonX", summary: "Summary.", options: options, usesData: true)
        for flag in ["--help", "--seed N", "--quick", "--step", "--timing", "--data PATH", "--learning-rate X", "--trials N"] {
            #expect(usage.contains(flag))
        }
    }

    @Test func numbersMustBeDecimalAndSeedsNotTooLarge() {
        guard case let .usageError(hex) = parse(["--learning-rate", "0x10"]) else {
            Issue.record("hexadecimal must be refused")
            return
        }
        #expect(hex.contains("decimal"))
        guard case let .usageError(big) = parse(["--seed", "99999999999999999999"]) else {
            Issue.record("a seed above UInt64.max must be refused")
            return
        }
        #expect(big.contains("too large"))
    }

    @Test func usageFitsEightyColumns() {
        let long = String(repeating: "A summary that goes on and on. ", count: 8)
        let wordy = [LessonOption("folds", placeholder: "K", kind: .integer(2...10),
                                  help: String(repeating: "help text that is far too long ", count: 5))]
        let usage = LessonArguments.usage(program: "LessonX", summary: long, options: wordy, usesData: true)
        #expect(usage.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(usage.contains("  --folds K"))
    }
}

@Suite("Step mode")
struct StepModeTests {
    @Test func waitsBeforeEveryStepUntilInputEnds() {
        var arguments = LessonArguments()
        arguments.stepByStep = true
        let lesson = Lesson(program: "LessonX", arguments: arguments)
        var reads = 0
        var script: [String?] = ["", "", nil]
        lesson.readStepLine = {
            reads += 1
            return script.isEmpty ? "" : script.removeFirst()
        }
        for title in ["one", "two", "three", "four", "five"] { lesson.step(title) }
        // Four pauses were due (none before the first step); the third read met end
        // of input, so the fourth pause did not wait at all.
        #expect(reads == 3)
    }
}

@Suite("Prose")
struct ProseTests {
    @Test func wrapsAtWordBoundariesWithinTheWidth() {
        let text = String(repeating: "hyperparameter tuning ", count: 20)
        let wrapped = Prose.wrap(text, width: 40)
        #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 40 })
        #expect(wrapped.replacingOccurrences(of: "\n", with: " ") + " " == text)
        #expect(Prose.wrap("a\n\nb") == "a\n\nb")                 // paragraphs kept
        #expect(Prose.wrap("one\ntwo") == "one two")              // single newlines are spaces
        #expect(Prose.bullet("short") == "  - short")
        let long = Prose.bullet(String(repeating: "word ", count: 30))
        #expect(long.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("    ") })
    }

    /// Polish #7: Lesson 3 --limit 20 printed a 101-column error line on stderr.
    @Test func longErrorLinesAreWrappedWithIndentedContinuations() {
        let error = "Lesson3_GridSearch: error: the grid has 27 configurations, more than the limit of 20; nothing "
            + "was run"
        let wrapped = Prose.wrapLongLines(error)
        let lines = wrapped.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.count <= 80 })
        #expect(lines[0].hasPrefix("Lesson3_GridSearch: error: ") && lines[1].hasPrefix("  ") && !lines[1].hasPrefix("   "))
        // The words, in order, are all there.
        #expect(wrapped.split(whereSeparator: \.isWhitespace) == error.split(separator: " "))
        // Short lines and line breaks already in the text stay as they are.
        #expect(Prose.wrapLongLines("a  b\nc") == "a  b\nc")
        #expect(Prose.wrapLongLines(String(repeating: "x", count: 90)) == String(repeating: "x", count: 90))
    }
}
