// Every lesson, run as a student runs it: the same seed prints the same bytes (quick
// and default runs), another seed prints something else, the layout fits 80 ASCII
// columns, nothing goes to stderr when it is not a terminal, and bad flags end with the
// usage and status 64. Lesson-specific content is checked in the other files.

import Foundation
import Testing
import TestSupport

/// The lesson executables (keep in sync with `lessons` in Package.swift).
let allLessons = ["Lesson1_ManualTuning", "Lesson2_RandomSearch", "Lesson3_GridSearch", "Lesson4_BayesianOptimization",
                  "Lesson5_ModelSelection", "Lesson6_EarlyStoppingAndHyperband", "Lesson7_ChoosingATuner"]

@Suite("Every lesson's output", .serialized)
struct AllLessonsOutputTests {
    /// The list above must name every folder in Lessons/, so no lesson escapes these tests.
    @Test func everyLessonFolderIsTested() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Lessons").path)
        #expect(folders.filter { $0.hasPrefix("Lesson") }.sorted() == allLessons.sorted())
    }

    @Test(arguments: allLessons)
    func quickRunIsDeterministicAndFitsEightyColumns(program: String) throws {
        let first = try LessonRunner.run(program, ["--quick"])
        let second = try LessonRunner.run(program, ["--quick"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput == second.standardOutput)
        #expect(first.standardError.isEmpty)
        #expect(LessonRunner.layoutProblems(in: first.standardOutput).isEmpty,
                "\(LessonRunner.layoutProblems(in: first.standardOutput))")
        #expect(first.standardOutput.contains("Exercises"))
        let otherSeed = try LessonRunner.run(program, ["--quick", "--seed", "7"])
        #expect(otherSeed.status == 0 && otherSeed.standardOutput != first.standardOutput)
    }

    @Test(arguments: allLessons)
    func defaultRunIsDeterministic(program: String) throws {
        let first = try LessonRunner.run(program)
        let second = try LessonRunner.run(program)
        #expect(first.status == 0 && first.standardOutput == second.standardOutput)
        #expect(LessonRunner.layoutProblems(in: first.standardOutput).isEmpty)
    }

    @Test(arguments: allLessons)
    func badFlagsExitWithUsage(program: String) throws {
        for arguments in [["--no-such-flag"], ["--seed", "-3"], ["--seed"], ["stray"]] {
            let run = try LessonRunner.run(program, arguments)
            #expect(run.status == 64, "\(program) \(arguments)")
            #expect(LessonRunner.flattened(run.standardError).contains("usage: swift run \(program)"))
            #expect(run.standardOutput.isEmpty)
        }
        let help = try LessonRunner.run(program, ["--help"])
        #expect(help.status == 0 && help.standardOutput.contains("--seed N"))
    }
}
