// Lesson 5: the steps the issue asks for (determinism and layout are in
// AllLessonsOutputTests), and a clear error for data that are not 8 x 8 images.

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
                      "layer 1 / 5", "vanishing gradient", "mean_squared_error", "mean_absolute_error", "typed as",
                      "brief random searches", "It cannot be built: layer 2 (conv2d (Conv2D)) expects input of shape (None, 28, 28, 1)",
                      "The model it meant", "only now", "Exercises"] {
            #expect(out.contains(piece), "missing: \(piece)")
        }
    }

    @Test func dataThatAreNotImagesAreRefused() throws {
        let run = try LessonRunner.run(program, ["--quick", "--data", "iris"])
        #expect(run.status == 65)
        #expect(run.standardError.contains("iris: this lesson needs 8 x 8 images"))
        #expect(run.standardError.contains("has 4 feature columns"))
        #expect(!run.standardOutput.contains("Step 1"))
    }
}
