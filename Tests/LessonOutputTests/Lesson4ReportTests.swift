// Lesson 4's own report, tested through `@testable import` of the lesson's executable:
// each sentence must follow from the numbers it is given and change when they do
// (edge-of-range notes, the fall back to the prior far from the data, where the
// exploration balance tips, the fitted noise against the folds, the mean's peak against
// the best score, expected improvement's peak), the heatmaps must label each cell where
// the model was evaluated, and the median table must keep the rows exercise 4 compares.

import GaussianProcesses
@testable import HyperSearch
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
        // Picks over kappa = 0, 0.1, ..., 0.5: a drift of 0.01 per step, then a jump to 0.
        func jump(_ picks: [Double]) -> BayesLessonReport.PickJump {
            .init(values: picks.indices.map { Double($0) / 10 }, picks: picks, means: picks.map { $0 == 0 ? -0.774 : -3 },
                  standardDeviations: picks.map { $0 == 0 ? 0.951 : 0.3 }, jumpDistance: 0.05)
        }
        let tipping = jump([0.695, 0.705, 0.715, 0.725, 0.733, 0])
        #expect(tipping.jump == 5 && abs(tipping.farthest(from: 0.664) - 0.664) < 1e-12)
        let story = BayesLessonReport.explorationStory(rows, bestObservation: 0.664, kappas: tipping,
                                                       fitted: (0.01, true, jump([0.67, 0.68, 0.69]), 344, 401))
        #expect(story.contains("'LCB, kappa = 0' has the smallest sd (0.236"))
        #expect(story.contains("'LCB, kappa = 10' has the largest (0.951"))
        #expect(story.contains("kappa from 0 to 0.5 in steps of 0.1"))
        #expect(story.contains("pick is x = 0.695 at kappa = 0 and x = 0.733 at kappa = 0.4; at kappa = 0.5 it jumps "
                               + "to x = 0.000, 0.664 from the best observation at x = 0.664 (before the jump it "
                               + "drifted no farther than 0.069)"))
        #expect(story.contains("the mean only -0.774"))
        #expect(story.contains("length scale 0.01, the lower end of its range"))
        #expect(story.contains("at most 0.026 from the best observation and never jumps: its sd is within 5% of the "
                               + "prior's at 344 of"))
        // A drift across any fixed radius is not a jump (review: 0.650 to 0.647 crossed 0.1).
        let drift = jump([0.66, 0.655, 0.650, 0.647, 0.645])
        #expect(drift.jump == nil)
        let stuck = BayesLessonReport.explorationStory(rows, bestObservation: 0.748, kappas: drift,
                                                       fitted: (0.2, false, jump([0.7, 0.5]), 10, 401))
        #expect(stuck.contains("never jumps: it stays within 0.103 of the best observation at x = 0.748"))
        #expect(!stuck.contains("That is why this step fixes") && !stuck.contains("lower end"))
        #expect(stuck.contains("at most 0.248 from the best observation, and it jumps at kappa = 0.1"))
        #expect(BayesLessonReport.jumpPhrase(drift, knob: "xi") == nil)
        #expect(BayesLessonReport.jumpPhrase(jump([0.7, 0]), knob: "xi") == "is x = 0.700 at xi = 0; at xi = 0.1 it "
                + "jumps to x = 0.000")
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
        #expect(floor.contains("The folds disagree with the model: it believes the scores far more than they allow"))
        // Fold stds 0.03 and 0.04: noise variances of 2.25 to 4, clearly 1 or more.
        let wide = BayesLessonReport.noiseNote(model: try scoreModel(noise: 1e-6), bounds: 1e-6...1,
                                               foldSpreads: [0.03, 0.04], folds: 5)
        #expect(wide.contains("(1 or more: each trial's mean is uncertain by as much as the scores differ)"))
        let fitted = BayesLessonReport.noiseNote(model: try scoreModel(noise: 0.5), bounds: 1e-6...1,
                                                 foldSpreads: [0.03, 0.04], folds: 5)
        #expect(!fitted.contains("floor") && !fitted.contains("believes"))
        #expect(fitted.contains("near the top of its allowed range (1e-06 to 1)"))
        #expect(fitted.contains("The folds agree with the model: both say most of the differences"))
        // Review: 0.993 sat just below the top unflagged, and "disagree" was printed always.
        let top = BayesLessonReport.noiseNote(model: try scoreModel(noise: 0.993), bounds: 1e-6...1,
                                              foldSpreads: [0.03, 0.04], folds: 5)
        #expect(top.contains("the top of its allowed range") && !top.contains("disagree"))
        let middle = BayesLessonReport.noiseNote(model: try scoreModel(noise: 0.2), bounds: 1e-6...1,
                                                 foldSpreads: [0.002, 0.004], folds: 5)
        #expect(middle.contains("roughly agree") && !middle.contains("near the top"))
        #expect(middle.contains("a noise variance of about 0.01 to 0.04 in the model's units, 0.025 for the median trial."))
        // Review 3: a model 8 to 170 times below the trials' noise "roughly agreed" because
        // it was within 10 times of the least noisy trial; the median trial decides now.
        let below = BayesLessonReport.noiseNote(model: try scoreModel(noise: 0.07), bounds: 1e-6...1,
                                                foldSpreads: [0.0152, 0.03, 0.04, 0.05, 0.072], folds: 5)
        #expect(below.contains("The folds disagree with the model: it believes the scores far more than they allow "
                               + "(its noise is below every trial's)"), "\(below)")
        let above = BayesLessonReport.noiseNote(model: try scoreModel(noise: 0.2), bounds: 1e-6...1,
                                                foldSpreads: [0.0002, 0.0004], folds: 5)
        #expect(above.contains("disagree with the model the other way"))
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

    /// --seed 3 printed "the sd 0.0076, against a median sd of 0.0079 at the trials ...
    /// Its maximum is where the model is unsure".
    @Test func expectedImprovementsPeakIsCalledUnsureOnlyAsTheSdsSay() {
        #expect(BayesComparison.uncertaintySentence(sd: 0.0074, medianSeen: 0.0046, atHighestMean: 0.0047)
            == "Its maximum is where the model is unsure, not where it expects the best.")
        let seed3 = BayesComparison.uncertaintySentence(sd: 0.0076, medianSeen: 0.0079, atHighestMean: 0.0065)
        #expect(!seed3.contains("where the model is unsure"))
        #expect(seed3.contains("less sure than at its highest mean, though no less sure than at the median trial"))
    }

    /// --quick printed "The search's last trial (6: lr=0.1, batch=40, units=32) went
    /// there" for expected improvement's peak on a slice at 22 hidden units.
    @Test func theLastTrialWentThereOnlyWhenItIsOnTheSlice() {
        #expect(BayesComparison.whereItWent([0.5, 1, 0.9], peak: [0.5, 1, 0.9], axes: (0, 1)) == "went there")
        let off = BayesComparison.whereItWent([1, 1, 1], peak: [1, 1, 0.86], axes: (0, 1))
        #expect(off == "went near there on the two axes drawn, but off this slice")
        #expect(BayesComparison.whereItWent([0.8, 1, 1], peak: [1, 1, 1], axes: (0, 1)) == nil)
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
            let atPeak = String(format: "%.3f", mean) == String(format: "%.3f", try maps(s).bestMean.value)
            #expect(text.contains("where the model is unsure, not where it expects the best") == (mean <= 0.80 && !atPeak),
                    "noise \(noise): mean \(mean)")
            #expect(text.contains("it equals the slice's highest mean") == (mean <= 0.80 && atPeak))
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
        let table = BayesComparison.medianTable([("random search", curves.random), ("BO", curves.bayes)],
                                                checkpoints: [2, 3], initial: 2)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // Every column has a header; the initial design's end is said under the table.
        #expect(table.hasPrefix("after trial random search BO"))
        #expect(table.contains("2 0.735 0.725 3 0.765 0.770 Trial 2 ends Bayesian optimisation's initial design"))
        let three = BayesComparison.medianTable([("a", curves.random), ("b", curves.bayes), ("c", curves.bayes)],
                                                checkpoints: [3], initial: 2)
        #expect(three.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("3 0.765 0.770 0.770"))
        #expect(!three.contains("Trial 2 ends"))
        // No guided trial at all (--guided 0): no "later trials are guided".
        let designOnly = BayesComparison.medianTable([("a", [[0.70, 0.75]]), ("b", [[0.71, 0.72]])],
                                                     checkpoints: [2], initial: 2)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(designOnly.contains("ran only its initial design (a Latin hypercube) of 2 trials: none was guided"))
        #expect(!designOnly.contains("later trials"))
    }
}

