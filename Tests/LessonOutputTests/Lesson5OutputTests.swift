// Lesson 5: the steps the issues ask for (determinism and layout are in
// AllLessonsOutputTests; the reports' sentences in Lesson5ReportTests), the lesson's own
// flags, and a clear error before step 1 for data the lesson cannot use.

import Foundation
import Testing
import TestSupport

@Suite("Lesson 5 output", .serialized)
struct Lesson5OutputTests {
    let program = "Lesson5_ModelSelection"

    @Test func quickRunShowsEveryStep() throws {
        let run = try LessonRunner.run(program, ["--quick"])
        #expect(run.status == 0)
        let out = LessonRunner.flattened(run.standardOutput)
        for piece in ["MNIST", "logistic regression", "MLP", "CNN", "Total params: 2,730", "MACs/ex.",
                      "fold: one of the 2 parts", "population standard deviation", " vs. ", "verdict",
                      "layer 1 / 5", "Adam at learning rate 0.001 (Keras's default; step 2 used 0.003)",
                      "mean_squared_error", "mean_absolute_error", "typed as 3460",
                      "brief random searches", "It cannot be built: layer 2 (conv2d (Conv2D)) expects input of shape (None, 28, 28, 1)",
                      "The model it meant", "leaves out the article's Dense(64, inputDim: 100)", "only now",
                      "swift run Check 5", "Exercises"] {
            #expect(out.contains(piece), "missing: \(piece)")
        }
        // Every code cell printed is read from main.swift, never a string literal.
        #expect(!out.contains("not shown"))
    }

    @Test func theLessonsFlagsChangeWhatTheyName() throws {
        let run = try LessonRunner.run(program, ["--quick", "--depth", "2", "--typo", "100"])
        #expect(run.status == 0, "\(run.standardError)")
        let out = LessonRunner.flattened(run.standardOutput)
        #expect(out.contains("64 -> 32 -> 32 -> 10") && out.contains("layer 1 / 3"))
        #expect(out.contains("typed as 34600") && !out.contains("layer 1 / 5"))
        // The exercises' commands carry this run's options once, the changed one new.
        #expect(out.contains("--depth 6 --quick --typo 100") && out.contains("--typo 1000 --quick --depth 2"))
        #expect(try LessonRunner.run(program, ["--depth", "9"]).status == 64)
        #expect(try LessonRunner.run(program, ["--typo", "1"]).status == 64)
    }

    /// One hidden layer is not "deeper" than step 2's MLP.
    @Test func oneHiddenLayerIsNotCalledDeeper() throws {
        let run = try LessonRunner.run(program, ["--quick", "--depth", "1"])
        #expect(run.status == 0, "\(run.standardError)")
        let out = LessonRunner.flattened(run.standardOutput)
        #expect(out.contains("An MLP with one hidden layer of 32 units, 64 -> 32 -> 10") && !out.contains("deeper MLP"))
    }

    @Test func dataThatAreNotImagesAreRefused() throws {
        let run = try LessonRunner.run(program, ["--quick", "--data", "iris"])
        #expect(run.status == 65)
        #expect(LessonRunner.flattened(run.standardError).contains("iris: this lesson needs 8 x 8 images"))
        #expect(LessonRunner.flattened(run.standardError).contains("has 4 feature columns"))
        #expect(!run.standardOutput.contains("Step 1"))
    }

    /// Digits of one class used to give "CV acc 1.000"; now they stop the lesson
    /// before step 1, as a single class does in Lessons 1 to 4.
    @Test func digitsOfOneClassAreRefused() throws {
        let source = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("datasets/digits-8x8.csv").path,
                                encoding: .utf8)
        let lines = source.split(separator: "\n")
        let threes = [lines[0]] + lines.dropFirst().filter { $0.hasSuffix(",3") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuninglab-l5-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("threes.csv")
        try threes.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try LessonRunner.run(program, ["--quick", "--data", file.path])
        #expect(run.status == 65)
        #expect(LessonRunner.flattened(run.standardError).contains("threes: every row has label 3"))
        #expect(!run.standardOutput.contains("Step 1") && !run.standardOutput.contains("CV acc"))
    }
}
