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
// Read it top to bottom like a notebook: each step computes here, in plain sight. The
// *Report.swift files and BayesComparison.swift only turn numbers into sentences,
// tables and exercises, GaussianProcessPictures.swift draws the model, and
// ArticleObjective.swift is the article's objective exactly as written.

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
    lesson.say(BayesLessonReport.forresterIntroduction(priorLengthScale: priorLengthScale))
    var priorRng = lesson.generator(stream: 1)
    let priorGrid = BayesLessonReport.unitGrid(61)
    let draws = try GaussianProcessPictures.priorSamples(kernel: .matern52, lengthScale: priorLengthScale,
                                                         grid: priorGrid, count: 3, rng: &priorRng)
    lesson.show(GaussianProcessPictures.priorChart(draws, grid: priorGrid, lengthScale: priorLengthScale))

    var notes = BayesLessonReport.ExplainedNotes()
    var firstGuidedModel: GaussianProcessRegressor?
    // Step 1's picture and sentences for one guided proposal (the model, the points
    // observed so far and the fit's bounds), then a pause with --step.
    let explain = { (step: BayesianOptimizationStep, model: GaussianProcessRegressor,
                     observed: [(x: Double, y: Double)], bounds: HyperparameterBounds) throws in
        if firstGuidedModel == nil { lesson.say(BayesLessonReport.firstPosteriorStory(observed: observed)) }
        firstGuidedModel = firstGuidedModel ?? model
        let x = try step.configuration.double("x"), y = TestFunctions.forrester(x)
        lesson.show(try GaussianProcessPictures.forresterBand(model: model, grid: grid,
                                                              title: "After \(model.count) observations",
                                                              next: (x, step.incumbent)))
        lesson.say(BayesLessonReport.stepLine(step, x: x, value: y, bounds: bounds, notes: &notes))
        if model.count == forresterInitial,
           let miss = try BayesLessonReport.bandMisses(model: model, grid: grid, truth: TestFunctions.forrester) {
            lesson.say(miss)
        }
        lesson.pause()
    }

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
    func forresterSearch(seed: UInt64, guided: Int,
                         settings: BayesianOptimization.Settings = .legacy) throws -> MinimizationResult {
        try BayesianOptimization.minimize({ TestFunctions.forrester($0[0]) }, bounds: [0...1],
                                          budget: forresterInitial + guided, initPoints: forresterInitial,
                                          settings: settings, seed: seed)
    }
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
    for (label, model) in variants where label != "fitted" {
        let title = "Length scale \(label): \(Format.compact(model.hyperparameters.lengthScales[0]))"
        lesson.show(try GaussianProcessPictures.forresterBand(model: model, grid: grid, title: title))
    }
    let rows = try variants.map {
        try BayesLessonReport.LengthScaleRow(label: $0.label, model: $0.model, grid: grid,
                                             truth: TestFunctions.forrester)
    }
    lesson.show(BayesLessonReport.lengthScaleTable(rows))
    lesson.say(BayesLessonReport.lengthScaleStory(rows, bounds: bo.hyperparameterBounds.lengthScale))

    // MARK: Step 3, exploration and exploitation

    lesson.step("Exploration against exploitation")
    let early = firstGuidedModel!    // fitted to step 1's first 5 observations
    let fStar = early.targets.min()!
    let bestX = early.inputs[early.targets.firstIndex(of: fStar)!, 0]
    let earlyLengthScale = early.hyperparameters.lengthScales[0]
    lesson.say(BayesLessonReport.explorationIntroduction(observations: early.count,
                                                         fittedLengthScale: earlyLengthScale))
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
                  onLowerBound: BayesLessonReport.isOnLowerBound(earlyLengthScale, bo.hyperparameterBounds.lengthScale),
                  picks: picks(kappas, { .confidenceBound(kappa: $0) }, fittedPrediction),
                  atPrior: fittedPrediction.standardDeviation.filter { $0 >= 0.95 * priorSd }.count, gridCount: fine.count)
    lesson.say(BayesLessonReport.explorationStory(choices, bestObservation: bestX, kappas: kappaPicks, fitted: fitted))

    // MARK: Step 4, what the library's defaults change

    lesson.step("What the library's defaults change, and why")
    let oldSettings = BayesianOptimization.Settings.legacy, newSettings = BayesianOptimization.Settings.standard
    let lengthScalePrior = HyperparameterPrior.dimensionScaled(dimensions: 1).lengthScale!
    lesson.say(BayesDefaultsReport.introduction)
    lesson.show(BayesDefaultsReport.settingsTable(old: oldSettings, new: newSettings))
    lesson.say(BayesDefaultsReport.reasons(lengthScalePrior: lengthScalePrior, old: oldSettings, new: newSettings))
    lesson.code(cell: "new-defaults")
    // cell: new-defaults
    var newBo = try BayesianOptimization(space: forrester, direction: .minimize,
                                         initPoints: forresterInitial,
                                         nIter: iterations, settings: .standard,
                                         seed: seed)
    var newObserved: [(x: Double, y: Double)] = []
    var newFirstFit: (model: GaussianProcessRegressor,
                      transform: PowerTransform?)?
    while let c = try newBo.suggest() {
        if newFirstFit == nil, let model = newBo.model {    // the first model
            newFirstFit = (model, newBo.scoreTransform)
        }
        let x = try c.double("x"), y = TestFunctions.forrester(x)
        newObserved.append((x, y))
        newBo.observe(Trial(number: newObserved.count, configuration: c,
                            evaluation: .score(y)))
    }
    // end cell
    let oldRun = BayesDefaultsReport.Run(name: ".legacy", searcher: bo, observed: observed, firstFit: (early, nil))
    let newRun = BayesDefaultsReport.Run(name: ".standard", searcher: newBo, observed: newObserved,
                                         firstFit: newFirstFit!)    // iterations >= 1: a model was fitted
    lesson.show(BayesDefaultsReport.trialTable([oldRun, newRun]))
    lesson.say(BayesDefaultsReport.outcome(old: oldRun, new: newRun) + " " + (try BayesDefaultsReport.fitStory(
        old: oldRun, new: newRun, priorMode: BayesDefaultsReport.mostLikely(lengthScalePrior))))
    lesson.say(BayesDefaultsReport.modelStory(old: oldRun, new: newRun))
    lesson.code(cell: "log-ei")
    // cell: log-ei
    // Plain EI and log EI on the grid, for each model before its last trial.
    var underflow: [(zeros: Int, logEI: [Double], smallest: Double)] = []
    for run in [bo, newBo] {
        let model = run.model!, fStar = run.steps.last!.incumbent!
        let p = try model.predict(Matrix(rows: fine.count, columns: 1,
                                         elements: fine))
        let ei = AcquisitionFunction.expectedImprovement(xi: 0)
            .evaluate(p, incumbent: fStar, direction: .minimize)
        let logEI = fine.indices.map { i in
            LogExpectedImprovement.evaluate(
                mean: p.mean[i], standardDeviation: p.standardDeviation[i],
                incumbent: fStar, xi: 0, direction: .minimize).value
        }
        let zeros = fine.indices.filter { ei[$0] == 0 }
        underflow.append((zeros.count, zeros.map { logEI[$0] },
                          ei.filter { $0 > 0 }.min() ?? .nan))
    }
    // end cell
    lesson.say(BayesDefaultsReport.logExpectedImprovementStory(
        names: ["old", "new"], zeros: underflow.map(\.zeros), logValues: underflow.map(\.logEI),
        smallestPositive: underflow.map(\.smallest), gridCount: fine.count))

    // MARK: Step 5, the learning rate of the Pima network

    lesson.step("Tuning the network's learning rate on \(dataset.name)")
    let lrEpochs = quick ? 30 : 100
    let lrGuided = quick ? 2 : 5
    // The split, the 3 folds and the initial weights of a seed (exercise 3 uses another).
    func learningRateTuning(seed: UInt64) throws -> NetworkTuning {
        try NetworkTuning(dataset: dataset, testFraction: 0.2, folds: 3,
                          defaults: NetworkSettings(learningRate: 0.001, batchSize: 10, epochs: lrEpochs), seed: seed)
    }
    let tuning = try learningRateTuning(seed: seed)
    lesson.say(BayesLessonReport.articleBugStory)
    var articleRng = lesson.generator(stream: 2)
    let articleValues = try ArticleObjective.untrainedTestScores(tuning, count: 5, rng: &articleRng)
    lesson.say(BayesLessonReport.constantObjectiveStory(values: articleValues))
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
    if let searcher = lrTuner.searcher as? BayesianOptimization,
       let picture = try GaussianProcessPictures.lastProposalBand(searcher, grid: grid) {
        lesson.show(picture)
        let spreads = lrResult.trials.compactMap(\.foldSpread)
        for note in try BayesLessonReport.learningRateNotes(searcher, grid: grid, foldSpreads: spreads) {
            lesson.say(note)
        }
    }
    if let sentence = NoisyScoresReport.bestLearningRateSentence(lrResult.best) { lesson.say(sentence) }

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
    let noiseRows = try NoisyScoresReport.rows(lrResult.trials, noiseVariances: variances, old: oldPosterior,
                                               new: newPosterior)
    lesson.show(NoisyScoresReport.table(noiseRows))
    let gridConfigurations = grid.map { newModel.encoding.decode([$0]) }
    let gridPosterior = try newModel.posterior(at: gridConfigurations)!
    lesson.show(try NoisyScoresReport.band(gridPosterior, at: gridConfigurations, rows: noiseRows))
    // Each model refitted to all the trials: the shared noise variance it fits.
    let noises = try [oldModel, newModel].map { try $0.fittedToEveryObservation()!.model.hyperparameters.noiseVariance }
    lesson.say(NoisyScoresReport.noiseStory(noiseRows, oldNoise: noises[0],
                                            oldBounds: oldModel.hyperparameterBounds.noiseVariance,
                                            newNoise: noises[1], newBounds: newModel.hyperparameterBounds.noiseVariance))
    lesson.say(NoisyScoresReport.ruleStory(bestMean.rule))
    lesson.say(NoisyScoresReport.recommendationStory(luckiest: luckiest, bestMean: bestMean, rows: noiseRows,
                                                     folds: lrResult.trials.map(\.evaluation.foldScores),
                                                     validationRows: tuning.training.count))

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
    func comparisonObjective(seed: UInt64) throws -> Objective {
        try NetworkTuning(dataset: dataset, testFraction: 0.2, folds: 3,
                          defaults: NetworkSettings(epochs: comparisonEpochs), seed: seed).objective()
    }
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
    print("")
    lesson.show(BayesComparison.convergenceChart(curves, title: "Best so far, median over seeds"))
    let checkpoints = BayesComparison.checkpoints(initial: initial, budget: budget,
                                                  defaultBudget: initial + defaultGuided)
    lesson.show(BayesComparison.medianTable([("random search", curves.random), ("Bayesian optimisation", curves.bayes)],
                                            checkpoints: checkpoints, initial: initial))
    lesson.say(BayesComparison.signTestStory(comparison))
    if let (result, searcher) = bayesRuns.first, let slice = try BayesComparison.slice(of: searcher, result: result) {
        lesson.say(slice.introduction)
        for panel in slice.panels { lesson.show(panel) }
        lesson.say(slice.story)
    }

    // MARK: Step 8, old defaults against new, over seeds

    lesson.step("Old defaults against new, over seeds")
    let camel = TestFunctions.suite.first { $0.name == "six-hump-camel" }!
    let camelBox = zip(camel.lower, camel.upper).map { $0...$1 }
    let camelBudget = quick ? 15 : 20
    let camelSeeds = lesson.arguments.seeds(quick ? 5 : 10)
    lesson.say(OldAgainstNewReport.introduction(forrester: (forresterSeeds.count, forresterInitial + iterations),
                                                camel: camel, box: camelBox, seeds: camelSeeds.count,
                                                budget: camelBudget))
    lesson.code(cell: "old-against-new")
    // cell: old-against-new
    var forresterRow = OldAgainstNew(problem: "Forrester",
                                     budget: forresterInitial + iterations,
                                     measure: "regret", direction: .minimize)
    for (s, old) in zip(forresterSeeds, repeated) {        // old: step 1's
        let new = try forresterSearch(seed: s, guided: iterations,
                                      settings: .standard)
        forresterRow.add(old: old.value - TestFunctions.forresterMinimum,
                         new: new.value - TestFunctions.forresterMinimum,
                         searchers: [old.searcher, new.searcher])
    }
    var camelRow = OldAgainstNew(problem: "six-hump camel", budget: camelBudget,
                                 measure: "regret", direction: .minimize)
    for s in camelSeeds {
        let runs = try [oldSettings, newSettings].map { settings in
            try BayesianOptimization.minimize(camel.formula, bounds: camelBox,
                                              budget: camelBudget,
                                              settings: settings, seed: s)
        }
        camelRow.add(old: runs[0].value - camel.minimum,
                     new: runs[1].value - camel.minimum,
                     searchers: runs.map(\.searcher))
    }
    var networkRow = OldAgainstNew(problem: "network", budget: budget,
                                   measure: "accuracy", direction: .maximize)
    for (s, old) in zip(comparisonSeeds, bayesRuns) {       // old: step 7's
        var tuner = try Tuner(
            searcher: BayesianOptimization(space: space, direction: .maximize,
                                           initPoints: initial, nIter: guided,
                                           settings: .standard, seed: s),
            objective: try comparisonObjective(seed: s),
            budget: .trials(budget))
        let result = try tuner.run()
        curves.standard.append(BayesComparison.Curves.bestSoFar(result))
        if let new = tuner.searcher as? BayesianOptimization {
            networkRow.add(old: old.result.best?.score ?? .nan,
                           new: result.best?.score ?? .nan,
                           searchers: [old.searcher, new])
        }
    }
    // end cell
    let oldAgainstNew = [forresterRow, camelRow, networkRow]
    lesson.say("Medians over seeds, and new-old-tie, the seeds each won (p: the sign test's, defined in step 7):")
    lesson.show(OldAgainstNewReport.resultTable(oldAgainstNew))
    lesson.say(OldAgainstNewReport.proposalLead)
    lesson.show(OldAgainstNewReport.proposalTable(oldAgainstNew))
    lesson.say("On the network, step 7's median table with the new defaults added:")
    lesson.show(BayesComparison.medianTable([("random search", curves.random), ("BO .legacy", curves.bayes),
                                             ("BO .standard", curves.standard)],
                                            checkpoints: checkpoints, initial: initial))
    lesson.say(OldAgainstNewReport.story(oldAgainstNew))

    // MARK: Summary and exercises

    // The exercises' checks, computed now. 1: the same Forrester searches, continued
    // (their first trials repeat). 2: where EI's pick jumps as xi grows. 3: another
    // seed's learning-rate search, its two recommendations, and both winners scored
    // on a third seed's folds, which neither search chose on. (4 reads step 7's curves.)
    let more = BayesExercises.moreIterations(than: iterations)
    let continued = try [oldSettings, newSettings].map { try forresterSearch(seed: seed, guided: more, settings: $0) }
    let xiPicks = picks((0...100).map { Double($0) / 10 }, { .expectedImprovement(xi: $0 * sd) }, p)
    let otherSeed = BayesExercises.otherSeed(than: seed)
    var otherTuner = try learningRateTuner(try learningRateTuning(seed: otherSeed))
    let other = try otherTuner.run()
    var otherModel = try BayesianOptimization(space: lrSpace, direction: .maximize, initPoints: 1, nIter: 0,
                                              settings: .standard, seed: otherSeed)
    for trial in other.trials { otherModel.observe(trial) }
    let rules = try otherModel.recommendation(by: .bestObservation).flatMap { luckiest in
        try otherModel.recommendation().map { (luckiest: luckiest, bestMean: $0) }
    }
    let referee = BayesExercises.refereeSeed(seed, otherSeed)
    let refereeTuning = try learningRateTuning(seed: referee)
    let refereeObjective = try refereeTuning.objective()
    let rescored = lrResult.best.flatMap { mine in other.best.map { theirs in
        (this: refereeObjective.evaluate(mine.configuration), other: refereeObjective.evaluate(theirs.configuration))
    } }
    let regrets = (old: bestForrester.y - TestFunctions.forresterMinimum,
                   new: newRun.best.y - TestFunctions.forresterMinimum)
    lesson.finish(summary: BayesLessonReport.summary(
        forresterRegret: regrets.old, forresterTrials: observed.count,
        fittedLengthScale: finalModel.hyperparameters.lengthScales[0], kappas: kappaPicks,
        fittedJumps: fitted.picks.jump != nil, learningRateWinner: lrResult.best, comparison: comparison)
        + BayesDefaultsReport.summary(newForresterRegret: regrets.new, oldForresterRegret: regrets.old,
                                      recommendation: (luckiest, bestMean), oldAgainstNew: oldAgainstNew),
                  exercises: BayesExercises.all(.init(
        again: BayesExercises.rerunFlags(lesson), forresterInitial: forresterInitial, moreIterations: more,
        continued: (continued[0], continued[1]), regrets: regrets, evaluations: observed.count,
        xiPicks: xiPicks, bestX: bestX, otherSeed: otherSeed, otherWinner: other.best, rules: rules,
        thisWinner: lrResult.best, referee: referee, rescored: rescored,
        refereeRows: refereeTuning.training.count, moreGuided: BayesExercises.moreGuided(than: guided),
        initial: initial, budget: budget, defaultBudget: initial + defaultGuided, curves: curves)))
}
