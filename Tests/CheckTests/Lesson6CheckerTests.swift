// The checks of Lesson 6 must catch the usual mistakes: each deliberately wrong
// implementation below is reported as wrong, on the input that exposes it.

import Foundation
import Testing
@testable import Check

@Suite("Exercise checker, Lesson 6")
struct Lesson6CheckerTests {
    /// floor(log_eta(R / r)) with a floating-point log, rungs at r * eta^i (not anchored
    /// at R), and no refusal of too few trials.
    func floatingRungs(n: Int, r: Int, R: Int, eta: Int) throws -> [(trials: Int, epochs: Int)] {
        guard eta >= 2, r >= 1, r <= R else { throw CheckerTestError.refused }
        let s = Int(log(Double(R) / Double(r)) / log(Double(eta)))
        var power = 1
        return (0...s).map { i in
            defer { power *= eta }
            return (n / power, r * power)
        }
    }

    @Test func rungsNotAnchoredAtTheMaximumAreWrong() {
        let verdict = Lesson6Checks.halvingRungs { try floatingRungs(n: $0, r: $1, R: $2, eta: $3) }
        // Right while R / r is a power of eta; R = 100 is not, and the rungs must end at R.
        guard case let .wrong(input, expected, got) = verdict else { Issue.record("\(verdict)"); return }
        #expect(input == "n 100, r 1, R 100, eta 3")
        #expect(expected == "[(100, 1), (33, 4), (11, 11), (3, 33), (1, 100)]"
                    && got == "[(100, 1), (33, 3), (11, 9), (3, 27), (1, 81)]")
    }

    @Test func bracketsRetrainingFromScratchOrWithARoundedDownCountAreWrong() {
        // Counts n_i * r_i epochs for every rung (no resuming).
        let fromScratch = Lesson6Checks.hyperbandBrackets { r, R, eta in
            try Solutions_hyperband(r, R, eta).map { ($0.s, $0.trials, $0.firstEpochs, $0.scratch) }
        }
        guard case let .wrong(input, _, _) = fromScratch else { Issue.record("\(fromScratch)"); return }
        #expect(input == "r 1, R 81, eta 3")
        // n = floor((s_max + 1) eta^s / (s + 1)) instead of the ceiling.
        let floored = Lesson6Checks.hyperbandBrackets { r, R, eta in
            try Solutions_hyperband(r, R, eta, ceiling: false).map { ($0.s, $0.trials, $0.firstEpochs, $0.resumed) }
        }
        guard case let .wrong(where_, expected, got) = floored else { Issue.record("\(floored)"); return }
        #expect(where_ == "r 1, R 81, eta 3" && expected != got)
    }

    @Test func promotingTooManyOrLettingADivergedTrialThroughIsWrong() {
        // Rounds k / eta up instead of down.
        let roundedUp = Lesson6Checks.promotedTrials { scores, eta in
            guard eta >= 2, scores.count >= eta else { throw CheckerTestError.refused }
            let order = scores.indices.filter { scores[$0] != nil }.sorted { (scores[$0]!, -$0) > (scores[$1]!, -$1) }
            return Array(order.prefix((scores.count + eta - 1) / eta))
        }
        #expect(roundedUp == .wrong(input: "scores [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], eta 4", expected: "[5]",
                                    got: "[5, 4]"))
        // Ties to the later trial.
        let laterFirst = Lesson6Checks.promotedTrials { scores, eta in
            guard eta >= 2, scores.count >= eta else { throw CheckerTestError.refused }
            let order = scores.indices.filter { scores[$0] != nil }.sorted { (scores[$0]!, $0) > (scores[$1]!, $1) }
            return Array(order.prefix(scores.count / eta))
        }
        #expect(laterFirst == .wrong(input: "scores [0.8, 0.9, 0.8, 0.8, 0.9, 0.1], eta 3", expected: "[1, 4]",
                                     got: "[4, 1]"))
        // A diverged trial ranked as a score of 0 and promoted when slots remain.
        let zeroForNil = Lesson6Checks.promotedTrials { scores, eta in
            guard eta >= 2, scores.count >= eta else { throw CheckerTestError.refused }
            let order = scores.indices.sorted { ((scores[$0] ?? 0), -$0) > ((scores[$1] ?? 0), -$1) }
            return Array(order.prefix(scores.count / eta))
        }
        guard case let .wrong(input, _, got) = zeroForNil else { Issue.record("\(zeroForNil)"); return }
        #expect(input.hasPrefix("scores [nil, 0.3, nil") && got == "[1, 4, 0]")
    }

    @Test func pruningOnTheLatestScoreOrWithoutTheIncumbentGuardIsWrong() {
        func pruning(latest: Bool, guardIncumbent: Bool) -> Verdict {
            Lesson6Checks.medianPruningEpoch { curve, completed, warmup, interval in
                guard !curve.isEmpty, warmup >= 0, interval >= 1, completed.allSatisfy({ $0.count == curve.count })
                else { throw CheckerTestError.refused }
                guard !completed.isEmpty else { return nil }
                let incumbent = completed.map { $0.last! }.max()!
                var best = -Double.infinity
                for k in 1..<curve.count {
                    best = max(best, curve[k - 1])
                    let score = latest ? curve[k - 1] : best
                    guard k - 1 >= warmup, (k - 1 - warmup) % interval == 0 else { continue }
                    if guardIncumbent && score >= incumbent { continue }
                    let sorted = completed.map { $0[k - 1] }.sorted()
                    let m = sorted.count
                    let median = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2
                    if score < median { return k }
                }
                return nil
            }
        }
        #expect(pruning(latest: false, guardIncumbent: true) == .done(cases: 14))
        #expect(pruning(latest: true, guardIncumbent: true)
                    == .wrong(input: "a good first epoch, then a drop (the best so far counts): curve [0.7, 0.5, 0.5], "
                                  + "completed [[0.5, 0.6, 0.7], [0.6, 0.7, 0.8], [0.7, 0.8, 0.9]], warmupEpochs 0, "
                                  + "intervalEpochs 1", expected: "nil", got: "2"))
        #expect(pruning(latest: false, guardIncumbent: false)
                    == .wrong(input: "completed trials that overfit (as good as the incumbent): curve [0.6, 0.6, 0.6], "
                                  + "completed [[0.9, 0.5, 0.5], [0.9, 0.5, 0.5], [0.9, 0.5, 0.5]], warmupEpochs 0, "
                                  + "intervalEpochs 1", expected: "nil", got: "1"))
    }
}

