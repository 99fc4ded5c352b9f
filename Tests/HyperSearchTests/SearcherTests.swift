// Searchers: grid order and size, random sampling statistics, no repeats in discrete
// spaces, determinism, and tuning plain functions (searchers know nothing of networks).

import Foundation
import Testing
import LabMath
@testable import HyperSearch

@Suite("Searchers")
struct SearcherTests {
    @Test func gridOrderSizeAndLimit() throws {
        var grid = try GridSearch([.values("learningRate", [0.001, 0.01, 0.1]), .values("batchSize", [10, 20, 40])], limit: 100)
        #expect(grid.size == 9)
        var seen: [String] = []
        while let c = grid.suggest() { seen.append(c.description) }
        #expect(seen == [
            "learningRate=0.001, batchSize=10", "learningRate=0.001, batchSize=20", "learningRate=0.001, batchSize=40",
            "learningRate=0.01, batchSize=10", "learningRate=0.01, batchSize=20", "learningRate=0.01, batchSize=40",
            "learningRate=0.1, batchSize=10", "learningRate=0.1, batchSize=20", "learningRate=0.1, batchSize=40",
        ])
        #expect(grid.exhaustionNote == "all 9 grid points were tried")
        // The second article's grid: 3 x 3 x 3 = 27, refused below the limit.
        let axes: [GridAxis] = [.values("batchSize", [32, 64, 128]), .values("epochs", [10, 20, 30]),
                                .values("learningRate", [0.001, 0.01, 0.1])]
        #expect(try GridSearch(axes, limit: 27).size == 27)
        #expect(throws: SearchError.gridTooLarge(size: 27, limit: 26)) { try GridSearch(axes, limit: 26) }
        let hugeAxes = (0..<8).map { GridAxis.values("p\($0)", Array(stride(from: 0.0, to: 300, by: 1))) }
        #expect(throws: SearchError.gridTooLarge(size: nil, limit: 1_000_000)) { try GridSearch(hugeAxes, limit: 1_000_000) }
        #expect(throws: SearchSpaceError.noChoices(name: "x")) { try GridSearch([.values("x", [])], limit: 10) }
    }

    @Test func gridRanges() throws {
        #expect(try GridAxis.range("x", from: 0, to: 1, step: 0.25).values.compactMap(\.number) == [0, 0.25, 0.5, 0.75, 1])
        // 0.1 steps: computed as from + k step, so 0.3 is 0.30000000000000004, not an accumulated sum.
        #expect(try GridAxis.range("x", from: 0, to: 0.3, step: 0.1).values.count == 4)
        let log = try GridAxis.range("lr", from: 0.001, to: 0.1, count: 3, scale: .log).values.compactMap(\.number)
        #expect(log.count == 3 && abs(log[1] - 0.01) < 1e-15 && log[0] == 0.001 && log[2] == 0.1)
        #expect(throws: SearchError.self) { try GridAxis.range("x", from: 1, to: 0, step: 0.1) }
        #expect(throws: SearchError.self) { try GridAxis.range("x", from: 0, to: 1, step: 0) }
        #expect(throws: SearchError.self) { try GridAxis.range("x", from: 0, to: 1, count: 0) }
        #expect(throws: SearchError.self) { try GridAxis.range("x", from: 0, to: 1, count: 3, scale: .log) }
        let space = try SearchSpace([.integer("units", low: 2, high: 4), .categorical("act", names: ["relu", "tanh"])])
        #expect(try GridSearch(space: space, limit: 10).size == 6)
        #expect(throws: SearchError.self) { try GridSearch(space: SearchSpace([.real("lr", low: 0, high: 1)]), limit: 10) }
    }

    /// Log-uniform draws from [1e-4, 1e-1]: log10 of the draws is uniform on [-4, -1], so
    /// the q-quantile is 10^(-4 + 3q). Over 20,000 draws the quantiles' standard error
    /// is below 0.01 decade; we accept 0.05 decade.
    @Test func logUniformQuantilesAreInsideTheirBand() throws {
        let space = try SearchSpace([.real("lr", low: 1e-4, high: 0.1, scale: .log)])
        var search = try RandomSearch(space: space, iterations: 20_000, seed: 1)
        var logs: [Double] = []
        while let c = search.suggest() {
            let x = try c.double("lr")
            #expect(x >= 1e-4 && x <= 0.1)
            logs.append(log10(x))
        }
        #expect(!search.samplesWithoutReplacement)
        for q in [0.1, 0.25, 0.5, 0.75, 0.9] {
            #expect(abs(Statistics.quantile(logs, q) - (-4 + 3 * q)) < 0.05, "quantile \(q)")
        }
        // A uniform (linear) draw puts 90% of its mass in [0.01, 0.1]: the last decade.
        let linear = try SearchSpace([.real("lr", low: 1e-4, high: 0.1)])
        var uniform = try RandomSearch(space: linear, iterations: 20_000, seed: 2)
        var inLastDecade = 0
        while let c = uniform.suggest() { if try c.double("lr") >= 0.01 { inLastDecade += 1 } }
        // P(x >= 0.01) = (0.1 - 0.01) / (0.1 - 0.0001) = 0.9009; standard error 0.002.
        #expect(abs(Double(inLastDecade) / 20_000 - 0.09 / 0.0999) < 0.01)
    }

    @Test func integerAndCategoricalDrawsHaveTheRightFrequencies() throws {
        var rng = SeededGenerator(seed: 3)
        let units = Hyperparameter.integer("units", low: 1, high: 8, scale: .log)
        var counts = [Int](repeating: 0, count: 9)
        for _ in 0..<40_000 { counts[Int(units.sample(&rng).number!)] += 1 }
        // P(k) = log((k + 1) / k) / log(9 / 1): 1 is drawn log(2)/log(9) = 31.5% of the time.
        for k in 1...8 {
            let expected = log(Double(k + 1) / Double(k)) / log(9.0)
            #expect(abs(Double(counts[k]) / 40_000 - expected) < 0.01, "k = \(k)")
        }
        let act = Hyperparameter.categorical("act", names: ["relu", "tanh", "sigmoid"])
        var relu = 0
        for _ in 0..<30_000 where act.sample(&rng) == .name("relu") { relu += 1 }
        #expect(abs(Double(relu) / 30_000 - 1.0 / 3) < 0.015)
    }

    @Test func discreteSpacesAreSampledWithoutRepeatsUntilExhausted() throws {
        let space = try SearchSpace([.categorical("learningRate", [0.001, 0.01, 0.1]), .categorical("batchSize", [10, 20, 40])])
        var search = try RandomSearch(space: space, iterations: 10, seed: 5)
        #expect(search.samplesWithoutReplacement)
        var seen: [Configuration] = []
        while let c = search.suggest() { seen.append(c) }
        #expect(seen.count == 9 && Set(seen).count == 9)
        #expect(search.exhaustionNote?.contains("only 9 configurations") == true)
        // A huge discrete space: still no repeats, and no enormous allocation.
        let huge = try SearchSpace([.integer("a", low: 0, high: 999_999), .integer("b", low: 0, high: 999_999)])
        var sampler = try RandomSearch(space: huge, iterations: 5_000, seed: 6)
        var drawn = Set<Configuration>()
        while let c = sampler.suggest() { drawn.insert(c) }
        #expect(drawn.count == 5_000)
    }

    @Test func randomSearchIsDeterministicPerSeed() throws {
        let space = try SearchSpace([.real("x", low: -5, high: 5), .integer("n", low: 1, high: 100, scale: .log)])
        func draws(_ seed: UInt64) throws -> [String] {
            var s = try RandomSearch(space: space, iterations: 20, seed: seed)
            var out: [String] = []
            while let c = s.suggest() { out.append(c.description) }
            return out
        }
        #expect(try draws(1) == draws(1))
        #expect(try draws(1) != draws(2))
        #expect(throws: SearchError.self) { try RandomSearch(space: space, iterations: 0, seed: 1) }
    }

    @Test func searchersTunePlainFunctions() throws {
        let space = try SearchSpace([.real("x", low: -10, high: 10), .real("y", low: -10, high: 10)])
        let bowl = Objective(name: "(x - 2)^2 + (y + 1)^2", direction: .minimize) { c in
            let x = try c.double("x"), y = try c.double("y")
            return .score((x - 2) * (x - 2) + (y + 1) * (y + 1))
        }
        var random = try Tuner(searcher: RandomSearch(space: space, iterations: 400, seed: 7), objective: bowl,
                               budget: .trials(400))
        let randomResult = try random.run()
        #expect(randomResult.best!.score! < 0.5)
        var grid = try Tuner(searcher: GridSearch([.range("x", from: -10, to: 10, step: 1), .range("y", from: -10, to: 10, step: 1)],
                                                  limit: 1000),
                             objective: bowl, budget: .trials(1000))
        let gridResult = try grid.run()
        #expect(gridResult.trials.count == 441)
        #expect(gridResult.best!.configuration.description == "x=2, y=-1" && gridResult.best!.score == 0)
        var manual = try Tuner(searcher: ManualSearch([space.configuration(["x": .number(1), "y": .number(1)]),
                                                       space.configuration(["x": .number(2), "y": .number(0)])]),
                               objective: bowl, budget: .trials(10))
        let manualResult = try manual.run()
        #expect(manualResult.best!.number == 2 && manualResult.stopReason.contains("all 2 configurations"))
    }
}
