// Lessons 2 and 3: the steps the issue asks for, and their own options checked
// (determinism and layout are in AllLessonsOutputTests).

import Foundation
import Testing
import TestSupport

@Suite("Search lessons output", .serialized)
struct SearchLessonOutputTests {
    @Test func randomSearchLessonShowsWhatTheIssueAsksFor() throws {
        let run = try LessonRunner.run("Lesson2_RandomSearch", ["--trials", "4", "--folds", "3", "--quick"])
        let out = LessonRunner.flattened(run.standardOutput)
        #expect(run.status == 0)
        #expect(out.contains("the space has only 9 configurations"))           // the article's lists
        #expect(out.contains("log-uniform"))                                  // why log-uniform, computed
        #expect(out.contains("Random search with 4 trials and 3-fold cross-validation"))
        #expect(out.contains("distinct"))                                     // distinct values tried
        #expect(out.contains("Incumbent trajectory") && out.contains("* best so far (the incumbent)"))
        #expect(out.contains("a fold is one of the 3 parts") && out.contains("the population one, dividing by 3"))
        #expect(out.contains("the sample standard deviation of the 3 differences"))
        #expect(out.contains("scored once on the 154 held-out test rows"))
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
        // Polish #7: the refusal (exercise 3) was one 101-column line on stderr.
        let refused = try LessonRunner.run("Lesson3_GridSearch", ["--quick", "--limit", "20"])
        #expect(refused.status == 1 && LessonRunner.layoutProblems(in: refused.standardError).isEmpty)
        #expect(refused.standardError.contains("Lesson3_GridSearch: error: the grid has 27 configurations, more than the limit\n  of 20; nothing was run"))
    }

    /// Polish #2: step 3 reads the bowls ratio from its own grids (the networks it
    /// compares), so a third axis in step 1 must not change a word of its story.
    @Test func gridSearchStepThreeReadsItsOwnGridsWhateverStepOnesAxis() throws {
        func story(_ extra: [String]) throws -> String {
            let out = LessonRunner.flattened(try LessonRunner.run("Lesson3_GridSearch", ["--quick"] + extra)
                .standardOutput)
            let start = try #require(out.range(of: "On the network, "))
            let end = try #require(out.range(of: "Pitfalls in the articles' code", range: start.upperBound..<out.endIndex))
            return String(out[start.lowerBound..<end.lowerBound])
        }
        let plain = try story([]), withAxis = try story(["--axis", "hiddenUnits=2,3"])
        #expect(plain.contains("Pooled over the 2 grids above, ") && !plain.contains("In step 1"))
        #expect(plain == withAxis)
    }
}
