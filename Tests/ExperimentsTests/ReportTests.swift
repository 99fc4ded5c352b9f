// Tests for the sentences the lessons print: each claim must follow from the numbers
// given, and flip when the numbers do. (Lesson 4's own reports are tested in
// Tests/LessonOutputTests/Lesson4ReportTests.swift.)

import Testing
import HyperSearch
import LabMath
@testable import TrainingEngine
@testable import Experiments

@Suite("Lesson reports")
struct ReportTests {
    let configuration = try! SearchSpace([.categorical("lr", [0.01])]).configuration(atIndex: 0)

    func trial(score: Double, number: Int = 1) -> Trial {
        Trial(number: number, configuration: configuration,
              evaluation: Evaluation(outcome: .score(score), foldScores: [score - 0.02, score + 0.02]))
    }

    func refit(accuracy: Double) -> NetworkTuning.RefitResult {
        NetworkTuning.RefitResult(settings: NetworkSettings(),
                                  run: TrainingRun(history: [], outcome: .completed(epochs: 1), cost: TrainingCost()),
                                  testAccuracy: accuracy, testLoss: 0.5)
    }

    @Test func refitStoryJudgesTheGapByTheTestSetsStandardError() {
        // p = 0.75 on 154 rows: standard error sqrt(0.75 * 0.25 / 154) = 0.0349, so a
        // gap of -0.05 is within two standard errors ...
        let close = SearchLessonReport.refitStory(best: trial(score: 0.8), refit: refit(accuracy: 0.75),
                                                  trainingRows: 614, testRows: 154, scoredTrials: 10)
        #expect(close.contains("= 0.035") && close.contains("within two standard errors"))
        // ... and -0.10 (p = 0.70, standard error 0.0369) is not: with ten trials that is
        // the winner's curse; with a single trial there was no choice to flatter.
        let far = SearchLessonReport.refitStory(best: trial(score: 0.8), refit: refit(accuracy: 0.70),
                                                trainingRows: 614, testRows: 154, scoredTrials: 10)
        #expect(far.contains("more than two standard errors below") && far.contains("best of 10"))
        let single = SearchLessonReport.refitStory(best: trial(score: 0.8), refit: refit(accuracy: 0.70),
                                                   trainingRows: 614, testRows: 154, scoredTrials: 1)
        #expect(!single.contains("best of"))
        let broken = SearchLessonReport.refitStory(best: trial(score: 0.8), refit: refit(accuracy: .nan),
                                                   trainingRows: 614, testRows: 154, scoredTrials: 10)
        #expect(!broken.contains("standard error"))
    }

    func result(scores: [Double]) throws -> SearchResult {
        let space = try SearchSpace([.categorical("x", scores.indices.map { Double($0) })])
        let objective = Objective(name: "s", direction: .maximize) { c in .score(scores[Int(try c.double("x"))]) }
        var tuner = try Tuner(searcher: GridSearch(space: space, limit: 10), objective: objective,
                              budget: .trials(scores.count))
        return try tuner.run()
    }

    @Test func theLeadIsJudgedByThePairedStandardError() throws {
        // Two trials on the same 4 folds: differences 0.02, 0.00, 0.03, 0.01 have mean
        // 0.015 and sample standard deviation 0.012910, so the standard error is
        // 0.012910 / 2 = 0.006455 (computed by hand).
        let space = try SearchSpace([.categorical("x", [0.0, 1.0])])
        let folds: [[Double]] = [[0.80, 0.75, 0.83, 0.76], [0.78, 0.75, 0.80, 0.75]]
        let objective = Objective(name: "s", direction: .maximize) { c in
            let f = folds[Int(try c.double("x"))]
            return Evaluation(outcome: .score(f.reduce(0, +) / 4), foldScores: f)
        }
        var tuner = try Tuner(searcher: GridSearch(space: space, limit: 10), objective: objective, budget: .trials(2))
        let lead = try #require(SearchLessonReport.leadOverRunnerUp(try tuner.run()))
        #expect(abs(lead.lead - 0.015) < 1e-12 && lead.folds == 4)
        #expect(abs(lead.standardError! - 0.0064549722) < 1e-9)
        #expect(SearchLessonReport.leadOverRunnerUp(try result(scores: [0.7])) == nil)
    }
}
