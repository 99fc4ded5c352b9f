// A student's own CSV in the yes/no lessons (1 to 4): a target that is not 0/1, or too
// few rows of a class, stops the lesson before any training with status 65 and a
// message naming the problem; a valid file with another shape is taught from, with
// text that describes that file rather than the Pima data.

import Foundation
import Testing
import TestSupport

@Suite("Lessons on the student's own data", .serialized)
struct DataCheckOutputTests {
    static let binaryLessons = ["Lesson1_ManualTuning", "Lesson2_RandomSearch", "Lesson3_GridSearch",
                                "Lesson4_BayesianOptimization"]

    /// Writes `text` to a fresh temporary CSV file and returns its path.
    func csv(_ name: String, _ text: String) throws -> String { try TemporaryFiles.write(name, text) }

    /// 60 rows, 3 features, a 0/1 target that depends on the first two (deterministic:
    /// the features are samples of sines, not random draws).
    func threeFeatureRows() -> String {
        var text = "u,v,w,label\n"
        for i in 0..<60 {
            let x = Double(i)
            let (u, v, w) = (sin(1.3 * x), cos(0.7 * x), sin(2.1 * x))
            text += "\(u),\(v),\(w),\(u + 0.5 * v + 0.3 * sin(5.7 * x) > 0 ? 1 : 0)\n"
        }
        return text
    }

    @Test(arguments: binaryLessons)
    func badTargetsStopBeforeAnyTraining(program: String) throws {
        let threeClasses = try csv("three.csv", "a,b,y\n1,2,0\n2,3,2\n3,4,1\n")
        let run = try LessonRunner.run(program, ["--quick", "--data", threeClasses])
        #expect(run.status == 65)
        #expect(LessonRunner.flattened(run.standardError).contains("must be 0 or 1") && LessonRunner.flattened(run.standardError).contains("data row 2"))
        #expect(!run.standardOutput.contains("Step 2"))
        let tiny = try csv("tiny.csv", "a,b,y\n1,2,0\n2,3,1\n3,4,0\n4,5,1\n")
        let small = try LessonRunner.run(program, ["--quick", "--data", tiny])
        #expect(small.status == 65 && LessonRunner.flattened(small.standardError).contains("of each class"))
        #expect(!small.standardOutput.contains("Step 2"))
    }

    @Test func lessonOneDescribesTheStudentsOwnData() throws {
        let path = try csv("three-features.csv", threeFeatureRows())
        let run = try LessonRunner.run("Lesson1_ManualTuning", ["--quick", "--data", path])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("60 rows x 3 features"))
        #expect(run.standardOutput.contains("(3 x 10 + 10 weights"))
        #expect(!run.standardOutput.contains("glucose"))
        #expect(LessonRunner.layoutProblems(in: run.standardOutput).isEmpty)
    }
}
