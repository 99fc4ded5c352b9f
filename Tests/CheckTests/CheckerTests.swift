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

    @Test func notDoneYetAndNaNAreReportedNotCrashed() {
        struct NotDoneYet: Error {}
        #expect(Lesson3Checks.gridSize { _ in throw NotDoneYet() } == .notDoneYet)
        let nan = compare([("x = 1", 1.0)], attempt: { _ in Double.nan }, reference: { $0 * 2 }, same: { close($0, $1) },
                          show: { show($0) })
        #expect(nan == .wrong(input: "x = 1", expected: "2.0", got: "nan"))
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
