// Lesson 3's own report and computations, tested through `@testable import` of the
// lesson's executable: main effects over any number of axes, the tie note, the
// synthetic story's turning point, and the --axis parser.

import Experiments
import HyperSearch
import Testing
@testable import Lesson3_GridSearch

@Suite("Lesson 3's report")
struct Lesson3ReportTests {
    /// A finished grid search over `axes` whose score is `score(values)`.
    func result(_ axes: [GridAxis], score: @escaping ([Double]) -> Double) throws -> SearchResult {
        let grid = try GridSearch(axes, limit: 1_000)
        let objective = Objective(name: "s", direction: .maximize) { c in
            .score(score(try axes.map { try c.double($0.name) }))
        }
        var tuner = try Tuner(searcher: grid, objective: objective, budget: .trials(grid.size))
        return try tuner.run()
    }

    func tiedResult(scores: [Double]) throws -> SearchResult {
        try result([.values("x", scores.indices.map(Double.init))]) { scores[Int($0[0])] }
    }

    @Test func aTieIsNamedOnlyWhenTheScoresPrintTheSame() throws {
        let exact = try #require(GridReport.tieNote(try tiedResult(scores: [0.7, 0.775, 0.775])))
        #expect(exact.contains("exactly equal") && exact.contains("(trial 2)"))
        let near = try #require(GridReport.tieNote(try tiedResult(scores: [0.775, 0.77501, 0.7])))
        #expect(near.contains("differ by only 1.0e-05") && near.contains("(trial 2) and"))
        #expect(GridReport.tieNote(try tiedResult(scores: [0.76, 0.775])) == nil)
    }

    @Test func mainEffectsAverageOverEveryOtherAxis() throws {
        // score = a + 10 b + 100 c on a 2 x 2 x 3 grid: the mean at a = 1 is 1 plus the
        // mean of 10 b + 100 c over the other 6 cells, (10 * 0.5) + (100 * 1) = 105.
        let r = try result([.values("a", [0, 1]), .values("b", [0, 1]), .values("c", [0, 1, 2])]) {
            $0[0] + 10 * $0[1] + 100 * $0[2]
        }
        let effects = GridAverages.mainEffects(r)
        #expect(effects.map(\.name) == ["a", "b", "c"])
        #expect(effects[0].levels.map(\.mean) == [105, 106])
        #expect(effects[2].levels.map(\.mean) == [5.5, 105.5, 205.5])
        #expect(effects[2].range == 200)
        let story = GridReport.mainEffectStory(effects, typicalFoldSpread: nil, folds: 0)
        #expect(story.contains("c moves the score at least twice as much as any other"))
        // The heatmap of a against b averages over c: cell (a = 0, b = 1) is 10 + 100.
        let means = GridAverages.means(r, rows: "a", columns: "b")
        #expect(means.means == [[100, 110], [101, 111]])
    }

    @Test func theSyntheticStorySaysWhereRandomSearchsAdvantageEnds() {
        func comparison(randomWins: Int, gridWins: Int) -> PairedComparison {
            PairedComparison(firstName: "grid search", secondName: "random search", direction: .minimize,
                             pairings: (0..<randomWins).map { _ in .init(first: 1, second: 0) }
                                + (0..<gridWins).map { _ in .init(first: 0, second: 1) })
        }
        let turning = GridReport.syntheticStory([(0, comparison(randomWins: 140, gridWins: 60)),
                                                 (0.1, comparison(randomWins: 100, gridWins: 100))])
        #expect(turning.contains("by w = 0.1 it is gone"))
        let never = GridReport.syntheticStory([(0, comparison(randomWins: 100, gridWins: 100))])
        #expect(!never.contains("it is gone"))
    }

    @Test func theAxisFlagIsParsedOrRefusedWithAReason() throws {
        let axis = try ExtraAxis.parse("hiddenUnits=5,10,20")
        #expect(axis.name == "hiddenUnits" && axis.values.compactMap(\.number) == [5, 10, 20])
        for (bad, reason) in [("units=3", "not a hyperparameter"), ("hiddenUnits=5,x", "'x' is not a whole number"),
                              ("hiddenUnits", "needs NAME=V1"), ("epochs=5,5", "listed twice"),
                              ("epochs=0", "'0' is not a whole number")] {
            #expect(throws: (any Error).self) { try ExtraAxis.parse(bad) }
            do { _ = try ExtraAxis.parse(bad) } catch { #expect("\(error)".contains(reason), "\(bad): \(error)") }
        }
    }
}
