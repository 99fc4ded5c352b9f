// Lesson 4: Bayesian optimisation.
//
// Follows the first article's fourth method, "Bayesian optimisation" (its bayes_opt
// example over learning rate and batch size). Watch a Gaussian process learn a known
// 1-D function and an acquisition function choose each next point; see what the
// kernel's length scale does and how the balance between exploration and exploitation
// moves the next trial; see what the library's defaults change and why; then tune the
// Pima network's learning rate (the article's objective never trains anything: we show
// that, then do it right), give the model each trial's noise and choose what to
// recommend, tune three hyperparameters at once against random search, and compare
// the old and the new defaults over seeds.
//
//   swift run Lesson4_BayesianOptimization [--quick] [--seed N] [--iterations N]
//                                          [--kappa K] [--xi X] [--guided N]
//
// Read it top to bottom like a notebook: the outline of the steps and the code cells
// they print, computed here in plain sight. Steps 4 and 8 (the library's defaults,
// old against new) run whole, with their cells, in DefaultsSteps.swift;
// ForresterSteps.swift (steps 1 to 3) and NetworkSteps.swift (steps 5 to 7) hold the
// bookkeeping around the cells here, ExerciseRuns.swift the searches the exercises'
// checks quote. The *Report.swift files and BayesComparison.swift only turn numbers
// into sentences, tables and exercises, GaussianProcessPictures.swift draws the
// model, and ArticleObjective.swift is the article's objective exactly as written.

import Experiments
import GaussianProcesses
import HyperSearch
import LabData
import LabMath
import LessonKit
import TextCharts

// MARK: Settings

let lesson = Lesson.start(
    program: "Lesson4_BayesianOptimization", title: "Lesson 4: Bayesian optimisation",
    summary: "A Gaussian process learns the score surface; an acquisition function picks each next trial.",
    options: [
        LessonOption("iterations", placeholder: "N", kind: .integer(1...30),
                     help: "guided steps on the 1-D example of steps 1, 4 and 8 (default 5, 2 with --quick)"),
        LessonOption("kappa", placeholder: "K", kind: .double(0...1_000),
                     help: "add the lower confidence bound mu - K sd to step 3's table"),
        LessonOption("xi", placeholder: "X", kind: .double(0...100),
                     help: "add expected improvement with xi = X standard deviations of the values to step 3's table"),
        LessonOption("guided", placeholder: "N", kind: .integer(0...40),
                     help: "guided trials per seed in steps 7 and 8 (default 8, 3 with --quick)"),
    ],
    usesData: true,
    dataHelp: "CSV file (numeric features, a 0/1 target in the last column) or dataset name")