/// Hyperband's brackets computed both ways (resumed and from scratch), optionally with
/// a floored trial count: the material for the wrong implementations above.
func Solutions_hyperband(_ r: Int, _ R: Int, _ eta: Int, ceiling: Bool = true) throws
    -> [(s: Int, trials: Int, firstEpochs: Int, resumed: Int, scratch: Int)] {
    guard eta >= 2, r >= 1, r <= R else { throw CheckerTestError.refused }
    var sMax = 0, reach = r
    while reach <= R / eta { reach *= eta; sMax += 1 }
    return stride(from: sMax, through: 0, by: -1).map { s in
        var power = 1
        for _ in 0..<s { power *= eta }
        let n = ceiling ? ((sMax + 1) * power + s) / (s + 1) : (sMax + 1) * power / (s + 1)
        var resumed = 0, scratch = 0, previous = 0, first = 0
        for i in 0...s {
            var divisor = 1, trials = n
            for _ in 0..<(s - i) { divisor *= eta }
            for _ in 0..<i { trials /= eta }
            let epochs = (2 * R / divisor + 1) / 2
            if i == 0 { first = epochs }
            resumed += trials * (epochs - previous)
            scratch += trials * epochs
            previous = epochs
        }
        return (s, n, first, resumed, scratch)
    }
}
