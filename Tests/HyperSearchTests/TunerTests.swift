// The tuner: failing and diverging trials are recorded and the search goes on; budgets
// in trials and epochs; the incumbent, trajectory and ranks; cross-validation.

import Testing
import LabData
import LabMath
@testable import HyperSearch

@Suite("Tuner and cross-validation")
struct TunerTests {
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }

    let space = try! SearchSpace([.categorical("x", [1, 2, 3, 4, 5, 6])])

    /// x = 2 throws, x = 3 diverges, x = 4 returns NaN; the others score -x (maximised).
    var troublesome: Objective {
        Objective(name: "-x", direction: .maximize) { c in
            let x = try c.double("x")
            switch x {
            case 2: throw Boom()
            case 3: return .diverged("loss became NaN", cost: SearchCost(epochs: 2, updates: 20))
            case 4: return .score(.nan, cost: SearchCost(epochs: 5, updates: 50))
            default: return .score(-x, cost: SearchCost(epochs: 5, updates: 50))
            }
        }
    }

    @Test func failuresAreRecordedAndTheSearchGoesOn() throws {
        var tuner = try Tuner(searcher: GridSearch(space: space, limit: 10), objective: troublesome, budget: .trials(10))
        var observed: [Int] = []
        let result = try tuner.run { trial, _ in observed.append(trial.number) }
        #expect(observed == [1, 2, 3, 4, 5, 6])
        #expect(result.trials.map(\.status) == ["ok", "failed: boom", "diverged: loss became NaN",
                                                "failed: the objective returned a non-finite score (nan)", "ok", "ok"])
        #expect(result.best?.configuration.description == "x=1")
        #expect(result.ranks == [1, nil, nil, nil, 2, 3])
        #expect(result.totalCost.epochs == 5 + 0 + 2 + 5 + 5 + 5)
        #expect(result.trajectory.map(\.bestScore) == [-1, -1, -1, -1, -1, -1])
        #expect(result.stopReason == "all 6 grid points were tried")
    }

    @Test func epochBudgetStopsBeforeTheNextTrial() throws {
        let objective = Objective(name: "x", direction: .minimize) { c in
            .score(try c.double("x"), cost: SearchCost(epochs: 10, updates: 1))
        }
        var tuner = try Tuner(searcher: GridSearch(space: space, limit: 10), objective: objective, budget: .epochs(25))
        let result = try tuner.run()
        #expect(result.trials.count == 3)       // 10 + 10 + 10 >= 25: the third crosses the budget and finishes
        #expect(result.stopReason == "the budget of 25 epochs is spent (30 used)")
        #expect(throws: SearchError.self) { try Tuner(searcher: GridSearch(space: space, limit: 10), objective: objective, budget: SearchBudget()) }
        #expect(throws: SearchError.self) { try Tuner(searcher: GridSearch(space: space, limit: 10), objective: objective, budget: .trials(0)) }
    }

    @Test func allTrialsFailingLeavesNoIncumbent() throws {
        let failing = Objective(name: "never", direction: .minimize) { _ in throw Boom() }
        var tuner = try Tuner(searcher: GridSearch(space: space, limit: 10), objective: failing, budget: .trials(3))
        let result = try tuner.run()
        #expect(result.best == nil && result.trajectory.allSatisfy { $0.bestScore == nil })
        #expect(result.stopReason == "the budget of 3 trials is spent")
    }

    @Test func crossValidationAveragesFoldsAndStopsAtTheFirstBadFold() throws {
        let labels = (0..<50).map { $0 % 2 }
        let cv = try CrossValidation.stratified(labels: labels, k: 5, seed: 1)
        #expect(cv.k == 5)
        // Score = share of validation rows with an even index, a number we can predict.
        let result = cv.evaluate { _, fold in
            .score(Double(fold.validationIndices.filter { $0 % 2 == 0 }.count) / Double(fold.validationIndices.count),
                   cost: SearchCost(epochs: 3, updates: 1))
        }
        #expect(result.score == 0.5 && result.foldScores == [0.5, 0.5, 0.5, 0.5, 0.5])
        #expect(result.cost.epochs == 15 && result.cost.evaluations == 5)
        let diverging = cv.evaluate { index, _ in index == 2 ? .diverged("NaN loss") : .score(1) }
        #expect(diverging.outcome == .diverged("fold 3: NaN loss") && diverging.cost.evaluations == 3)   // folds 1 to 3 ran
        let throwing = cv.evaluate { _, _ in throw Boom() }
        #expect(throwing.outcome == .failed("fold 1: boom"))
        let trial = Trial(number: 1, configuration: space.configuration(atIndex: 0),
                          evaluation: Evaluation(outcome: .score(0.5), foldScores: [0.4, 0.6]))
        #expect(abs(trial.foldSpread! - 0.1) < 1e-15)
    }

    @Test func resultsTableLooksLikeCvResults() throws {
        let objective = Objective(name: "x", direction: .minimize) { c in
            let x = try c.double("x")
            return Evaluation(outcome: .score(x), cost: SearchCost(epochs: 4), foldScores: [x - 0.5, x + 0.5])
        }
        var tuner = try Tuner(searcher: GridSearch(space: space, limit: 10), objective: objective, budget: .trials(3))
        let text = SearchReport.table(try tuner.run(), decimals: 2)
        #expect(text == """
              rank  #  x  mean   std  fold scores  cost
              ----  -  -  ----  ----  -----------  ----
                 1  1  1  1.00  0.50  .50 1.50        4
                 2  2  2  2.00  0.50  1.50 2.50       4
                 3  3  3  3.00  0.50  2.50 3.50       4
              cost: training epochs, summed over the folds
            """)
    }

    @Test func manyFoldsAreSummarisedByTheirRange() {
        #expect(SearchReport.foldSummary([0.7, 0.8]) == ".70 .80")
        let ten = [0.71, 0.69, 0.75, 0.8, 0.72, 0.68, 0.74, 0.77, 0.7, 0.73]
        #expect(SearchReport.foldSummary(ten) == "(10) .68-.80")
    }
}
