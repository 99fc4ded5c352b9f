// Brackets: Hyperband's table against Li et al. 2018 and against its formulas computed
// a second way (in floating point, where exact); rounding of rung epochs; the bracket
// table; bad arguments of every scheduler are clear thrown errors.

import Foundation
import Testing
import LabMath
@testable import HyperSearch

@Suite("Successive halving and Hyperband brackets")
struct BracketTests {
    /// Li et al., "Hyperband", JMLR 18(185), 2018, Table 1 (R = 81, eta = 3), typed
    /// from the paper: for each bracket s, the (n_i, r_i) of its rungs.
    let paperTable1: [(s: Int, rungs: [(n: Int, r: Int)])] = [
        (4, [(81, 1), (27, 3), (9, 9), (3, 27), (1, 81)]),
        (3, [(34, 3), (11, 9), (3, 27), (1, 81)]),
        (2, [(15, 9), (5, 27), (1, 81)]),
        (1, [(8, 27), (2, 81)]),
        (0, [(5, 81)]),
    ]

    @Test func hyperbandMatchesTable1OfThePaper() throws {
        let plans = try Brackets.hyperband(eta: 3, minResource: 1, maxResource: 81)
        #expect(plans.map(\.s) == paperTable1.map(\.s))
        for (plan, expected) in zip(plans, paperTable1) {
            #expect(plan.rungs.map(\.trials) == expected.rungs.map(\.n))
            #expect(plan.rungs.map(\.epochs) == expected.rungs.map(\.r))
        }
        // Epochs with resumption, bracket s = 4: 81*1 + 27*2 + 9*6 + 3*18 + 1*54.
        #expect(plans[0].epochs == 297)
        #expect(plans[0].epochsRetrainingFromScratch == 81 + 27 * 3 + 9 * 9 + 3 * 27 + 81)
        #expect(try Hyperband(minResource: 1, maxResource: 81).plans == plans)
    }

    /// The formulas of the issue evaluated in floating point (log, ceil, powers), for
    /// settings where R / r is a power of eta (so that no rounding is involved and the
    /// floating-point log is exact enough after a 1e-9 nudge).
    @Test func hyperbandMatchesItsFormulas() throws {
        for eta in 2...5 {
            for r in [1, 2, 3] {
                for power in 0...4 {
                    let bigR = r * Int(pow(Double(eta), Double(power)))
                    let sMax = Int((log(Double(bigR) / Double(r)) / log(Double(eta)) + 1e-9).rounded(.down))
                    let plans = try Brackets.hyperband(eta: eta, minResource: r, maxResource: bigR)
                    #expect(plans.count == sMax + 1)
                    for (k, plan) in plans.enumerated() {
                        let s = sMax - k
                        #expect(plan.s == s)
                        let n = Int((Double(sMax + 1) / Double(s + 1) * pow(Double(eta), Double(s)) - 1e-9).rounded(.up))
                        let firstR = Double(bigR) * pow(Double(eta), Double(-s))
                        for (i, rung) in plan.rungs.enumerated() {
                            #expect(rung.trials == Int((Double(n) * pow(Double(eta), Double(-i)) + 1e-9).rounded(.down)))
                            #expect(Double(rung.epochs) == firstR * pow(Double(eta), Double(i)))
                        }
                    }
                }
            }
        }
    }