/// Step 6's sentences: each follows from the numbers it is given.
@Suite("Lesson 4's noisy-scores report")
struct NoisyScoresReportTests {
    @Test func differencesArePrintedPreciselyEnoughToCompareWithTwoStandardErrors() {
        // 0.018 against 2 x 0.009 reads as a tie at 3 decimals: one more decimal.
        #expect(NoisyScoresReport.differenceAndError(-0.01792, 0.00861, signed: true) == ("-0.0179", "0.0086"))
        // A standard error that would print as 0.000.
        #expect(NoisyScoresReport.differenceAndError(0.00489, 0.0000123) == ("0.00489", "0.00001"))
        #expect(NoisyScoresReport.differenceAndError(0.002, 0.008) == ("0.002", "0.008"))
        #expect(NoisyScoresReport.differenceAndError(0.00217, 0.0081, minimumDecimals: 4) == ("0.0022", "0.0081"))
    }

    func row(_ trial: Int, mean: Double, error: Double, new: Double) -> NoisyScoresReport.Row {
        .init(trial: trial, learningRate: 0.001 * Double(trial), mean: mean, standardError: error,
              old: (mean, 1e-5), new: (new, 0.005))
    }

    func pick(_ k: Int, _ rule: BayesianOptimization.RecommendationRule) throws -> BayesianRecommendation {
        let c = try SearchSpace([.real("learningRate", low: 1e-4, high: 0.1)])
            .configuration(["learningRate": .number(0.001 * Double(k))])
        return BayesianRecommendation(configuration: c, observation: k, observedScore: 0.76, rule: rule,
                                      predictedMean: nil, predictedStandardDeviation: nil)
    }

