// Issue 8, search spaces and searchers as a hostile user meets them: grid steps of
// 1e-30, integer ranges up to Int.max, real bounds of +-1e308, log-scaled integers in a
// discrete space, and a space of one configuration. Each test is named after the item
// it covers and failed (or trapped) before its fix.

import Testing
import LabMath
import TestSupport
@testable import HyperSearch

@Suite("Hostile input: search spaces and searchers")
struct HostileInputSearchTests {
    @Test func item3_3_gridRangesWhoseCountOverflowsAreRefused() {
        #expect(thrownMessage { _ = try GridAxis.range("lr", from: 0, to: 1, step: 1e-30) }
                == "'lr': the step 1e-30 makes 1e+30 values; an axis may have 1 to 1,000,000")
        #expect(thrownMessage { _ = try GridAxis.range("x", from: -1e308, to: 1e308, step: 1) }?
                    .contains("wider than the largest double") == true)
        #expect(thrownMessage { _ = try GridAxis.range("x", from: -1e308, to: 1e308, count: 3) }?
                    .contains("wider than the largest double") == true)
        #expect(thrownMessage { _ = try GridAxis.range("x", from: 0, to: 1, count: Int.max) }?
                    .contains("an axis may have 1 to 1,000,000") == true)
        #expect(thrownMessage { _ = try GridSearch([.values("a", [1, 2])], limit: 0) }
                == "a grid's limit must be at least 1, got 0")
        // Still fine: the largest allowed count, and a normal range.
        #expect((try? GridAxis.checkedCount(1_000_000, "x", "count")) == 1_000_000)
        #expect((try? GridAxis.checkedCount(1_000_001, "x", "count")) == nil)
        #expect((try? GridAxis.range("x", from: 0, to: 1, step: 0.25))?.values.count == 5)
    }

    @Test func item3_4_integerRangesBeyondTwoToThe53AreRefused() throws {
        for bad in [Hyperparameter.integer("n", low: 0, high: .max), .integer("n", low: .min, high: 0),
                    .integer("n", low: .min, high: .max), .integer("n", low: 1, high: .max, scale: .log)] {
            #expect(throws: SearchSpaceError.self) { try SearchSpace([bad]) }
            // Counting such a parameter outside a space must not trap either.
            #expect(bad.valueCount == .max)
        }
        #expect(thrownMessage { _ = try SearchSpace([.integer("n", low: 0, high: .max)]) }
                == "'n': the integer bound 9223372036854775807 is beyond +/-9007199254740992 (2^53, above which "
                + "doubles skip integers); narrow the range")
        // The widest accepted range samples, counts and grids without overflow.
        let widest = try SearchSpace([.integer("n", low: -(1 << 53), high: 1 << 53)])
        #expect(widest.size == (1 << 54) + 1)
        var search = try RandomSearch(space: widest, iterations: 3, seed: 1)
        while let c = search.suggest() { #expect(widest.parameters[0].contains(c.values[0])) }
        #expect(throws: SearchError.self) { try GridSearch(space: widest, limit: 1000) }
        var rng = SeededGenerator(seed: 2)
        _ = rng.nextInt(in: Int.min...Int.max)
        _ = rng.nextInt(in: -1...Int.max)
    }

    @Test func item4_7_logIntegersAreLogUniformWithoutReplacementToo() throws {
        let space = try SearchSpace([.integer("n", low: 1, high: 1000, scale: .log)])
        // The first draw is log-uniform: its median over seeds is near sqrt(1001) = 31.6,
        // not near 500 (the uniform median it used to be: 457 in the issue).
        let firsts = try (0..<400).map { seed -> Double in
            var search = try RandomSearch(space: space, iterations: 5, seed: UInt64(seed))
            let first = search.suggest()
            return try #require(first).values[0].number!
        }
        #expect(Statistics.median(firsts) < 60)
        // 101 distinct draws: small values are preferred, then used up, so the median
        // rises (about 117 in a simulation of successive sampling over 200 seeds, 77 to
        // 181), far below the ~500 of uniform draws without replacement.
        var search = try RandomSearch(space: space, iterations: 101, seed: 7)
        var drawn: [Double] = []
        while let c = search.suggest() { drawn.append(c.values[0].number!) }
        #expect(drawn.count == 101 && Set(drawn).count == 101)
        #expect(Statistics.median(drawn) < 250)
    }

    @Test func item4_7_aDiscreteLogSpaceIsExhaustedExactlyOnceAndReproducibly() throws {
        let space = try SearchSpace([.integer("units", low: 1, high: 200, scale: .log),
                                     .categorical("activation", names: ["relu", "tanh"])])
        func all(seed: UInt64) throws -> [String] {
            var search = try RandomSearch(space: space, iterations: 500, seed: seed)
            var out: [String] = []
            while let c = search.suggest() { out.append(c.description) }
            #expect(search.exhaustionNote?.contains("only 400 configurations; all were tried") == true)
            return out
        }
        let first = try all(seed: 3)
        #expect(first.count == 400 && Set(first).count == 400)   // the enumeration fallback ran at the end
        #expect(try all(seed: 3) == first)
        #expect(first.prefix(20).filter { $0.hasPrefix("units=1,") || $0.hasPrefix("units=2,") }.count >= 2)
    }

    @Test func item4_8_realBoundsWhoseWidthOverflowsAreRefused() throws {
        #expect(thrownMessage { _ = try SearchSpace([.real("x", low: -1e308, high: 1e308)]) }
                == "'x': the interval from -1e+308 to 1e+308 is wider than the largest double (1.8e308); "
                + "narrow it or rescale the parameter")
        // A huge but representable width, and a huge log range, draw finite values and
        // encode to finite cube points.
        for parameter in [Hyperparameter.real("x", low: -8e307, high: 8e307), .real("y", low: 1e-300, high: 1e300, scale: .log)] {
            let space = try SearchSpace([parameter])
            var search = try RandomSearch(space: space, iterations: 20, seed: 4)
            let encoding = SpaceEncoding(space: space)
            while let c = search.suggest() {
                #expect(c.values[0].number!.isFinite)
                #expect(encoding.encode(c).allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
            }
        }
    }

    @Test func item5_oneConfigurationIsSingular() throws {
        let one = try SearchSpace([.categorical("lr", [0.01])])
        var search = try RandomSearch(space: one, iterations: 3, seed: 1)
        while search.suggest() != nil {}
        #expect(search.exhaustionNote == "the space has only 1 configuration; it was tried, so random search stopped "
                + "after 1 of the 3 requested iterations")
        var single = try RandomSearch(space: try SearchSpace([.real("x", low: 0, high: 1)]), iterations: 1, seed: 1)
        _ = single.suggest()
        #expect(single.exhaustionNote == "the 1 requested iteration was drawn")
        #expect(SearchError.gridTooLarge(size: 1, limit: 0).description.hasPrefix("the grid has 1 configuration,"))
        let objective = Objective(name: "x", direction: .minimize) { c in .score(try c.double("x")) }
        var tuner = try Tuner(searcher: RandomSearch(space: try SearchSpace([.real("x", low: 0, high: 1)]),
                                                     iterations: 5, seed: 1),
                              objective: objective, budget: .trials(1))
        #expect(try tuner.run().stopReason == "the budget of 1 trial is spent")
        var manual = ManualSearch([one.configuration(atIndex: 0)])
        _ = manual.suggest()
        #expect(manual.exhaustionNote == "the 1 configuration you listed was tried")
    }

    @Test func item3_5_configurationWithMismatchedListsThrows() {
        #expect(thrownMessage { _ = try Configuration(names: ["a", "b"], values: [.number(1)]) }
                == "Configuration(names:values:): 2 names but 1 values; there must be one value per name")
        #expect((try? Configuration(names: ["a"], values: [.number(1)]))?.description == "a=1")
    }

    @Test func extra_aNegativeRowLimitShowsNoRowsInsteadOfTrapping() throws {
        let objective = Objective(name: "x", direction: .minimize) { c in .score(try c.double("x")) }
        var tuner = try Tuner(searcher: RandomSearch(space: try SearchSpace([.real("x", low: 0, high: 1)]),
                                                     iterations: 3, seed: 1),
                              objective: objective, budget: .trials(3))
        let result = try tuner.run()
        #expect(SearchReport.table(result, maxRows: -1) == SearchReport.table(result, maxRows: 0))
        #expect(SearchReport.table(result, maxRows: 0) != SearchReport.table(result))
    }
}
