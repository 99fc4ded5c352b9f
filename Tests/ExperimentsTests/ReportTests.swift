// Tests for the sentences the lessons print: each claim must follow from the numbers
// given, and flip when the numbers do. Also checks that the heatmaps label each cell
// with the coordinates the model was evaluated at.

import Testing
import GaussianProcesses
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

    @Test func collapseIsCountedFromThePredictions() {
        #expect(ManualTrial.distinctClasses(Matrix([[0.2], [0.7], [0.4]])) == 2)
        #expect(ManualTrial.distinctClasses(Matrix([[0.2], [0.3]])) == 1)
        #expect(ManualTrial.distinctClasses(Matrix([[0.1, 0.9, 0], [0.1, 0.2, 0.7]])) == 2)
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

    @Test func repeatedPointsAreCounted() {
        #expect(BayesLessonReport.repeatedPoints([0.5, 0.7, 0.5004, 0.7, 0.2], tolerance: 0.001) == 2)
    }

    @Test func aLengthScaleOnItsBoundIsPointedOut() {
        #expect(BayesLessonReport.lengthScaleBoundNote([0.01], bounds: 0.01...100).contains("lower end"))
        #expect(BayesLessonReport.lengthScaleBoundNote([0.3, 100], bounds: 0.01...100).contains("upper end"))
        #expect(BayesLessonReport.lengthScaleBoundNote([0.3], bounds: 0.01...100).isEmpty)
    }

    @Test func explorationStoryNamesTheSmallestAndLargestSd() {
        let rows = [BayesLessonReport.ChoiceRow(setting: "LCB, kappa = 0", next: 0.66, mean: -2.8, standardDeviation: 0.2),
                    BayesLessonReport.ChoiceRow(setting: "EI, xi = 0", next: 0.67, mean: -2.5, standardDeviation: 0.6),
                    BayesLessonReport.ChoiceRow(setting: "LCB, kappa = 10", next: 0.68, mean: -1, standardDeviation: 1.2)]
        let story = BayesLessonReport.explorationStory(rows, bestObservation: 0.664, searcherPick: 0.67, gridStep: 0.0025)
        #expect(story.contains("'LCB, kappa = 0' has the smallest sd (0.200"))
        #expect(story.contains("'LCB, kappa = 10' has the largest (1.200"))
        #expect(story.contains("of the best observation so far"))
        #expect(!story.contains("The table maximises"))   // the searcher agreed with the grid
        let apart = BayesLessonReport.explorationStory(rows, bestObservation: 0.2, searcherPick: 0.7, gridStep: 0.0025)
        #expect(!apart.contains("best observation so far") && apart.contains("went to x = 0.700"))
    }

    @Test func heatmapCellsAreLabelledWhereTheyWereEvaluated() throws {
        // A smooth surface with its maximum inside the square, fitted by a GP.
        var points: [Double] = [], targets: [Double] = []
        for a in stride(from: 0.0, through: 1, by: 0.25) {
            for b in stride(from: 0.0, through: 1, by: 0.25) {
                points += [a, b]
                targets.append(-(a - 0.3) * (a - 0.3) - (b - 0.6) * (b - 0.6))
            }
        }
        let model = try GaussianProcessRegressor(
            inputs: Matrix(rows: targets.count, columns: 2, elements: points), targets: targets, kernel: .matern52,
            hyperparameters: KernelHyperparameters(signalVariance: 1, lengthScales: [0.5, 0.5], noiseVariance: 1e-6))
        let maps = try GaussianProcessPictures.heatmaps(
            model: model, base: [0, 0], xAxis: (0, "a", 0...1, .linear), yAxis: (1, "b", 10...40, .linear),
            acquisition: .expectedImprovement(xi: 0), incumbent: 0, direction: .maximize, observations: [])
        // "X highest -0.000 at (0.286, 22)": read the value and the coordinates back.
        let legend = try #require(maps[0].split(separator: "\n").first { $0.contains("highest") })
        let numbers = legend.split(whereSeparator: { " (),".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count == 3)
        let (value, a, b) = (numbers[0], numbers[1], numbers[2])
        let cube = Matrix(rows: 1, columns: 2, elements: [a, (b - 10) / 30])
        #expect(abs(try model.predict(cube).mean[0] - value) < 0.002)
    }
}