    @Test func theRecommendationStorySaysWhetherTheRulesAgreeAndWhatTheFoldsSay() throws {
        let rows = [row(1, mean: 0.761, error: 0.009, new: 0.7582), row(2, mean: 0.765, error: 0.009, new: 0.7570)]
        let agree = NoisyScoresReport.recommendationStory(luckiest: try pick(2, .bestObservation),
                                                          bestMean: try pick(2, .posteriorMean), rows: rows,
                                                          folds: [nil, nil])
        #expect(agree.hasPrefix("Both rules recommend trial 2 (learning rate 0.002, score 0.765; the model expects "
                                + "0.757, sd 0.005)"))
        // Trial 1's posterior mean just below trial 2's: the agreeing branch says how little
        // the model prefers trial 2, which the 3-decimal table cannot show.
        let close = [row(1, mean: 0.761, error: 0.009, new: 0.75695), row(2, mean: 0.765, error: 0.009, new: 0.7570)]
        let barely = NoisyScoresReport.recommendationStory(luckiest: try pick(2, .bestObservation),
                                                           bestMean: try pick(2, .posteriorMean), rows: close,
                                                           folds: [nil, nil])
        // The recommended trial's mean first, with decimals enough to show the gap (--quick
        // printed "only by 1.7e-05 over trial 1 (0.7469 against 0.7470)", trial 1's first).
        #expect(barely.contains("expects the best, but only by 5.0e-05 over trial 1 (0.757000 against trial 1's "
                                + "0.756950), less than one sd (0.0050): it barely prefers it."), "\(barely)")
        let wider = [row(1, mean: 0.761, error: 0.009, new: 0.7558), row(2, mean: 0.765, error: 0.009, new: 0.7570)]
        #expect(NoisyScoresReport.recommendationStory(luckiest: try pick(2, .bestObservation),
                                                      bestMean: try pick(2, .posteriorMean), rows: wider,
                                                      folds: [nil, nil])
            .contains("only by 0.0012 over trial 1 (0.7570 against trial 1's 0.7558)"))
        let clear = [row(1, mean: 0.761, error: 0.009, new: 0.740), row(2, mean: 0.765, error: 0.009, new: 0.7570)]
        #expect(NoisyScoresReport.recommendationStory(luckiest: try pick(2, .bestObservation),
                                                      bestMean: try pick(2, .posteriorMean), rows: clear,
                                                      folds: [nil, nil]).hasSuffix("expects the best."))
        // Folds that differ by the same amount each: a tiny standard error, said so.
        let steady = NoisyScoresReport.recommendationStory(
            luckiest: try pick(2, .bestObservation), bestMean: try pick(1, .posteriorMean), rows: rows,
            folds: [[0.75, 0.76, 0.77], [0.7549, 0.7649, 0.7751]])
        #expect(steady.hasPrefix("The rules disagree. The best observation is trial 2"))
        #expect(steady.contains("the best posterior mean is at trial 1"))
        #expect(steady.contains("more than two standard errors, yet the model"))
        #expect(steady.contains("(The 3 fold differences, 0.0049, 0.0049, 0.0051, are nearly equal"))
        #expect(steady.contains("differ by 0.0012, less than one sd (0.0050)"))
        let spread = NoisyScoresReport.recommendationStory(
            luckiest: try pick(2, .bestObservation), bestMean: try pick(1, .posteriorMean), rows: rows,
            folds: [[0.75, 0.76, 0.77], [0.74, 0.78, 0.775]])
        #expect(spread.contains("within two standard errors, the folds cannot tell the two apart"))
        // At least 4 decimals, as the scores print with 3 (0.765 - 0.761 would not read as 0.005).
        #expect(spread.contains("trial 2 leads by 0.0050 with a standard error of 0.0087"), "\(spread)")
        #expect(!spread.contains("nearly equal"))
        #expect(steady.contains("It takes each trial's noise as independent"))
        // One more row right in each of 3 folds of 205, 205 and 204 rows (614 in all):
        // a lead the standard error calls sure, the sign test weak (p = 0.25).
        let oneRow = NoisyScoresReport.recommendationStory(
            luckiest: try pick(2, .bestObservation), bestMean: try pick(1, .posteriorMean), rows: rows,
            folds: [[0.7, 0.7, 0.7], [0.7 + 1.0 / 205, 0.7 + 1.0 / 205, 0.7 + 1.0 / 204]], validationRows: 614)
        #expect(oneRow.contains("trial 2 leads by 0.00489: it got 1 more validation row right in each fold (of about "
                                + "205 rows each)"), "\(oneRow)")
        #expect(oneRow.contains("(3 for trial 2, 0 against), p = 0.25: weak evidence at best."))
        #expect(!oneRow.contains("more than two standard errors"))
        #expect(NoisyScoresReport.sameWholeRows([1.0 / 205, 1.0 / 205, 1.0 / 204], validationRows: 614) == 1)
        #expect(NoisyScoresReport.sameWholeRows([2.0 / 205, 1.0 / 205, 1.0 / 204], validationRows: 614) == nil)
        #expect(NoisyScoresReport.sameWholeRows([0.0049, 0.0049, 0.0051], validationRows: 614) == nil)
    }

    /// Exercise 3 with --data breast-cancer --seed 5 --guided 3 printed "-0.00439 with a
    /// standard error of 0.00219, more than two standard errors: on these folds this
    /// run's winner is better": fold differences of -1, 0 and -1 rows of about 152,
    /// (the test: -1, -1, 0), two standard errors whatever the rows, and no evidence of a winner.
    @Test func exerciseThreeDoesNotCallALeadOfOneRowPerFoldAWinner() throws {
        let c = try SearchSpace([.real("learningRate", low: 1e-4, high: 0.1)])
        func trial(_ lr: Double, _ score: Double) throws -> Trial {
            Trial(number: 1, configuration: try c.configuration(["learningRate": .number(lr)]), evaluation: .score(score))
        }
        func check(other: [Double], this: [Double]) throws -> String {
            let scored = { (f: [Double]) in
                Evaluation(outcome: .score(f.reduce(0, +) / Double(f.count)), foldScores: f) }
            return NoisyScoresReport.otherSeedCheck(seed: 1, winner: try trial(0.1, 0.969), rules: nil,
                                                    thisWinner: try trial(1.966e-4, 0.974), referee: 2,
                                                    rescored: (this: scored(this), other: scored(other)),
                                                    validationRows: 455)
        }
        let base = [140.0 / 152, 141.0 / 152, 141.0 / 151]
        let twoRows = try check(other: [139.0 / 152, 140.0 / 152, 141.0 / 151], this: base)
        #expect(twoRows.contains("a difference of -0.00439 with a standard error of 0.00219"), "\(twoRows)")
        #expect(!twoRows.contains("this run's winner is better"), "\(twoRows)")
        #expect(twoRows.contains("more than two standard errors, but it rests on 2 validation rows in all: this run's "
                                 + "winner got 1, 1 and 0 more right in the 3 folds (of about 152 rows each)"))
        #expect(twoRows.hasSuffix("these folds cannot tell the two learning rates apart."))
        // Ten rows or so in every fold: one row less does not undo it, the verdict stands.
        let clear = try check(other: [128.0 / 152, 131.0 / 152, 130.0 / 151], this: base)
        #expect(clear.hasSuffix("more than two standard errors: on these folds this run's winner is better."),
                "\(clear)")
        #expect(NoisyScoresReport.restsOnOneRow([(1, 152), (1, 152), (0, 151)]))
        #expect(NoisyScoresReport.restsOnOneRow([(1, 205), (1, 205), (1, 204)]))
        #expect(!NoisyScoresReport.restsOnOneRow([(12, 152), (10, 152), (11, 151)]))
    }

    @Test func theNoiseStoryFlagsAFloorAndTrialsTheMeanLeavesFarBehind() {
        let rows = [row(1, mean: 0.761, error: 0.009, new: 0.7582), row(2, mean: 0.765, error: 0.001, new: 0.7570)]
        let floor = NoisyScoresReport.noiseStory(rows, oldNoise: 1e-6, oldBounds: 1e-6...1, newNoise: 1e-6,
                                                 newBounds: 1e-6...1)
        #expect(floor.contains(".legacy 1e-06, the floor of its range"))
        #expect(floor.contains("its sd at the trials is at most 1e-05"))
        #expect(floor.contains(".standard 1e-06, the floor of its range: the trials' own standard errors (0.0010 to "
                               + "0.0090) already account"))
        #expect(floor.contains("(at 1 trial it is more than 2 standard errors away"))
        let shared = NoisyScoresReport.noiseStory(rows, oldNoise: 0.2, oldBounds: 1e-6...1, newNoise: 3e-6,
                                                  newBounds: 1e-6...1)
        #expect(!shared.contains("the floor") && shared.contains("3e-06, on top of the trials' own standard errors"))
    }
}

