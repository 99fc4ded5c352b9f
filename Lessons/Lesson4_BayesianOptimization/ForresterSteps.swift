// ForresterSteps.swift
//
// What this file holds (steps 1 to 3 of Lesson 4): the bookkeeping around the code
// cells of main.swift on the Forrester function, so that main.swift reads as the
// notebook's outline. The prior draws that open step 1, the picture and sentences for
// each guided proposal, the same search repeated over seeds, the length-scale pictures
// and table of step 2, and step 3's table of acquisition picks and where they jump.
// Every number is computed here or in main.swift's cells, in this run.

import GaussianProcesses
import HyperSearch
import LabMath
import LessonKit
import TextCharts

enum ForresterSteps {
    /// Step 1's opening: the Forrester function and 3 functions drawn from the prior
    /// (Matern 5/2 kernel, length scale `lengthScale`, on 61 points of [0, 1]).
    static func showPrior(_ lesson: Lesson, lengthScale: Double) throws {
        lesson.say(BayesLessonReport.forresterIntroduction(priorLengthScale: lengthScale))
        var priorRng = lesson.generator(stream: 1)
        let priorGrid = BayesLessonReport.unitGrid(61)
        let draws = try GaussianProcessPictures.priorSamples(kernel: .matern52, lengthScale: lengthScale,
                                                             grid: priorGrid, count: 3, rng: &priorRng)
        lesson.show(GaussianProcessPictures.priorChart(draws, grid: priorGrid, lengthScale: lengthScale))
    }

    /// Step 2 after its cell: the two rescaled models' pictures, the table of all three
    /// variants against the truth, and what the fitted length scale's range says.
    static func showLengthScales(_ lesson: Lesson, _ variants: [(label: String, model: GaussianProcessRegressor)],
                                 grid: [Double], bounds: ClosedRange<Double>) throws {
        for (label, model) in variants where label != "fitted" {
            let title = "Length scale \(label): \(Format.compact(model.hyperparameters.lengthScales[0]))"
            lesson.show(try GaussianProcessPictures.forresterBand(model: model, grid: grid, title: title))
        }
        let rows = try variants.map {
            try BayesLessonReport.LengthScaleRow(label: $0.label, model: $0.model, grid: grid,
                                                 truth: TestFunctions.forrester)
        }
        lesson.show(BayesLessonReport.lengthScaleTable(rows))
        lesson.say(BayesLessonReport.lengthScaleStory(rows, bounds: bounds))
    }

    /// What step 3 found, for the summary and exercise 2.
    struct Exploration {
        /// The lower confidence bound's picks over kappa = 0, 0.1, ..., 30 (fixed model).
        let kappaPicks: BayesLessonReport.PickJump
        /// Whether the picks of step 1's fitted model jump over the same kappas.
        let fittedJumps: Bool
        /// Expected improvement's picks over xi = 0, 0.1, ..., 10 sd (fixed model).
        let xiPicks: BayesLessonReport.PickJump
        /// The best observation's x.
        let bestX: Double
    }

