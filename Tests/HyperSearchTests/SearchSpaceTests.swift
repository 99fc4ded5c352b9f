// Search spaces and configurations: every validation error, printing, typed access.

import Testing
@testable import HyperSearch

@Suite("Search spaces")
struct SearchSpaceTests {
    @Test func everyBadSpaceIsRefusedWithTheParameterName() {
        let cases: [([Hyperparameter], SearchSpaceError)] = [
            ([], .empty),
            ([.real("", low: 0, high: 1)], .emptyName),
            ([.real("lr", low: 0.1, high: 0.01)], .boundsNotIncreasing(name: "lr", low: "0.1", high: "0.01")),
            ([.real("lr", low: 0.1, high: 0.1)], .boundsNotIncreasing(name: "lr", low: "0.1", high: "0.1")),
            ([.integer("batch", low: 40, high: 10)], .boundsNotIncreasing(name: "batch", low: "40", high: "10")),
            ([.real("lr", low: 0, high: 0.1, scale: .log)], .logScaleNeedsPositiveBounds(name: "lr", low: "0.0")),
            ([.integer("units", low: 0, high: 64, scale: .log)], .logScaleNeedsPositiveBounds(name: "units", low: "0")),
            ([.real("lr", low: -.infinity, high: 1)], .nonFiniteBound(name: "lr")),
            ([.real("lr", low: 0, high: .nan)], .nonFiniteBound(name: "lr")),
            ([.categorical("units", [])], .noChoices(name: "units")),
            ([.categorical("units", [5, 10, 5])], .duplicateChoice(name: "units", value: "5")),
            ([.real("lr", low: 0, high: 1), .integer("lr", low: 1, high: 2)], .duplicateName("lr")),
        ]
        for (parameters, expected) in cases {
            #expect(throws: expected) { try SearchSpace(parameters) }
        }
        #expect(SearchSpaceError.logScaleNeedsPositiveBounds(name: "lr", low: "0.0").description
                == "'lr': a log scale needs bounds above 0, but the lower bound is 0.0")
    }

    @Test func sizeAndDiscreteness() throws {
        let discrete = try SearchSpace([.integer("batch", low: 10, high: 40), .categorical("act", names: ["relu", "tanh"])])
        #expect(discrete.isDiscrete && discrete.size == 62)
        let mixed = try SearchSpace([.real("lr", low: 1e-4, high: 0.1, scale: .log), .categorical("units", [5, 10])])
        #expect(!mixed.isDiscrete && mixed.size == nil)
        let huge = try SearchSpace((0..<5).map { .integer("p\($0)", low: 0, high: 100_000) })
        #expect(huge.size == nil)   // 100001^5 overflows Int: reported as uncountable, not a trap
    }

    @Test func configurationsPrintTheSameWayAndGiveTypedAccess() throws {
        let space = try SearchSpace([.real("learningRate", low: 1e-4, high: 0.1, scale: .log),
                                     .integer("batchSize", low: 10, high: 40),
                                     .categorical("activation", names: ["relu", "tanh"])])
        let c = try space.configuration(["batchSize": .number(20), "activation": .name("tanh"),
                                         "learningRate": .number(0.00123456)])
        #expect(c.description == "learningRate=0.001235, batchSize=20, activation=tanh")   // declaration order
        #expect(try c.double("learningRate") == 0.00123456)
        #expect(try c.integer("batchSize") == 20)
        #expect(try c.text("activation") == "tanh")
        #expect(throws: SearchError.unknownParameter("lr", known: ["learningRate", "batchSize", "activation"])) {
            try c.double("lr")
        }
        #expect(throws: SearchError.self) { try c.integer("learningRate") }   // 0.00123456 is not whole
        #expect(throws: SearchError.self) { try c.double("activation") }
        #expect(throws: SearchError.missingParameter("activation")) {
            try space.configuration(["learningRate": .number(0.01), "batchSize": .number(20)])
        }
        #expect(throws: SearchError.valueOutsideDomain(name: "batchSize", value: "50")) {
            try space.configuration(["learningRate": .number(0.01), "batchSize": .number(50), "activation": .name("relu")])
        }
        #expect(throws: SearchError.self) {
            try space.configuration(["learningRate": .number(0.01), "batchSize": .number(20), "activation": .name("relu"),
                                     "momentum": .number(0.9)])
        }
        #expect(HyperparameterValue.number(1e-5).description == "1e-05")
        #expect(HyperparameterValue.number(0.1).description == "0.1")
        #expect(HyperparameterValue.number(128).description == "128")
    }

    @Test func mixedRadixIndexingIsNestedLoopOrder() throws {
        let space = try SearchSpace([.categorical("a", [1, 2]), .categorical("b", [10, 20, 30])])
        let all = (0..<6).map { space.configuration(atIndex: $0).description }
        #expect(all == ["a=1, b=10", "a=1, b=20", "a=1, b=30", "a=2, b=10", "a=2, b=20", "a=2, b=30"])
    }
}

@Suite("A grid's cost before it runs")
struct GridCostTests {
    @Test func theArticlesGridCostsWhatStepOnePrints() throws {
        // 9 configurations x 5 folds = 45 trainings of 100 epochs; the folds' training
        // rows add up to (5 - 1) x 614 = 2,456, so 9 x 100 x 2,456 = 2,210,400 examples.
        let cost = try GridCost.of(configurations: 9, folds: 5, epochsPerTraining: 100, rows: 614)
        #expect(cost == GridCost(trainings: 45, epochs: 4_500, examples: 2_210_400))
    }

    @Test func anEpochsAxisIsSummedConfigurationByConfiguration() throws {
        let grid = try GridSearch([.values("epochs", [10, 20, 30]), .values("lr", [0.1, 0.01])], limit: 10)
        let cost = try GridCost.of(grid: grid, folds: 3, rows: 30) { try $0.integer("epochs") }
        // 6 configurations x 3 folds; epochs (10 + 20 + 30) x 2 x 3 = 360; examples 360 / 3 x 2 x 30.
        #expect(cost == GridCost(trainings: 18, epochs: 360, examples: 7_200))
    }

    @Test func badArgumentsAndOverflowAreRefused() {
        #expect(throws: SearchError.self) { try GridCost.of(configurations: 0, folds: 5, epochsPerTraining: 1, rows: 10) }
        #expect(throws: SearchError.self) { try GridCost.of(configurations: 1, folds: 1, epochsPerTraining: 1, rows: 10) }
        #expect(throws: SearchError.self) { try GridCost.of(configurations: 1, folds: 5, epochsPerTraining: 1, rows: 4) }
        #expect(throws: SearchError.self) {
            try GridCost.of(configurations: Int.max / 2, folds: 5, epochsPerTraining: 1, rows: 10)
        }
    }
}