@Suite("Lesson 4's defaults report")
struct BayesDefaultsReportTests {
    /// Plain EI underflowing on both models, on one, or on neither: each model is
    /// described by what happened to it.
    @Test func theLogEIStoryOnlySaysUnderflowWhereEIIsZero() {
        let both = BayesDefaultsReport.logExpectedImprovementStory(
            names: ["old", "new"], zeros: [52, 32], logValues: [[-765, -1e6], [-832]], smallestPositive: [1e-300, 1e-300],
            gridCount: 401)
        #expect(both.hasPrefix("On each model before its last trial, plain expected improvement is exactly 0 at 52 "
                               + "(old) and 32 (new) of the 401 grid points: it underflows. Log EI is finite wherever"))
        let one = BayesDefaultsReport.logExpectedImprovementStory(
            names: ["old", "new"], zeros: [5, 0], logValues: [[-902, -71124], []], smallestPositive: [1e-300, 1e-200],
            gridCount: 401)
        #expect(one.hasPrefix("On the old model before its last trial, plain expected improvement is exactly 0 at 5 of "
                              + "the 401 grid points: it underflows; on the new model it is positive at all of them."))
        #expect(one.contains("from -71124 to -902 (old)") && !one.contains("(new)"))
        let neither = BayesDefaultsReport.logExpectedImprovementStory(
            names: ["old", "new"], zeros: [0, 0], logValues: [[], []], smallestPositive: [1.4e-114, 1e-20],
            gridCount: 401)
        #expect(neither.hasPrefix("On each model before its last trial, plain expected improvement is positive at every "
                                  + "one of the 401 grid points (its smallest value there is 1.4e-114)"))
        #expect(!neither.contains("underflows:") && !neither.contains("exactly 0"))
    }
}

