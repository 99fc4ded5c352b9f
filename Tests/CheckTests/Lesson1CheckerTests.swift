// The checks of Lesson 1 must catch the usual mistakes: each deliberately wrong
// implementation below is reported as wrong, on the input that exposes it.

import Foundation
import Testing
@testable import Check

@Suite("Exercise checker, Lesson 1")
struct Lesson1CheckerTests {
    /// Adam with a given placement of epsilon and with or without bias correction.
    func adam(paperEpsilon: Bool, biasCorrection: Bool) -> (Double, [Double], Double) throws -> [Double] {
        { start, gradients, lr in
            var (w, m, v) = (start, 0.0, 0.0)
            return gradients.enumerated().map { i, g in
                let t = Double(i + 1)
                m = 0.9 * m + 0.1 * g
                v = 0.999 * v + 0.001 * g * g
                let (mHat, vHat) = biasCorrection ? (m / (1 - pow(0.9, t)), v / (1 - pow(0.999, t))) : (m, v)
                if paperEpsilon {
                    w -= lr * mHat / (vHat.squareRoot() + 1e-7)
                } else {
                    w -= lr * (biasCorrection ? (1 - pow(0.999, t)).squareRoot() / (1 - pow(0.9, t)) : 1) * m
                        / (v.squareRoot() + 1e-7)
                }
                return w
            }
        }
    }

    @Test func adamsEpsilonAndBiasCorrectionMustBeKerass() {
        #expect(Lesson1Checks.adamSteps(adam(paperEpsilon: false, biasCorrection: true)).isDone)
        // The paper's epsilon (added to the corrected sqrt(v)) differs in the 7th digit.
        let paper = Lesson1Checks.adamSteps(adam(paperEpsilon: true, biasCorrection: true))
        guard case let .wrong(input, expected, got) = paper else { Issue.record("\(paper)"); return }
        #expect(input.hasPrefix("one step, the docstring's example") && expected == "[0.9000006325]" && got != expected)
        // Without bias correction the first step is lr x 0.1 / sqrt(0.001) = 3.16 lr.
        let uncorrected = Lesson1Checks.adamSteps(adam(paperEpsilon: false, biasCorrection: false))
        guard case let .wrong(_, _, first) = uncorrected else { Issue.record("\(uncorrected)"); return }
        #expect(first.hasPrefix("[0.68"))
    }

    @Test func divergenceAtExactlyTheFactorOrWithoutNaNIsCaught() {
        // ">=" instead of ">": exactly 10 times the start is not yet divergence.
        let inclusive = Lesson1Checks.divergedAtEpoch { initial, losses, factor in
            losses.firstIndex { loss in !loss.isFinite || (factor.map { loss >= $0 * initial } ?? false) }.map { $0 + 1 }
        }
        guard case let .wrong(input, expected, got) = inclusive else { Issue.record("\(inclusive)"); return }
        #expect(input.contains("epoch losses [7.0], factor 10.0") && expected == "nil" && got == "1")
        // Forgetting NaN (every comparison with NaN is false).
        let nanBlind = Lesson1Checks.divergedAtEpoch { initial, losses, factor in
            losses.firstIndex { loss in factor.map { loss > $0 * initial } ?? false }.map { $0 + 1 }
        }
        guard case let .wrong(nanInput, _, _) = nanBlind else { Issue.record("\(nanBlind)"); return }
        #expect(nanInput.contains("nan"))
    }

    @Test func crossEntropyWithoutTheClipOrAsASumIsCaught() {
        let unclipped = Lesson1Checks.binaryCrossEntropy { p, y in
            guard !p.isEmpty, p.count == y.count else { throw CheckerTestError.refused }
            return zip(p, y).map { -($1 * log($0) + (1 - $1) * log(1 - $0)) }.reduce(0, +) / Double(p.count)
        }
        #expect(unclipped == .wrong(input: "p = 0 for a positive row: clipped: p [0.0], y [1.0]",
                                    expected: "16.11809565", got: "inf"))
        let summed = Lesson1Checks.binaryCrossEntropy { p, y in
            guard !p.isEmpty, p.count == y.count else { throw CheckerTestError.refused }
            return zip(p, y).map { -($1 * log(max($0, 1e-7)) + (1 - $1) * log(max(1 - $0, 1e-7))) }.reduce(0, +)
        }
        guard case let .wrong(input, _, _) = summed else { Issue.record("\(summed)"); return }
        #expect(input.hasPrefix("the docstring's example"))
    }
}
