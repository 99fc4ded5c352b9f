// The checks of Lesson 2 must catch the usual mistakes: each deliberately wrong
// implementation below is reported as wrong, on the input that exposes it.

import Foundation
import LabMath
import Testing
@testable import Check

@Suite("Exercise checker, Lesson 2")
struct Lesson2CheckerTests {
    @Test func aUniformDrawIsNotLogUniform() {
        let linear = Lesson2Checks.logUniform { u, low, high in
            guard low > 0, high > low, high.isFinite else { throw CheckerTestError.refused }
            return low + (high - low) * u
        }
        guard case let .wrong(input, _, _) = linear else { Issue.record("\(linear)"); return }
        #expect(input.contains("low 0.0001, high 0.1"))
        // Forgetting to refuse low = 0 (log 0 = -inf gives 0, not an error).
        let lenient = Lesson2Checks.logUniform { u, low, high in
            min(max(exp(log(low) + (log(high) - log(low)) * u), low), high)
        }
        guard case let .wrong(refused, expected, _) = lenient else { Issue.record("\(lenient)"); return }
        #expect(refused.contains("low 0.0, high 1.0") && expected.hasPrefix("an error"))
    }

    @Test func aDrawThatIsNotClampedIsCaughtOneRoundingStepOutside() {
        func refuse(_ low: Double, _ high: Double) throws {
            guard low > 0, high > low, high.isFinite else { throw CheckerTestError.refused }
        }
        // The docstring's formula without the clamp: 4.999999999999999 for [5, 5 (1 + 1e-15)].
        let unclamped = Lesson2Checks.logUniform { u, low, high in
            try refuse(low, high)
            return exp(log(low) + (log(high) - log(low)) * u)
        }
        guard case let .wrong(input, _, got) = unclamped else { Issue.record("\(unclamped)"); return }
        #expect(input.contains("low 5, high 5 (1 + 1e-15)") && got.contains("outside [low, high]"), "\(got)")
        // Another natural form, low (high / low)^u, leaves the range on the other side.
        let power = Lesson2Checks.logUniform { u, low, high in
            try refuse(low, high)
            return low * pow(high / low, u)
        }
        guard case let .wrong(other, _, _) = power else { Issue.record("\(power)"); return }
        #expect(other.contains("the next Double after 0.1"))
        // Clamped, the same form passes.
        let clamped = Lesson2Checks.logUniform { u, low, high in
            try refuse(low, high)
            return min(max(low * pow(high / low, u), low), high)
        }
        #expect(clamped.isDone, "\(clamped)")
    }

    @Test func foldsThatRestartEveryClassAtFoldZeroAreUnbalanced() {
        // Each class dealt from fold 0 again: a fold can get the extra row of every class.
        let restarting = Lesson2Checks.stratifiedFolds { labels, k, seed in
            guard k >= 2, k <= labels.count else { throw CheckerTestError.refused }
            var rng = SeededGenerator(seed: seed)
            var folds = [[Int]](repeating: [], count: k)
            for label in Array(Set(labels)).sorted() {
                var rows = labels.indices.filter { labels[$0] == label }
                rng.shuffle(&rows)
                for (p, row) in rows.enumerated() { folds[p % k].append(row) }
            }
            return folds.map { $0.sorted() }
        }
        guard case let .wrong(input, _, got) = restarting else { Issue.record("\(restarting)"); return }
        #expect(got.contains("differ by more than one"), "\(input): \(got)")
        // The facts name each broken property.
        #expect(Lesson2Checks.foldFacts([[0, 1], [1, 2]], labels: [0, 1, 0], k: 2) == "row 1 in 2 folds")
        #expect(Lesson2Checks.foldFacts([[0, 1, 2, 3], [4]], labels: [0, 0, 1, 1, 1], k: 2)
                    == "fold sizes [4, 1], which differ by more than one")
        #expect(Lesson2Checks.foldFacts([[0, 1, 4], [2, 3]], labels: [0, 0, 1, 1, 1], k: 2)
                    == "class 0 (2 rows) split [2, 0] over the folds, not 1 or 1 each")
    }

    @Test func thePopulationStandardDeviationOrTheNaiveVarianceIsCaught() {
        let population = Lesson2Checks.foldMeanAndStandardError { scores in
            guard !scores.isEmpty else { throw CheckerTestError.refused }
            let mean = scores.reduce(0, +) / Double(scores.count)
            let variance = scores.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(scores.count)
            return (mean, (variance / Double(scores.count)).squareRoot())
        }
        guard case let .wrong(input, _, _) = population else { Issue.record("\(population)"); return }
        #expect(input.hasPrefix("the docstring's example"))
        let naive = Lesson2Checks.foldMeanAndStandardError { scores in
            guard !scores.isEmpty else { throw CheckerTestError.refused }
            let n = Double(scores.count)
            let mean = scores.reduce(0, +) / n
            guard scores.count > 1 else { return (mean, .nan) }
            let meanOfSquares = scores.map { $0 * $0 }.reduce(0, +) / n
            let variance = max(0, meanOfSquares - mean * mean) * n / (n - 1)
            return (mean, (variance / n).squareRoot())
        }
        guard case let .wrong(large, _, _) = naive else { Issue.record("\(naive)"); return }
        #expect(large.hasPrefix("large numbers close together"))
    }
}