    /// Step 3 after its cell: the fixed model's picture, each acquisition setting's pick
    /// (with --kappa and --xi rows), and where the pick jumps as kappa grows, with the
    /// fixed model and with step 1's fitted one (`early`).
    ///
    /// - Parameters:
    ///   - prediction: the fixed model's prediction on `fine`, the candidates.
    ///   - pick: the cell's `pick`: the index of `fine` where an acquisition is largest.
    ///   - bounds: the fitted length scale's allowed range.
    static func compareAcquisitions(_ lesson: Lesson, fixedModel: GaussianProcessRegressor,
                                    fixed: KernelHyperparameters, early: GaussianProcessRegressor,
                                    prediction p: GaussianProcessPrediction, fine: [Double], grid: [Double],
                                    pick: (AcquisitionFunction, GaussianProcessPrediction) -> Int,
                                    bounds: ClosedRange<Double>) throws -> Exploration {
        let fStar = early.targets.min()!
        let bestX = early.inputs[early.targets.firstIndex(of: fStar)!, 0]
        let earlyLengthScale = early.hyperparameters.lengthScales[0]
        lesson.show(try GaussianProcessPictures.forresterBand(model: fixedModel, grid: grid, title: "The first "
            + "\(early.count) observations, length scale fixed at \(Format.compact(fixed.lengthScales[0]))"))
        let sd = fixedModel.targetScale    // the observed values' sd: the unit of xi, as the searcher reads it
        let observedXs = (0..<early.count).map { early.inputs[$0, 0] }
        let choices = BayesLessonReport.acquisitionSettings(
            valuesSd: sd, kappa: lesson.arguments.double("kappa"), xi: lesson.arguments.double("xi")
        ).map { name, acquisition in
            BayesLessonReport.choice(name, index: pick(acquisition, p), grid: fine, prediction: p, observed: observedXs)
        }
        lesson.say(BayesLessonReport.choicesLead(observations: early.count, fixed: fixed, best: (bestX, fStar),
                                                 valuesSd: sd))
        lesson.show(BayesLessonReport.explorationTable(choices))
        // Where the balance tips: as kappa grows (and xi, for exercise 2) the pick drifts,
        // a grid step (0.0025) at a time, then jumps: the first value whose pick lies more
        // than 0.05 from the previous value's pick.
        func picks(_ values: [Double], _ acquisition: (Double) -> AcquisitionFunction,
                   _ p: GaussianProcessPrediction) -> BayesLessonReport.PickJump {
            BayesLessonReport.pickJump(values: values, chosen: values.map { pick(acquisition($0), p) }, grid: fine,
                                       prediction: p)
        }
        let kappas = (0...300).map { Double($0) / 10 }
        let kappaPicks = picks(kappas, { .confidenceBound(kappa: $0) }, p)
        // The same scan on step 1's fitted model, and where its sd is still the prior's.
        let fittedPrediction = try early.predict(Matrix(rows: fine.count, columns: 1, elements: fine))
        let priorSd = early.hyperparameters.signalVariance.squareRoot() * early.targetScale
        let fitted = (lengthScale: earlyLengthScale,
                      onLowerBound: BayesLessonReport.isOnLowerBound(earlyLengthScale, bounds),
                      picks: picks(kappas, { .confidenceBound(kappa: $0) }, fittedPrediction),
                      atPrior: fittedPrediction.standardDeviation.filter { $0 >= 0.95 * priorSd }.count,
                      gridCount: fine.count)
        lesson.say(BayesLessonReport.explorationStory(choices, bestObservation: bestX, kappas: kappaPicks,
                                                      fitted: fitted))
        // Exercise 2's check: where EI's pick jumps as xi grows.
        let xiPicks = picks((0...100).map { Double($0) / 10 }, { .expectedImprovement(xi: $0 * sd) }, p)
        return Exploration(kappaPicks: kappaPicks, fittedJumps: fitted.picks.jump != nil, xiPicks: xiPicks,
                           bestX: bestX)
    }
}

/// Step 1's picture and sentences for each guided proposal (the model, the points
/// observed so far and the fit's bounds), then a pause with --step. It keeps the first
/// guided step's model, fitted to the initial design, which step 3 reuses.
final class GuidedStepPictures {
    private let lesson: Lesson
    private let grid: [Double]
    private let initial: Int
    private var notes = BayesLessonReport.ExplainedNotes()
    /// The model of the first guided step (nil until one is explained).
    private(set) var firstModel: GaussianProcessRegressor?

    /// - Parameters:
    ///   - grid: where the pictures evaluate the model.
    ///   - initial: the initial design's size (its model's band gets a note on misses).
    init(_ lesson: Lesson, grid: [Double], initial: Int) {
        self.lesson = lesson
        self.grid = grid
        self.initial = initial
    }

    /// Draws and explains the proposal `step`, made by `model` after `observed`.
    func explain(_ step: BayesianOptimizationStep, _ model: GaussianProcessRegressor,
                 _ observed: [(x: Double, y: Double)], _ bounds: HyperparameterBounds) throws {
        if firstModel == nil { lesson.say(BayesLessonReport.firstPosteriorStory(observed: observed)) }
        firstModel = firstModel ?? model
        let x = try step.configuration.double("x"), y = TestFunctions.forrester(x)
        lesson.show(try GaussianProcessPictures.forresterBand(model: model, grid: grid,
                                                              title: "After \(model.count) observations",
                                                              next: (x, step.incumbent)))
        lesson.say(BayesLessonReport.stepLine(step, x: x, value: y, bounds: bounds, notes: &notes))
        if model.count == initial,
           let miss = try BayesLessonReport.bandMisses(model: model, grid: grid, truth: TestFunctions.forrester) {
            lesson.say(miss)
        }
        lesson.pause()
    }
}

/// Step 1's search on the Forrester function through the library's shortcut for a plain
/// f(x) over a box: the same searcher as step 1's ask-and-tell loop, so step 1's seed
/// repeats that run exactly. Step 8 and exercise 1 call it again.
struct ForresterSearch {
    /// The initial design's size.
    let initial: Int

    /// The search with `seed`, `initial` + `guided` evaluations and `settings`.
    func callAsFunction(seed: UInt64, guided: Int,
                        settings: BayesianOptimization.Settings = .legacy) throws -> MinimizationResult {
        try BayesianOptimization.minimize({ TestFunctions.forrester($0[0]) }, bounds: [0...1],
                                          budget: initial + guided, initPoints: initial,
                                          settings: settings, seed: seed)
    }
}