    @Test func rungEpochsAreRoundedAndAnchoredAtTheMaximum() throws {
        // R = 100, r = 1, eta = 3: s_max = 4 (81 <= 100 < 243); r_i = 100 / 3^(4 - i).
        let plans = try Brackets.hyperband(eta: 3, minResource: 1, maxResource: 100)
        #expect(plans.count == 5)
        #expect(plans[0].rungs.map(\.epochs) == [1, 4, 11, 33, 100])     // 1.23, 3.70, 11.1, 33.3
        #expect(plans[1].rungs.map(\.epochs) == [4, 11, 33, 100])
        // Halves round up: R = 6, eta = 4, r = 1: s_max = 1, r_0 = 1.5 -> 2.
        #expect(try Brackets.successiveHalving(eta: 4, minResource: 1, maxResource: 6).rungs.map(\.epochs) == [2, 6])
        // A minimum equal to the maximum is one rung: full training.
        let single = try Brackets.successiveHalving(eta: 3, minResource: 5, maxResource: 5)
        #expect(single.rungs == [RungPlan(trials: 1, epochs: 5)])
        // More initial trials than eta^s_max: floor(n / eta^i) per rung.
        let ten = try Brackets.successiveHalving(eta: 3, minResource: 1, maxResource: 9, initialTrials: 10)
        #expect(ten.rungs == [RungPlan(trials: 10, epochs: 1), RungPlan(trials: 3, epochs: 3), RungPlan(trials: 1, epochs: 9)])
        #expect(ten.epochs == 10 + 3 * 2 + 1 * 6)
    }

    @Test func bracketTableShowsEveryRungAndTheTotals() throws {
        let hyperband = try Hyperband(eta: 3, minResource: 1, maxResource: 9)
        let table = hyperband.bracketTable()
        let lines = table.split(separator: "\n").map(String.init)
        // Brackets s = 2 (9x1, 3x3, 1x9), s = 1 (5x3, 1x9 ... n = ceil(3/2 * 3) = 5), s = 0 (3x9).
        #expect(hyperband.plans.map(\.epochs) == [9 + 6 + 6, 15 + 6, 27])
        #expect(lines[0].contains("bracket") && lines[0].contains("epochs spent"))
        #expect(lines.count == 2 + 3 + 2 + 1 + 1)   // header, rule, 6 rungs, total line
        // From scratch: 9x1 + 3x3 + 1x9, 5x3 + 1x9, 3x9.
        #expect(lines.last == "  all brackets: 69 epochs (78 if every rung retrained from scratch)")
        #expect(table.contains("s=2") && table.contains("s=1") && table.contains("s=0"))
    }

    @Test func badArgumentsAreClearErrors() throws {
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { try SuccessiveHalving(eta: 1, minResource: 1, maxResource: 9) }.contains("eta must be at least 2"))
        #expect(message { try Hyperband(eta: 0, minResource: 1, maxResource: 9) }.contains("eta must be at least 2"))
        #expect(message { try ASHA(eta: -3, minResource: 1, maxResource: 9) }.contains("eta must be at least 2"))
        #expect(message { try SuccessiveHalving(minResource: 0, maxResource: 9) }.contains("at least 1 epoch"))
        #expect(message { try Hyperband(minResource: 10, maxResource: 9) }
            == "the minimum resource (10 epochs) is larger than the maximum (9 epochs)")
        #expect(message { try ASHA(minResource: 1, maxResource: 2_000_000) }.contains("at most 1000000 epochs"))
        #expect(message { try SuccessiveHalving(minResource: 1, maxResource: 9, initialTrials: 8) }
            == "with eta 3 and 3 rungs the first rung needs at least 9 trials so that one reaches 9 epochs, got 8")
        #expect(message { try SuccessiveHalving(minResource: 1, maxResource: 9, brackets: 0) }.contains("at least 1 bracket"))
        #expect(message { try Hyperband(minResource: 1, maxResource: 9, loops: 0) }.contains("at least 1 loop"))
        #expect(message { try MedianPruner(maxResource: 0) }.contains("at least 1 epoch"))
        #expect(message { try MedianPruner(maxResource: 9, startupTrials: -1) }.contains("cannot be negative"))
        #expect(message { try MedianPruner(maxResource: 9, warmupEpochs: -1) }.contains("cannot be negative"))
        #expect(message { try MedianPruner(maxResource: 9, intervalEpochs: 0) }.contains("at least 1 epoch"))
        #expect(message { try FullTraining(maxResource: 0) }.contains("at least 1 epoch"))
        // The largest settings accepted compute without overflow (a trap would end the test run).
        let huge = try Brackets.hyperband(eta: 2, minResource: 1, maxResource: Brackets.largestResource)
        #expect(huge.count == 20 && huge[0].rungs.last?.epochs == Brackets.largestResource)
    }
}
