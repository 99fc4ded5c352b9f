// Lesson 7 run as a student runs it: the flags the exercises suggest print what their
// checks promise, and a wrong --bo-search is a usage error.

import Foundation
import Testing
import TestSupport

@Suite("Lesson 7's output", .serialized)
struct Lesson7OutputTests {
    @Test func aCrashBeforeTheFirstTrialIsResumedFromTheHeader() throws {
        let run = try LessonRunner.run("Lesson7_ChoosingATuner", ["--quick", "--interrupt-after", "0", "--gamma", "0.25"])
        #expect(run.status == 0, "\(run.standardError)")
        let text = run.standardOutput.replacingOccurrences(of: "\n", with: " ")
        #expect(text.contains("\"resumed: 0 trials replayed from the file; its last line was incomplete"))
        // Trial 1 was trained before the crash cut its line, and is trained again
        // (review 4, L7-1: the old simulation never trained it and printed 0 + 12 = 12).
        #expect(text.contains("1 + 12 = 13 trainings"))
        #expect(text.contains("It trained 1 trial, saved 0 in full and died while writing trial 1"))
        #expect(text.contains("One training was repeated"))
        #expect(text.contains("byte-for-byte identical file"))
        // gamma(15) = min(ceil(0.25 x 15), 25) = 4.
        #expect(text.contains("= 4 trials are good"))
        // Exercise 1 promises no more G marks than the chart can show: good trials
        // close in learning rate and score share a cell (review 4, L7-2: this very
        // run, the rerun the --quick exercise suggests, draws 3 G for 4 good trials).
        #expect(LessonRunner.flattened(run.standardOutput)
                    .contains("the chart shows up to 8 G marks (trials with close learning rates and scores share"))
        #expect(!text.contains("fewer if some diverged"))
        // Step 1 says what the network predicts, with the settings the code uses, and
        // that y* itself is good (review 4, L7-4 and L7-6).
        let flat = LessonRunner.flattened(run.standardOutput)
        #expect(flat.contains("Data: pima-diabetes, 768 rows of 8 features and a 0/1 target"))
        #expect(flat.contains("(batch 16, 10 hidden units, 10 epochs on 460 training rows"))
        #expect(flat.contains("gamma = p(y at least as good as y*)") && flat.contains("a space-filling start"))
        // The exercises' reruns leave out the flag they change (review 4, L7-0): with
        // "--gamma 0.5 ... --gamma 0.25" the old value would win.
        let commands = LessonRunner.suggestedFlags(in: run.standardOutput, program: "Lesson7_ChoosingATuner")
        #expect(commands.count >= 3)
        for flags in commands { #expect(Set(flags).count == flags.count, "\(flags)") }
        #expect(commands.contains(["--gamma", "--quick", "--interrupt-after"]))
        #expect(commands.contains(["--interrupt-after", "--quick", "--gamma"]))
        // Polish #6: exercise 4's --timing rerun carries the run's flags too.
        #expect(commands.contains(["--timing", "--quick", "--gamma", "--interrupt-after"]))
    }

    @Test func timingAddsTheSecondsAndAnUnknownBOSearchIsRefused() throws {
        let timed = try LessonRunner.run("Lesson7_ChoosingATuner", ["--quick", "--timing"])
        #expect(timed.status == 0)
        let text = timed.standardOutput.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("choose ms") && text.contains("Measured (--timing): choosing took BO"))
        let refused = try LessonRunner.run("Lesson7_ChoosingATuner", ["--quick", "--bo-search", "fast"])
        #expect(refused.status == 64)
        #expect(LessonRunner.flattened(refused.standardError).contains("--bo-search needs cheap or default, got 'fast'"))
    }
}
