// Lessons 2 and 3 run as a student runs them: deterministic output per seed, 80 ASCII
// columns, the steps the issue asks for, and usage errors for bad options.

import Foundation
import Testing
import TestSupport

@Suite("Search lessons output", .serialized)
struct SearchLessonOutputTests {
    @Test(arguments: ["Lesson2_RandomSearch", "Lesson3_GridSearch"])
    func quickRunsAreDeterministicAndFitEightyColumns(program: String) throws {
        let first = try LessonRunner.run(program, ["--quick"])
        let second = try LessonRunner.run(program, ["--quick"])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput == second.standardOutput)
        #expect(LessonRunner.layoutProblems(in: first.standardOutput).isEmpty,
                "\(LessonRunner.layoutProblems(in: first.standardOutput))")
        #expect(first.standardOutput.contains("Exercises"))
        let otherSeed = try LessonRunner.run(program, ["--quick", "--seed", "3"])
        #expect(otherSeed.status == 0 && otherSeed.standardOutput != first.standardOutput)
    }

    @Test(arguments: ["Lesson2_RandomSearch", "Lesson3_GridSearch"])
    func defaultRunsAreDeterministic(program: String) throws {
        let first = try LessonRunner.run(program)
        let second = try LessonRunner.run(program)
        #expect(first.status == 0 && first.standardOutput == second.standardOutput)
        #expect(LessonRunner.layoutProblems(in: first.standardOutput).isEmpty)
    }

    @Test func randomSearchLessonShowsWhatTheIssueAsksFor() throws {
        let run = try LessonRunner.run("Lesson2_RandomSearch", ["--trials", "4", "--folds", "3", "--quick"])
        let out = LessonRunner.flattened(run.standardOutput)
        #expect(run.status == 0)
        #expect(out.contains("the space has only 9 configurations"))           // the article's lists
        #expect(out.contains("log-uniform"))                                  // why log-uniform, computed
        #expect(out.contains("Random search with 4 trials and 3-fold cross-validation"))
        #expect(out.contains("distinct"))                                     // distinct values tried
        #expect(out.contains("Incumbent trajectory"))
        #expect(out.contains("scored once on the held-out test rows"))
        for bad in [["--trials", "0"], ["--folds", "1"], ["--trails", "3"]] {
            #expect(try LessonRunner.run("Lesson2_RandomSearch", bad).status == 64)
        }
    }

    @Test func gridSearchLessonCountsBeforeRunningAndComparesOverSeeds() throws {
        let out = LessonRunner.flattened(try LessonRunner.run("Lesson3_GridSearch", ["--quick"]).standardOutput)
        #expect(out.contains("Before anything runs: the grid has 3 x 3 = 9 configurations"))
        #expect(out.contains("Before anything runs: the grid has 3 x 3 x 3 = 27 configurations"))
        #expect(out.contains("sign test"))
        #expect(out.contains("Pitfalls in the articles' code"))
        #expect(try LessonRunner.run("Lesson3_GridSearch", ["--folds", "11"]).status == 64)
    }
}
