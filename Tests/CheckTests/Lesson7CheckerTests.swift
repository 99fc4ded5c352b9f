// The Lesson 7 checks must catch the usual mistakes: gamma(n) rounded down or counted
// over scored trials only, ties broken the wrong way, Parzen widths that measure the
// bounds, a missing prior kernel, the latest incumbent on ties, the optimism's sign for
// a loss, and a partial line counted as a trial.

import Foundation
import Testing
@testable import Check
import Solutions

@Suite("Lesson 7's exercise checks")
struct Lesson7CheckerTests {
    @Test func theSolutionsPass() {
        for check in Lesson7Checks.all { #expect(check.run(.solutions).isDone, "\(check.id)") }
    }

    @Test func aSplitWithGammaRoundedDownIsCaught() {
        let verdict = Lesson7Checks.tpeSplit { scores, maximize, fraction, maxGood in
            let (good, bad) = try Solutions.tpeSplit(scores: scores, maximize: maximize, goodFraction: fraction,
                                                     maxGood: maxGood)
            // floor instead of ceil: one good trial too many is given back to the bad ones.
            let n = Int((fraction * Double(scores.count)).rounded(.down))
            let kept = Array(good.prefix(min(n, maxGood)))
            return (kept, (bad + good.dropFirst(kept.count)).sorted())
        }
        guard case let .wrong(input, _, _) = verdict else { Issue.record("\(verdict)"); return }
        // The case shows its numbers, not only a description.
        #expect(input == "15 trials, five tied at the best: 0.74, 0.8, 0.78, 0.8, 0.65, 0.79, 0.8, 0.71, 0.77, 0.8, "
                + "0.66, 0.75, 0.8, 0.72, 0.69, maximise, fraction 0.1")
    }

    @Test func aSplitThatCountsOnlyScoredTrialsIsCaught() {
        let verdict = Lesson7Checks.tpeSplit { scores, maximize, fraction, maxGood in
            let scored = scores.compactMap { $0 }
            let (good, _) = try Solutions.tpeSplit(scores: scored, maximize: maximize, goodFraction: fraction,
                                                   maxGood: maxGood)
            // Map positions among the scored trials back to trial numbers.
            let numbers = scores.indices.filter { scores[$0] != nil }.map { $0 + 1 }
            let goodNumbers = good.map { numbers[$0 - 1] }
            return (goodNumbers, (1...max(scores.count, 1)).prefix(scores.count).filter { !goodNumbers.contains($0) })
        }
        guard case .wrong = verdict else { Issue.record("\(verdict)"); return }
    }

    @Test func aDensityWithoutItsPriorIsCaught() {
        let verdict = Lesson7Checks.parzenLogDensity { observations, low, high, x in
            // The observations' kernels alone: drop the prior by asking with the prior's
            // weight removed (the mixture of n + 1 becomes a mixture of n).
            let withPrior = try Solutions.parzenLogDensity(observations: observations, low: low, high: high, at: x)
            guard !observations.isEmpty else { return withPrior }
            let range = high - low
            let z = (x - (low + high) / 2) / range
            let mass = 0.5 * (erf(0.5 / 2.0.squareRoot()) - erf(-0.5 / 2.0.squareRoot()))
            let prior = exp(-z * z / 2) / (2 * Double.pi).squareRoot() / (range * mass)
            let n = Double(observations.count)
            return log((exp(withPrior) * (n + 1) - prior) / n)
        }
        #expect(verdict == .wrong(input: "[0.3] in [0, 1] at 0.3", expected: verdict.expected, got: verdict.got))
    }

    @Test func theLatestIncumbentOnTiesAndALossSignAreCaught() {
        let latest = Lesson7Checks.winnerOptimism { inner, heldOut, counts, maximize in
            guard !inner.isEmpty, inner.count == heldOut.count, let first = counts.first, first >= 1,
                  zip(counts, counts.dropFirst()).allSatisfy({ $0 < $1 }) else { throw CheckerTestError.refused }
            return counts.map { count in
                let seen = Array(inner.prefix(count))
                let best = maximize ? seen.max()! : seen.min()!
                let winner = seen.lastIndex(of: best)!
                return maximize ? inner[winner] - heldOut[winner] : heldOut[winner] - inner[winner]
            }
        }
        guard case let .wrong(input, _, _) = latest else { Issue.record("\(latest)"); return }
        #expect(input == "a tie: inner [0.8, 0.8], held-out [0.7, 0.9], counts [2]")
        let unsigned = Lesson7Checks.winnerOptimism { inner, heldOut, counts, maximize in
            try Solutions.winnerOptimism(innerScores: inner, heldOutScores: heldOut, trialCounts: counts,
                                         maximize: true).map { maximize ? $0 : $0 }
        }
        guard case let .wrong(lossInput, _, _) = unsigned else { Issue.record("\(unsigned)"); return }
        #expect(lossInput.hasPrefix("a loss"))
    }

    @Test func aPartialLineCountedAsATrialIsCaught() {
        let verdict = Lesson7Checks.studyResumePoint { text in
            let (trials, partial) = try Solutions.studyResumePoint(fileText: text)
            return (trials + (partial ? 1 : 0), partial)
        }
        guard case let .wrong(input, expected, got) = verdict else { Issue.record("\(verdict)"); return }
        #expect(input == "3 trial lines, then half a line")
        #expect(expected == "(trials: 3, partialLine: true)" && got == "(trials: 4, partialLine: true)")
    }
}

extension Verdict {
    /// The expected and actual answers of a wrong verdict (empty otherwise).
    var expected: String { if case let .wrong(_, e, _) = self { return e } else { return "" } }
    var got: String { if case let .wrong(_, _, g) = self { return g } else { return "" } }
}