@Suite("Lesson 4's old-against-new report")
struct OldAgainstNewReportTests {
    /// Step 8's verdicts: each problem's small-sample note follows its own verdict,
    /// and a draw is between two sets of defaults, not two methods.
    @Test func eachSmallSampleNoteFollowsItsOwnRow() {
        var camel = OldAgainstNew(problem: "camel", budget: 15, measure: "regret", direction: .minimize)
        for _ in 0..<5 { camel.comparison.pairings.append(.init(first: 1, second: 0.5)) }
        var network = OldAgainstNew(problem: "network", budget: 6, measure: "accuracy", direction: .maximize)
        network.comparison.pairings.append(.init(first: 0.7, second: 0.7))
        (camel.guided, network.guided) = ([50, 50], [8, 8])
        let story = OldAgainstNewReport.story([camel, network])
        #expect(story.contains("sign test p = 0.0625). (With 5 pairings no split can be conclusive"), "\(story)")
        #expect(story.contains("sign test p = 1). (With 1 pairing no split can be conclusive"), "\(story)")
        #expect(story.contains("network (accuracy): neither set of defaults was clearly better"))
        #expect(!story.contains("neither method"))
        #expect(!story.contains("compares nothing"))
        #expect(!story.contains("on a face of the box"))
        // The old defaults' proposals often on a face, the new ones' rarely: said and explained.
        (camel.onFace, network.onFace) = ([15, 2], [1, 1])
        let faces = OldAgainstNewReport.story([camel, network])
        #expect(faces.contains("The old defaults put a coordinate on a face of the box in 30% of their guided "
                               + "proposals on camel (the new 4%). Far from the data"), "\(faces)")
        #expect(faces.contains("Siivola et al., 2018") && !faces.contains("on network (the new"))
        var designOnly = OldAgainstNew(problem: "network", budget: 3, measure: "accuracy", direction: .maximize)
        designOnly.comparison.pairings.append(.init(first: 0.7, second: 0.7))
        #expect(OldAgainstNewReport.story([designOnly]).contains("(No guided proposals: both settings ran the same "
                                                                 + "initial design, so this row compares nothing.)"))
    }

    /// Step 8 printed "network (accuracy): ... (the new defaults won 2, the old defaults
    /// 1, ties 0, of 3; sign test p = 1)" with no per-seed number of `.standard` anywhere
    /// in the output to check the split against: a row of at most 5 seeds lists them.
    @Test func aRowOfFewSeedsListsTheNumbersItsSplitCounts() {
        var network = OldAgainstNew(problem: "network", budget: 12, measure: "accuracy", direction: .maximize)
        for (old, new) in [(0.772, 0.7701), (0.770, 0.7753), (0.764, 0.7698)] {
            network.comparison.pairings.append(.init(first: old, second: new))
        }
        #expect(OldAgainstNewReport.story([network]).contains("p = 1). (With 3 pairings no split can be conclusive: "
            + "even 3 wins to 0 gives p = 0.25.) Seed by seed, old against new: 0.772 against 0.770, 0.770 against "
            + "0.775, 0.764 against 0.770."))
        // A win that would print as a tie at 3 decimals gets a fourth.
        var close = OldAgainstNew(problem: "network", budget: 12, measure: "accuracy", direction: .maximize)
        close.comparison.pairings.append(.init(first: 0.7701, second: 0.7699))
        #expect(OldAgainstNewReport.seedBySeed(close) == "Seed by seed, old against new: 0.7701 against 0.7699.")
        var many = OldAgainstNew(problem: "camel", budget: 20, measure: "regret", direction: .minimize)
        for k in 0..<10 { many.comparison.pairings.append(.init(first: Double(k), second: 1)) }
        #expect(OldAgainstNewReport.seedBySeed(many) == nil)
    }
}
