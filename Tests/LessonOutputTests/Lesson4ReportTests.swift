// Lesson 4's own report, tested through `@testable import` of the lesson's executable:
// each sentence must follow from the numbers it is given and change when they do
// (edge-of-range notes, the fall back to the prior far from the data, where the
// exploration balance tips, the fitted noise against the folds, the mean's peak against
// the best score, expected improvement's peak), the heatmaps must label each cell where
// the model was evaluated, and the median table must keep the rows exercise 4 compares.

import GaussianProcesses
import HyperSearch
import LabMath
import Testing
@testable import Lesson4_BayesianOptimization

@Suite("Lesson 4's report")
struct Lesson4ReportTests {
    @Test func pointsWithinTheToleranceOfAnEarlierOneAreCounted() {
        #expect(BayesLessonReport.repeatedPoints([0.5, 0.7, 0.5004, 0.7, 0.2], tolerance: 0.001) == 2)
    }

    @Test func hyperparametersOnABoundArePointedOutAndExplainedOnce() {
        var notes = BayesLessonReport.ExplainedNotes()
        let first = BayesLessonReport.lengthScaleBoundNote([0.01], bounds: 0.01...100, notes: &notes)
        #expect(first.contains("the lower end of its allowed range: the likelihood wanted it shorter still"))
        #expect(BayesLessonReport.lengthScaleBoundNote([0.01], bounds: 0.01...100, notes: &notes)
                == " (the lower end of its range)")
        #expect(BayesLessonReport.lengthScaleBoundNote([0.3, 100], bounds: 0.01...100, notes: &notes).contains("upper end"))
        #expect(BayesLessonReport.lengthScaleBoundNote([0.3], bounds: 0.01...100, notes: &notes).isEmpty)
        let floor = BayesLessonReport.noiseBoundNote(1e-6, bounds: 1e-6...1, notes: &notes)
        #expect(floor.contains("the floor of its allowed range, 1e-06: the model takes every observation as exact"))
        #expect(BayesLessonReport.noiseBoundNote(1.0005e-6, bounds: 1e-6...1, notes: &notes) == " (its floor)")
        #expect(BayesLessonReport.noiseBoundNote(0.0156, bounds: 1e-6...1, notes: &notes).isEmpty)
        #expect(BayesLessonReport.noiseBoundNote(1, bounds: 1e-6...1, notes: &notes).contains("calls all of the variation"))
    }

    @Test func farFromTheDataThePredictionIsTheDataMeanAndThePriorSd() throws {
        // Three observations near 0 and a short length scale: at x = 1 only the prior is left.
        let model = try GaussianProcessRegressor(
            inputs: Matrix([[0.0], [0.05], [0.1]]), targets: [1, 3, 8], kernel: .matern52,
            hyperparameters: KernelHyperparameters(signalVariance: 0.5, lengthScales: [0.02], noiseVariance: 1e-6))
        let far = try model.predict(Matrix([[1.0]]))
        let text = BayesLessonReport.priorReversion(model: model, mean: far.mean[0],
                                                    standardDeviation: far.standardDeviation[0], at: 1)
        #expect(text.contains("0.900 from the nearest observation (45 length scales)"))
        #expect(text.contains("fallen back to its prior"))
        // The mean of [1, 3, 8] is 4; the prior sd is sqrt(0.5) x 2.9439 (their population sd) = 2.082.
        #expect(text.contains("4.000 for these 3 (the prediction: 4.000)"))
        #expect(text.contains("= 2.082 (the prediction's: 2.082)"))
        let near = try model.predict(Matrix([[0.06]]))
        #expect(BayesLessonReport.priorReversion(model: model, mean: near.mean[0],
                                                 standardDeviation: near.standardDeviation[0], at: 0.06)
                    .contains("still leans on the data"))
    }

    @Test func theExplorationStorySaysWhereTheBalanceTipsAndWhyTheFittedModelCannotShowIt() {
        let rows = [BayesLessonReport.ChoiceRow(setting: "LCB, kappa = 0", next: 0.695, mean: -3.2, standardDeviation: 0.236,
                                                nearestObservation: 0.031),
                    BayesLessonReport.ChoiceRow(setting: "LCB, kappa = 10", next: 0, mean: -0.774, standardDeviation: 0.951,
                                                nearestObservation: 0.117)]
        let tipping = BayesLessonReport.PickThreshold(searched: 0...30, step: 0.1, radius: 0.1,
                                                      first: (value: 4.3, next: 0, standardDeviation: 0.951, mean: -0.774))
        let story = BayesLessonReport.explorationStory(rows, bestObservation: 0.664, threshold: tipping,
                                                       fitted: (0.01, true, 0.026, 344, 401))
        #expect(story.contains("'LCB, kappa = 0' has the smallest sd (0.236"))
        #expect(story.contains("'LCB, kappa = 10' has the largest (0.951"))
        #expect(story.contains("up to kappa = 4.2 the lower confidence bound picks a point within 0.1"))
        #expect(story.contains("at kappa = 4.3 it jumps to x = 0.000"))
        #expect(story.contains("length scale 0.01, the lower end of its range"))
        #expect(story.contains("at most 0.026 from the best observation: its sd is within 5% of the prior's at 344 of"))
        let stuck = BayesLessonReport.explorationStory(
            rows, bestObservation: 0.664, threshold: .init(searched: 0...30, step: 0.1, radius: 0.1, first: nil),
            fitted: (0.2, false, 0.5, 10, 401))
        #expect(stuck.contains("never picks a point farther than 0.1"))
        #expect(!stuck.contains("That is why this step fixes") && !stuck.contains("lower end"))
        #expect(stuck.contains("at most 0.500 from the best observation: with these data the fitted model shows"))
    }

    /// A model of four scores with population sd 0.01 (0.75 +/- 0.01).
    func scoreModel(noise: Double) throws -> GaussianProcessRegressor {
        try GaussianProcessRegressor(
            inputs: Matrix([[0.1], [0.5], [0.9], [0.3]]), targets: [0.74, 0.76, 0.74, 0.76], kernel: .matern52,
            hyperparameters: KernelHyperparameters(signalVariance: 1, lengthScales: [0.3], noiseVariance: noise))
    }

    @Test func theNoiseNoteSetsTheFittedNoiseAgainstTheFolds() throws {
        // Fold stds 0.02 and 0.04 over 5 folds: standard errors 0.02 / 2 and 0.04 / 2, which
        // divided by the scores' sd (0.01) and squared are noise variances of 1 and 4.
        let floor = BayesLessonReport.noiseNote(model: try scoreModel(noise: 1e-6), bounds: 1e-6...1,
                                                foldSpreads: [0.02, 0.04], folds: 5)
        #expect(floor.contains("the floor of its allowed range (1e-06 to 1)"))
        #expect(floor.contains("std / sqrt(4) = 0.010 to 0.020"))
        #expect(floor.contains("a noise variance of about 1 to 4 in the model's units"))
        #expect(floor.contains("believes the scores far more than the folds allow"))
        let fitted = BayesLessonReport.noiseNote(model: try scoreModel(noise: 0.5), bounds: 1e-6...1,
                                                 foldSpreads: [0.02, 0.04], folds: 5)
        #expect(!fitted.contains("floor") && !fitted.contains("believes"))
        #expect(!BayesLessonReport.noiseNote(model: try scoreModel(noise: 0.5), bounds: 1e-6...1, foldSpreads: [],
                                             folds: 5).contains("folds disagree"))
    }

    /// A smooth surface with its maximum inside the square, fitted by a GP.
    func surface() throws -> GaussianProcessRegressor {
        var points: [Double] = [], targets: [Double] = []
        for a in stride(from: 0.0, through: 1, by: 0.25) {
            for b in stride(from: 0.0, through: 1, by: 0.25) {
                points += [a, b]
                targets.append(-(a - 0.3) * (a - 0.3) - (b - 0.6) * (b - 0.6))
            }
        }
        return try GaussianProcessRegressor(
            inputs: Matrix(rows: targets.count, columns: 2, elements: points), targets: targets, kernel: .matern52,
            hyperparameters: KernelHyperparameters(signalVariance: 1, lengthScales: [0.5, 0.5], noiseVariance: 1e-6))
    }

    @Test func heatmapCellsAreLabelledWhereTheyWereEvaluated() throws {
        let model = try surface()
        let maps = try GaussianProcessPictures.heatmaps(
            model: model, base: [0, 0], xAxis: (0, "a", 0...1, .linear), yAxis: (1, "b", 10...40, .linear),
            acquisition: .expectedImprovement(xi: 0), incumbent: 0, direction: .maximize, observations: [])
        // "X highest -0.000 at (0.286, 22)": read the value and the coordinates back.
        let legend = try #require(maps.panels[0].split(separator: "\n").first { $0.contains("highest") })
        let numbers = legend.split(whereSeparator: { " (),".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count == 3)
        let (value, a, b) = (numbers[0], numbers[1], numbers[2])
        let cube = Matrix(rows: 1, columns: 2, elements: [a, (b - 10) / 30])
        #expect(abs(try model.predict(cube).mean[0] - value) < 0.002)
        // The cell the sentences describe is the one the picture marks.
        #expect(abs(maps.bestMean.value - value) < 0.0005)
        #expect(abs(maps.bestMean.point[0] - a) < 0.001 && abs(maps.bestMean.point[1] * 30 + 10 - b) < 0.5)
    }

    /// Five trials on the unit square; the model has seen the first four (or all five).
    func search(noise: Double, seen: Int = 4, scores: [Double] = [0.70, 0.75, 0.80, 0.72, 0.74])
        throws -> (model: GaussianProcessRegressor, encoding: SpaceEncoding, trials: [Trial]) {
        let encoding = SpaceEncoding(space: try SearchSpace([.real("a", low: 0, high: 1), .real("b", low: 0, high: 1)]))
        let points: [[Double]] = [[0.1, 0.2], [0.5, 0.9], [0.6, 0.5], [0.9, 0.1], [0.3, 0.6]]
        let trials = points.indices.map { i in
            Trial(number: i + 1, configuration: encoding.decode(points[i]), evaluation: .score(scores[i]))
        }
        let model = try GaussianProcessRegressor(
            inputs: Matrix(Array(points.prefix(seen))), targets: Array(scores.prefix(seen)), kernel: .matern52,
            hyperparameters: KernelHyperparameters(signalVariance: 1, lengthScales: [0.3, 0.3], noiseVariance: noise))
        return (model, encoding, trials)
    }

    func maps(_ s: (model: GaussianProcessRegressor, encoding: SpaceEncoding, trials: [Trial]))
        throws -> GaussianProcessPictures.SliceMaps {
        try GaussianProcessPictures.heatmaps(
            model: s.model, base: [0.6, 0.5], xAxis: (0, "a", 0...1, .linear), yAxis: (1, "b", 0...1, .linear),
            acquisition: .expectedImprovement(xi: 0), incumbent: 0.80, direction: .maximize, observations: [])
    }

    func story(_ s: (model: GaussianProcessRegressor, encoding: SpaceEncoding, trials: [Trial])) throws -> String {
        try BayesComparison.pictureStory(model: s.model, encoding: s.encoding, trials: s.trials, lastStep: nil,
                                         maps: try maps(s), axes: (0, 1))
    }

    @Test func theMeansPeakIsExplainedByTheNoiseOnlyWhenTheModelSmooths() throws {
        let noisy = try story(search(noise: 0.5))
        #expect(try maps(search(noise: 0.5)).bestMean.value < 0.80)
        #expect(noisy.contains("the best trial scored 0.800 (trial 3)"))
        #expect(noisy.contains("At trial 3's own configuration the model's mean is"))
        #expect(noisy.contains("The posterior mean smooths noisy observations"))
        let exact = try story(search(noise: 1e-6))
        #expect(!exact.contains("smooths") && !exact.contains("own configuration"))
        // A mean peak above every score is said so, and never explained as smoothing.
        let above = try search(noise: 1e-6, scores: [0.70, 0.79, 0.80, 0.72, 0.74])
        #expect(try story(above).contains("expects a configuration on this slice to beat every score so far")
                == (try maps(above).bestMean.value > 0.80))
        let unseen = try story(search(noise: 1e-6, scores: [0.70, 0.75, 0.72, 0.74, 0.80]))
        #expect(unseen.contains("(trial 5). That trial is the last one, which this model has not seen yet."))
    }

    @Test func expectedImprovementsPeakIsCalledUncertainOnlyWhenItsMeanDoesNotBeatTheBest() throws {
        for noise in [0.5, 1e-6] {
            let s = try search(noise: noise)
            let mean = try s.model.predict(Matrix([try maps(s).bestAcquisition.point])).mean[0]
            let text = try story(s)
            #expect(text.contains("Expected improvement is largest at"))
            #expect(text.contains("where the model is unsure, not where it expects the best") == (mean <= 0.80),
                    "noise \(noise): mean \(mean)")
        }
    }

    @Test func theMedianTableKeepsEveryRowThatALongerRunShares() {
        #expect(BayesComparison.checkpoints(initial: 4, budget: 12, defaultBudget: 12) == [4, 8, 12])
        #expect(BayesComparison.checkpoints(initial: 4, budget: 20, defaultBudget: 12) == [4, 8, 12, 16, 20])
        #expect(BayesComparison.checkpoints(initial: 3, budget: 6, defaultBudget: 6) == [3, 4, 6])
        #expect(BayesComparison.checkpoints(initial: 4, budget: 9, defaultBudget: 12) == [4, 8, 9])
        #expect(BayesComparison.Curves.median([[1, 2, 3], [3, 3, 3], [2, 5]]) == [2, 3])
        var curves = BayesComparison.Curves()
        curves.random = [[0.70, 0.75, 0.75], [0.72, 0.72, 0.78]]
        curves.bayes = [[0.71, 0.71, 0.80], [0.60, 0.74, 0.74]]
        let table = BayesComparison.medianTable(curves, checkpoints: [2, 3], initial: 2)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(table.contains("2 0.735 0.725 end of the initial design 3 0.765 0.770"))
    }
}
