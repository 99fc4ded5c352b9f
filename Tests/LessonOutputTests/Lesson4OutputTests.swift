// Lesson 4, run as a student runs it: every step and every term the lesson defines is
// printed, --step pauses without changing a byte, the flags the exercises use work, and
// the checks that exercises 1, 2 and 4 print come true when the student reruns with the
// flag they suggest.

import Foundation
import Testing
import TestSupport

@Suite("Lesson 4 output", .serialized)
struct Lesson4OutputTests {
    let program = "Lesson4_BayesianOptimization"

    @Test func defaultRunShowsEveryStepAndDefinesItsTerms() throws {
        let run = try LessonRunner.run(program)
        #expect(run.status == 0)
        #expect(LessonRunner.layoutProblems(in: run.standardOutput).isEmpty)
        let out = LessonRunner.flattened(run.standardOutput)
        for piece in ["3 functions drawn from the prior", "Here it is the Matern 5/2 kernel",
                      "the signal variance s2 is the prior variance of f", "(the unit cube", "(normalised units)",
                      "the noise variance, the variance of the random error", "z = (f* - mu) / sigma",
                      "Phi the standard normal distribution function", "phi its density",
                      "After 5 observations", "exploitation", "exploration", "fallen back to its prior",
                      "the floor of its allowed range", "10 x shorter", "10 x longer", "log likelihood",
                      "length scale fixed at 0.15", "ignores its arguments",
                      "does not vary at all", "TypeError", "the lower end of its allowed range", "(sd ", "2 sd = ",
                      "The model's fitted noise variance is", "Best so far, median over seeds", "after trial",
                      "Posterior mean", "Posterior standard deviation", "The sign test asks",
                      "The highest mean on this slice", "Expected improvement is largest at", "swift run Check 4",
                      "Exercises"] {
            #expect(out.contains(piece), "missing: \(piece)")
        }
        #expect(!out.contains("(--kappa)") && !out.contains("sd (--xi)"))
        for bad in [["--iterations", "0"], ["--kappa", "-1"], ["--xi", "x"], ["--guided", "41"]] {
            #expect(try LessonRunner.run(program, bad).status == 64, "\(bad)")
        }
    }

    @Test func stepModePausesPerTrialWithoutChangingTheOutput() throws {
        let plain = try LessonRunner.run(program, ["--quick"])
        let stepped = try LessonRunner.run(program, ["--quick", "--step"], input: String(repeating: "\n", count: 60))
        #expect(stepped.status == 0 && stepped.standardOutput == plain.standardOutput)
        #expect(!stepped.standardError.contains("[press Enter"))
        // A few presses, then end of input: the lesson runs to the end instead of waiting.
        let cut = try LessonRunner.run(program, ["--quick", "--step"], input: "\n\n\n")
        #expect(cut.status == 0 && cut.standardOutput == plain.standardOutput)
    }

    /// The first match of `pattern` in the flattened output, as its capture groups.
    func captures(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.firstMatch(in: text, range: range) else { return [] }
        return (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: text).map { String(text[$0]) } }
    }

    @Test func theExercisesChecksComeTrueWhenRerunWithTheirFlags() throws {
        let quick = LessonRunner.flattened(try LessonRunner.run(program, ["--quick"]).standardOutput)
        // Exercise 1: --iterations N ends step 1 with the sentence the check quotes.
        let one = try captures(#"Run with --iterations (\d+) --quick\. .*?Check: step 1 ends with "(After \d+ evaluations "#
                               + #"the best point is x = [-0-9.]+ with f = [-0-9.]+)""#, in: quick)
        #expect(one.count == 2, "exercise 1's check not found")
        if one.count == 2 {
            let rerun = LessonRunner.flattened(try LessonRunner.run(program, ["--quick", "--iterations", one[0]]).standardOutput)
            #expect(rerun.contains(one[1]), "\(one[1])")
        }
        // Exercise 2: below the threshold the --xi row stays near the best point; at it, it jumps.
        let two = try captures(#"within 0\.1 of x = ([0-9.]+) up to xi = ([0-9.]+) and jumps to x = ([0-9.]+) at xi = "#
                               + #"([0-9]+(?:\.[0-9]+)?)"#, in: quick)
        #expect(two.count == 4, "exercise 2's check not found")
        if two.count == 4, let best = Double(two[0]) {
            func xiRow(_ xi: String) throws -> Double? {
                let out = LessonRunner.flattened(try LessonRunner.run(program, ["--quick", "--xi", xi]).standardOutput)
                return try captures(#"EI, xi = [0-9.]+ sd \(--xi\) ([0-9.]+)"#, in: out).first.flatMap(Double.init)
            }
            let below = try #require(try xiRow(two[1])), at = try #require(try xiRow(two[3]))
            #expect(abs(below - best) <= 0.1)
            #expect(String(format: "%.3f", at) == two[2])
        }
        // Exercise 4: with more guided trials, the row of this run's budget repeats.
        let four = try captures(#"--guided (\d+) --quick\. .*?row for trial (\d+) reads random search ([0-9.]+) and "#
                                + #"Bayesian optimisation ([0-9.]+) again"#, in: quick)
        #expect(four.count == 4, "exercise 4's check not found")
        if four.count == 4 {
            let rerun = LessonRunner.flattened(try LessonRunner.run(program, ["--quick", "--guided", four[0]]).standardOutput)
            #expect(rerun.contains("\(four[1]) \(four[2]) \(four[3])"), "row \(four[1..<4])")
        }
        // --kappa adds its own row to step 3's table.
        let kappa = LessonRunner.flattened(try LessonRunner.run(program, ["--quick", "--kappa", "20"]).standardOutput)
        #expect(kappa.contains("LCB, kappa = 20 (--kappa)"))
    }
}
