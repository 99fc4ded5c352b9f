// Lesson 4: the pieces the issue asks for (prior, posterior with the acquisition under it, length scales,
// the EI split, the article's constant objective, the comparison over seeds).

import Foundation
import Testing
import TestSupport

@Suite("Lesson 4 output", .serialized)
struct Lesson4OutputTests {
    let program = "Lesson4_BayesianOptimization"

    @Test func defaultRunShowsEveryStep() throws {
        let run = try LessonRunner.run(program)
        #expect(run.status == 0)
        #expect(LessonRunner.layoutProblems(in: run.standardOutput).isEmpty)
        let out = LessonRunner.flattened(run.standardOutput)
        for piece in ["3 functions drawn from the prior", "After 5 observations", "expected improvement",
                      "exploitation", "exploration", "10 x shorter", "10 x longer", "log likelihood",
                      "ignores its arguments", "does not vary at all", "learning rate", "TypeError",
                      "the lower end of its allowed range", "(sd ", "2 sd = ",
                      "Best so far, median over seeds", "Posterior mean", "Posterior standard deviation",
                      "sign test", "Exercises"] {
            #expect(out.contains(piece), "missing: \(piece)")
        }
        #expect(try LessonRunner.run(program, ["--iterations", "0"]).status == 64)
    }
}