lesson.run {
    let quick = lesson.arguments.quick
    let seed = lesson.arguments.seed
    let iterations = lesson.arguments.integer("iterations") ?? (quick ? 2 : 5)
    let defaultGuided = quick ? 3 : 8
    let guided = lesson.arguments.integer("guided") ?? defaultGuided
    let forresterInitial = 5
    let priorLengthScale = 0.15    // the prior draws' length scale, reused in step 3
    // Step 1's pictures and step 5's chart evaluate the model on 121 points of [0, 1].
    let grid = BayesLessonReport.unitGrid(121)

    // MARK: Data (checked now, so a bad --data file stops the lesson before any work)

    let dataset = lesson.loadBinaryDataset(defaultName: "pima-diabetes", minimumPerClass: 6)

    // MARK: Step 1, intuition on a known function

    lesson.step("Intuition: a Gaussian process learns the Forrester function")
    try ForresterSteps.showPrior(lesson, lengthScale: priorLengthScale)
    // Step 1's picture and sentences for each guided proposal, then a pause with --step.
    let pictures = GuidedStepPictures(lesson, grid: grid, initial: forresterInitial)
    let explain = pictures.explain
    lesson.code(cell: "ask-tell")
    // cell: ask-tell
    let forrester = try SearchSpace([.real("x", low: 0, high: 1)])
    var bo = try BayesianOptimization(space: forrester, direction: .minimize,
                                      initPoints: forresterInitial,
                                      nIter: iterations, settings: .legacy,
                                      seed: seed)
    var observed: [(x: Double, y: Double)] = []
    while let c = try bo.suggest() {                       // ask ...
        let x = try c.double("x")
        let y = TestFunctions.forrester(x)
        if let model = bo.model, let step = bo.steps.last,
           !step.isInitialDesign {                         // (the pictures)
            try explain(step, model, observed, bo.hyperparameterBounds)
        }
        observed.append((x, y))
        bo.observe(Trial(number: observed.count, configuration: c,
                         evaluation: .score(y)))           // ... tell
    }
    // end cell
    let bestForrester = observed.min { $0.y < $1.y }!

    // One run is one draw of luck: the same search over 20 seeds (10 with --quick),
    // through the library's shortcut for a plain f(x) over a box (the same searcher,
    // so seed 42 repeats the run above exactly).
    let forresterSearch = ForresterSearch(initial: forresterInitial)
    let forresterSeeds = lesson.arguments.seeds(quick ? 10 : 20)
    let repeated = try forresterSeeds.map { try forresterSearch(seed: $0, guided: iterations) }
    lesson.say(BayesLessonReport.forresterStory(best: bestForrester, evaluations: observed.count, repeated: repeated,
                                                seeds: forresterSeeds, observedXs: observed.map(\.x)))

    // MARK: Step 2, the length scale

    lesson.step("The kernel and its length scale")
    let finalModel = bo.model!    // iterations >= 1, so at least one guided step fitted a model
    lesson.say(BayesLessonReport.lengthScaleIntroduction(observations: finalModel.count))
    lesson.code(cell: "length-scales")
    // cell: length-scales
    var variants: [(label: String, model: GaussianProcessRegressor)] = []
    for (label, factor) in [("10 x shorter", 0.1), ("fitted", 1),
                            ("10 x longer", 10)] {
        let h = finalModel.hyperparameters.scalingLengthScales(by: factor)
        variants.append((label, try GaussianProcessRegressor(
            inputs: finalModel.inputs, targets: finalModel.targets,
            kernel: .matern52, hyperparameters: h)))
    }
    // end cell
    try ForresterSteps.showLengthScales(lesson, variants, grid: grid, bounds: bo.hyperparameterBounds.lengthScale)

    // MARK: Step 3, exploration and exploitation

    lesson.step("Exploration against exploitation")
    let early = pictures.firstModel!    // fitted to step 1's first 5 observations
    let fStar = early.targets.min()!
    lesson.say(BayesLessonReport.explorationIntroduction(observations: early.count,
                                                         fittedLengthScale: early.hyperparameters.lengthScales[0]))
    lesson.code(cell: "fixed-model")
    // cell: fixed-model
    let fixed = KernelHyperparameters(signalVariance: 1,
                                      lengthScales: [priorLengthScale],
                                      noiseVariance: 1e-6)
    let fixedModel = try GaussianProcessRegressor(
        inputs: early.inputs, targets: early.targets, kernel: .matern52,
        hyperparameters: fixed)
    let fine = BayesLessonReport.unitGrid(401)                // candidates
    let p = try fixedModel.predict(Matrix(rows: fine.count, columns: 1,
                                          elements: fine))
    // The grid index where `acquisition` is largest (best so far: fStar).
    func pick(_ acquisition: AcquisitionFunction,
              _ p: GaussianProcessPrediction) -> Int {
        let scores = acquisition.evaluate(p, incumbent: fStar,
                                          direction: .minimize)
        return Statistics.indexOfMaximum(scores) ?? 0
    }
    // end cell
    let exploration = try ForresterSteps.compareAcquisitions(
        lesson, fixedModel: fixedModel, fixed: fixed, early: early, prediction: p, fine: fine, grid: grid, pick: pick,
        bounds: bo.hyperparameterBounds.lengthScale)

    // MARK: Step 4, what the library's defaults change, and why (DefaultsSteps.swift)

    let newRun = try DefaultsSteps.whatTheDefaultsChange(
        lesson, bo: bo, observed: observed, early: early, forrester: forrester, forresterInitial: forresterInitial,
        iterations: iterations, seed: seed, fine: fine)

    // MARK: Step 5, the learning rate of the Pima network

    lesson.step("Tuning the network's learning rate on \(dataset.name)")
    let lrEpochs = quick ? 30 : 100
    let lrGuided = quick ? 2 : 5
    // The split, the 3 folds and the initial weights of a seed (exercise 3 uses another).
    let learningRateTuning = NetworkOnSeed(
        dataset: dataset, defaults: NetworkSettings(learningRate: 0.001, batchSize: 10, epochs: lrEpochs))
    let tuning = try learningRateTuning(seed: seed)
    let articleValues = try NetworkSteps.showArticleObjective(lesson, tuning)
    // cell: learning-rate
    let lrSpace = try SearchSpace([
        .real("learningRate", low: 1e-4, high: 0.1, scale: .log)])
    func learningRateTuner(_ tuning: NetworkTuning) throws -> Tuner {
        let search = try BayesianOptimization(space: lrSpace,
                                              direction: .maximize,
                                              initPoints: 3, nIter: lrGuided,
                                              settings: .legacy,
                                              seed: tuning.seed)
        return try Tuner(searcher: search, objective: tuning.objective(),
                         budget: .trials(3 + lrGuided))
    }
    var lrTuner = try learningRateTuner(tuning)
    // end cell
    // The article's objective, run for real: how much the fitted mean varies.
    let flatness = try ArticleObjective.fittedMeanSpread(value: articleValues[0], space: lrSpace, seed: seed,
                                                         grid: grid)
    lesson.say(BayesLessonReport.flatModelStory(flatness: flatness))
    lesson.code(cell: "learning-rate")
    lesson.say(BayesLessonReport.doneRightLead(epochs: lrEpochs))
    let lrResult = try SearchNarration.run(&lrTuner, label: "learning rate", total: 3 + lrGuided, verbose: true,
                                           afterTrial: { _ in lesson.pause() })
    try NetworkSteps.showLearningRateSearch(lesson, lrTuner, lrResult, grid: grid)

    // MARK: Step 6, noisy scores: each trial's noise, and what to recommend

    lesson.step("Noisy scores: each trial's own noise, and what to recommend")
    lesson.say(NoisyScoresReport.introduction(trials: lrResult.trials.count))
    lesson.code(cell: "noisy-scores")
    // cell: noisy-scores
    var models: [BayesianOptimization] = []
    for settings in [BayesianOptimization.Settings.legacy, .standard] {
        var model = try BayesianOptimization(  // it only models: no proposals
            space: lrSpace, direction: .maximize, initPoints: 1, nIter: 0,
            settings: settings, seed: seed)
        for trial in lrResult.trials { model.observe(trial) }
        models.append(model)
    }
    let (oldModel, newModel) = (models[0], models[1])
    let variances = newModel.observationNoiseVariances     // s^2 / k per trial
    let tried = lrResult.trials.map(\.configuration)
    let oldPosterior = try oldModel.posterior(at: tried)!  // scores' units
    let newPosterior = try newModel.posterior(at: tried)!
    let luckiest = try newModel.recommendation(by: .bestObservation)!
    let bestMean = try newModel.recommendation()!   // by the posterior mean
    // end cell
    try NetworkSteps.showNoisyScores(
        lesson, trials: lrResult.trials, noiseVariances: variances, old: oldModel, new: newModel,
        posteriors: (oldPosterior, newPosterior), recommendations: (luckiest, bestMean), grid: grid,
        validationRows: tuning.training.count)

    // MARK: Step 7, several hyperparameters against random search

    lesson.step("Three hyperparameters at once, against random search")
    let space = try SearchSpace([.real("learningRate", low: 1e-4, high: 0.1, scale: .log),
                                 .integer("batchSize", low: 10, high: 40),
                                 .integer("hiddenUnits", low: 2, high: 32, scale: .log)])
    let initial = quick ? 3 : 4, budget = initial + guided
    let comparisonEpochs = quick ? 20 : 50
    let comparisonSeeds = lesson.arguments.seeds(quick ? 1 : 3)
    lesson.say(BayesComparison.introduction(budget: budget, initial: initial, guided: guided,
                                            epochs: comparisonEpochs, seeds: comparisonSeeds.count))
    // A seed's objective: its split, folds and initial weights (step 8 reuses them).
    let comparisonObjective = ObjectiveOnSeed(
        network: NetworkOnSeed(dataset: dataset, defaults: NetworkSettings(epochs: comparisonEpochs)))
    lesson.code(cell: "comparison")
    // cell: comparison
    var comparison = PairedComparison(firstName: "random search",
                                      secondName: "Bayesian optimisation",
                                      direction: .maximize)
    var curves = BayesComparison.Curves()
    var bayesRuns: [(result: SearchResult, searcher: BayesianOptimization)] = []
    for s in comparisonSeeds {
        let objective = try comparisonObjective(seed: s)
        var bayes = try Tuner(
            searcher: BayesianOptimization(space: space, direction: .maximize,
                                           initPoints: initial, nIter: guided,
                                           settings: .legacy, seed: s),
            objective: objective, budget: .trials(budget))
        var random = try Tuner(
            searcher: RandomSearch(space: space, iterations: budget, seed: s),
            objective: objective, budget: .trials(budget))
        let first = s == comparisonSeeds[0]                // print its trials
        let bayesResult = try SearchNarration.run(
            &bayes, label: "Bayesian optimisation", total: budget,
            verbose: first, afterTrial: { _ in if first { lesson.pause() } })
        let randomResult = try SearchNarration.run(
            &random, label: "random search", total: budget, verbose: false)
        if let searcher = bayes.searcher as? BayesianOptimization {
            bayesRuns.append((bayesResult, searcher))
        }
        curves.append(random: randomResult, bayes: bayesResult)
        let pairing = PairedComparison.Pairing(
            first: randomResult.best?.score ?? .nan,
            second: bayesResult.best?.score ?? .nan)
        comparison.pairings.append(pairing)
        print("  seed \(s): best mean accuracy, random "
              + "\(Format.fixed(pairing.first, 3)), Bayesian optimisation "
              + "\(Format.fixed(pairing.second, 3))")
    }
    // end cell
    let checkpoints = BayesComparison.checkpoints(initial: initial, budget: budget,
                                                  defaultBudget: initial + defaultGuided)
    try NetworkSteps.showComparison(lesson, comparison, curves: curves, bayesRuns: bayesRuns,
                                    checkpoints: checkpoints, initial: initial)

    // MARK: Step 8, old defaults against new, over seeds (DefaultsSteps.swift)

    let oldAgainstNew = try DefaultsSteps.oldAgainstNew(
        lesson, quick: quick, forresterSearch: forresterSearch, iterations: iterations,
        forresterSeeds: forresterSeeds, repeated: repeated, space: space, initial: initial, guided: guided,
        budget: budget, comparisonSeeds: comparisonSeeds, comparisonObjective: comparisonObjective,
        bayesRuns: bayesRuns, curves: &curves, checkpoints: checkpoints)

    // MARK: Summary and exercises

    let regrets = (old: bestForrester.y - TestFunctions.forresterMinimum,
                   new: newRun.best.y - TestFunctions.forresterMinimum)
    lesson.finish(summary: BayesLessonReport.summary(
        forresterRegret: regrets.old, forresterTrials: observed.count,
        fittedLengthScale: finalModel.hyperparameters.lengthScales[0], kappas: exploration.kappaPicks,
        fittedJumps: exploration.fittedJumps, learningRateWinner: lrResult.best, comparison: comparison)
        + BayesDefaultsReport.summary(newForresterRegret: regrets.new, oldForresterRegret: regrets.old,
                                      recommendation: (luckiest, bestMean), oldAgainstNew: oldAgainstNew),
                  exercises: try BayesExercises.run(
        lesson, forresterSearch: forresterSearch, iterations: iterations, regrets: regrets,
        evaluations: observed.count, exploration: exploration, learningRateSpace: lrSpace,
        learningRateTuning: learningRateTuning, learningRateTuner: learningRateTuner, winner: lrResult.best,
        guided: guided, initial: initial, budget: budget, defaultGuided: defaultGuided, curves: curves))
}
