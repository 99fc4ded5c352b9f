// The checker must tell right from wrong: the teacher's solutions pass every exercise,
// deliberately wrong implementations are caught with the failing input and both answers,
// a NaN answer is "wrong" (not a crash), and a trap in an exercise is reported by name.

import Foundation
import Testing
import TestSupport
@testable import Check

@Suite("Exercise checker")
struct CheckerTests {
    @Test func theTeachersSolutionsPassEveryExercise() {
        for check in Catalogue.all {
            let verdict = check.run(.solutions)
            #expect(verdict.isDone, "exercise \(check.id): \(verdict)")
        }
    }

    @Test func everyLessonHasAtLeastThreeExercisesWithDistinctIds() {
        for lesson in Catalogue.lessons { #expect(lesson.checks.count >= 3, "Lesson \(lesson.number)") }
        let ids = Catalogue.all.map(\.id)
        #expect(Set(ids).count == ids.count)
    }

    @Test func aWrongGridSizeNamesTheInputAndBothAnswers() {
        // Adds instead of multiplying: right for [3] alone, wrong for the article's grid.
        let verdict = Lesson3Checks.gridSize { counts in counts.reduce(0, +) }
        #expect(verdict == .wrong(input: "the article's grid [3, 3]", expected: "9", got: "6"))
        // Forgets to refuse an empty axis.
        let lenient = Lesson3Checks.gridSize { counts in
            guard !counts.isEmpty else { throw CheckerTestError.refused }
            return counts.reduce(1, &*)
        }
        guard case let .wrong(input, expected, got) = lenient else { Issue.record("\(lenient)"); return }
        #expect(input == "an empty axis [3, 0]" && expected.hasPrefix("an error") && got == "0")
    }

    @Test func aCostWithTheWrongRowCountIsCaught() {
        // Counts every row in every fold: n k instead of (k - 1) n.
        let verdict = Lesson3Checks.gridCost { c, k, e, n in
            guard c >= 1, k >= 2, e >= 1, n >= k else { throw CheckerTestError.refused }
            return (c * k, c * k * e, c * e * k * n)
        }
        #expect(verdict == .wrong(input: "9 configurations, 5 folds, 100 epochs, 614 rows",
                                  expected: "(trainings: 45, epochs: 4500, examples: 2210400)",
                                  got: "(trainings: 45, epochs: 4500, examples: 2763000)"))
    }

    @Test func coordinatesWithTheFirstAxisFastestAreWrong() {
        let verdict = Lesson3Checks.gridCoordinates { index, counts in
            guard index >= 0, index < counts.reduce(1, *) else { throw CheckerTestError.refused }
            var rest = index
            return counts.map { count in defer { rest /= count }; return rest % count }
        }
        // Index 0 reads the same both ways; index 3 of [3, 2] does not.
        #expect(verdict == .wrong(input: "index 3 of [3, 2]", expected: "[1, 1]", got: "[0, 1]"))
    }

    @Test func aConvolutionThatIgnoresPaddingOrStrideIsCaught() {
        // Always "valid": right for step 6's model, wrong for step 2's "same" CNN.
        let alwaysValid = Lesson5Checks.outputShape { h, w, c, f, k, s, padding in
            guard min(h, w, c, f, k.height, k.width, s) >= 1, k.height <= h, k.width <= w else {
                throw CheckerTestError.refused
            }
            return ((h - k.height) / s + 1, (w - k.width) / s + 1, f)
        }
        #expect(alwaysValid == .wrong(input: "8 x 8 x 1, 16 filters of 3 x 3, 'same', stride 1",
                                      expected: "(height: 8, width: 8, channels: 16)",
                                      got: "(height: 6, width: 6, channels: 16)"))
        // Right paddings, but the stride forgotten.
        let noStride = Lesson5Checks.outputShape { h, w, c, f, k, s, padding in
            guard min(h, w, c, f, k.height, k.width, s) >= 1, padding == "valid" || (padding == "same" && s == 1) else {
                throw CheckerTestError.refused
            }
            if padding == "same" { return (h, w, f) }
            guard k.height <= h, k.width <= w else { throw CheckerTestError.refused }
            return (h - k.height + 1, w - k.width + 1, f)
        }
        #expect(noStride == .wrong(input: "28 x 28 x 1, 8 filters of 3 x 3, 'valid', stride 2",
                                   expected: "(height: 13, width: 13, channels: 8)",
                                   got: "(height: 26, width: 26, channels: 8)"))
    }

    @Test func aConvolutionCostWithoutBiasesOrPositionsIsCaught() {
        // Forgets the biases, and counts multiply-adds once per image instead of per position.
        let verdict = Lesson5Checks.cost { h, w, c, f, k, padding in
            guard min(h, w, c, f) >= 1 else { throw CheckerTestError.refused }
            return (k.height * k.width * c * f, k.height * k.width * c * f)
        }
        #expect(verdict == .wrong(input: "8 x 8 x 1, 16 filters of 3 x 3, 'same', stride 1",
                                  expected: "(parameters: 160, multiplyAdds: 9216)",
                                  got: "(parameters: 144, multiplyAdds: 144)"))
    }

    @Test func lossGradientsWithoutTheTwoOrWithSignZeroAsOneAreCaught() {
        func refuse(_ a: [Double], _ y: [Double]) throws {
            guard !a.isEmpty, a.count == y.count else { throw CheckerTestError.refused }
        }
        // (a - y) / N: the derivative of the square without its factor 2.
        let noTwo = Lesson5Checks.gradients { a, y in
            try refuse(a, y)
            let n = Double(a.count)
            return (zip(a, y).map { ($0 - $1) / n }, zip(a, y).map { ($0 > $1 ? 1 : $0 < $1 ? -1 : 0) / n })
        }
        guard case let .wrong(input, _, _) = noTwo else { Issue.record("\(noTwo)"); return }
        #expect(input.contains("step 4's typo"))
        // The absolute error's slope taken as +1 at a = y.
        let signOne = Lesson5Checks.gradients { a, y in
            try refuse(a, y)
            let n = Double(a.count)
            return (zip(a, y).map { 2 * ($0 - $1) / n }, zip(a, y).map { ($0 >= $1 ? 1 : -1) / n })
        }
        #expect(signOne == .wrong(input: "predictions [5, 7], targets [5, 6] (one exact)",
                                  expected: "(squared: [0.0, 1.0], absolute: [0.0, 0.5])",
                                  got: "(squared: [0.0, 1.0], absolute: [0.5, 0.5])"))
    }

    @Test func notDoneYetAndNaNAreReportedNotCrashed() {
        struct NotDoneYet: Error {}
        #expect(Lesson3Checks.gridSize { _ in throw NotDoneYet() } == .notDoneYet)
        let nan = compare([("x = 1", 1.0)], attempt: { _ in Double.nan }, reference: { $0 * 2 }, same: { close($0, $1) },
                          show: { show($0) })
        #expect(nan == .wrong(input: "x = 1", expected: "2.0", got: "nan"))
    }

    /// A trap in a student's function ends the child process; the parent names the
    /// case that was running from the child's last announcement on stderr, and the
    /// report shows that input above the runtime's message.
    @Test func aCrashNamesTheInputThatWasRunning() {
        let stderr = Data("""
            [Check] running case: index 0 of [3, 3]
            [Check] running case: index 3 of [3, 2]
            Fatal error: Index out of range
            Current stack trace:
            """.utf8)
        #expect(Isolation.lastAnnouncedCase(in: stderr) == "index 3 of [3, 2]")
        #expect(Isolation.lastLines(of: stderr) == "Fatal error: Index out of range")
        #expect(Isolation.lastAnnouncedCase(in: Data("Fatal error: x\n".utf8)) == nil)
        let check = Catalogue.all.first { $0.id == "3.3" }!
        let report = CheckReport.lines(check, .crashed("Fatal error: Index out of range", input: "index 3 of [3, 2]"))
        #expect(report.contains("crashed") && report.contains("input:    index 3 of [3, 2]")
                    && report.contains("stopped:  Fatal error: Index out of range"))
        #expect(!CheckReport.lines(check, .crashed("Fatal error: x")).contains("input:"))
    }

    /// The child process announces each case before running it (so a crash can be
    /// traced to its input); the untouched stub stops at the first case.
    @Test func theChildAnnouncesEachCaseOnStderr() throws {
        let child = try LessonRunner.run("Check", ["--run-one", "3.3"])
        #expect(child.status == 0)
        #expect(child.standardOutput.contains("notDoneYet"))
        #expect(child.standardError.hasPrefix(Isolation.casePrefix + "index 0 of [3, 3]"), "\(child.standardError)")
    }

    /// Every stub file imports Foundation, so that the natural code of an exercise
    /// (exp, log, pow, sqrt) compiles: a file without it fails with "cannot find 'log'
    /// in scope", and that compile error would block `swift run Check` for every lesson.
    @Test func everyStubFileImportsFoundation() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons/Exercises")
        for lesson in Catalogue.lessons {
            let text = try String(contentsOf: folder.appendingPathComponent("Lesson\(lesson.number).swift"), encoding: .utf8)
            #expect(text.split(separator: "\n").contains { $0.hasPrefix("import Foundation") }, "Lesson\(lesson.number).swift")
        }
    }

    /// The built checker, run as a student runs it: solutions pass with status 0; an
    /// unknown lesson is a usage error.
    @Test func theCheckProgramGradesTheSolutionsAndRefusesUnknownLessons() throws {
        let solutions = try LessonRunner.run("Check", ["--solutions"])
        #expect(solutions.status == 0, "\(solutions.standardOutput)\(solutions.standardError)")
        let total = Catalogue.all.count
        #expect(solutions.standardOutput.contains("\(total) of \(total) done."))
        #expect(LessonRunner.layoutProblems(in: solutions.standardOutput).isEmpty)
        #expect(try LessonRunner.run("Check", ["99"]).status == 64)
        #expect(try LessonRunner.run("Check", ["--bogus"]).status == 64)
    }
}

enum CheckerTestError: Error { case refused }
