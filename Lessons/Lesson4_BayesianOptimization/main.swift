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
// Read it top to bottom like a notebook: each step computes here, in plain sight.
// BayesLessonReport.swift, BayesExplorationReport.swift, BayesDefaultsReport.swift,
// NoisyScoresReport.swift and BayesComparison.swift only turn numbers into sentences
// and tables, GaussianProcessPictures.swift draws the model, and
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
    lesson.say("""
        f(x) = (6x - 2)^2 sin(12x - 4) on [0, 1] has a local minimum near x = 0.14 and its global minimum, -6.021, \
        at x = 0.757. We pretend not to know it and minimise it with Bayesian optimisation. Steps 1 to 3 run the \
        searcher with its first settings (`settings: .legacy` in the code): the Gaussian process and expected \
        improvement of the textbooks, whose pictures read directly in f's units. Step 4 shows what the library's \
        defaults (`.standard`) change, and why.

        Before any observation, a Gaussian process is a distribution over functions, its prior (what the model \
        believes before seeing data). Its kernel k(x, x') says how \
        strongly the values f(x) and f(x') move together. Here it is the Matern 5/2 kernel, k = s2 (1 + sqrt(5) r + \
        5 r^2 / 3) exp(-sqrt(5) r) with r = |x - x'| / l: values at nearby points move together, distant ones \
        independently, and its functions are twice differentiable but not smoother, the usual choice for Bayesian \
        optimisation. The length scale l says how far "nearby" reaches; the signal variance s2 is the prior variance \
        of f at any one point, how far the function swings from its mean. Three draws from the prior with \
        l = \(Format.compact(priorLengthScale)) and s2 = 1:
        """)
    var priorRng = lesson.generator(stream: 1)
    let priorGrid = BayesLessonReport.unitGrid(61)
    let draws = try GaussianProcessPictures.priorSamples(kernel: .matern52, lengthScale: priorLengthScale,
                                                         grid: priorGrid, count: 3, rng: &priorRng)
    lesson.show(GaussianProcessPictures.priorChart(draws, grid: priorGrid, lengthScale: priorLengthScale))

    var notes = BayesLessonReport.ExplainedNotes()
    var firstGuidedModel: GaussianProcessRegressor?
    // Step 1's picture and sentences for one guided proposal (the model, the points
    // observed so far and the fit's bounds), then a pause with --step.
    let explain = { (step: BayesianOptimizationStep, model: GaussianProcessRegressor, observed: [(x: Double, y: Double)],
                     bounds: HyperparameterBounds) throws in
        let x = try step.configuration.double("x"), y = TestFunctions.forrester(x)
        if firstGuidedModel == nil {
            firstGuidedModel = model
            lesson.say("""
                The first \(observed.count) points came from a Latin hypercube (one in each fifth of [0, 1]): \
                \(observed.map { "f(\(Format.fixed($0.x, 3))) = \(Format.fixed($0.y, 3))" }.joined(separator: ", ")). \
                Now the model takes over. Conditioned on the observations, the prior becomes the posterior: at every \
                x a normal distribution of f(x), with a mean and a standard deviation (sd). Before fitting, the \
                searcher rescales every input's range to [0, 1] (the unit cube; x already is) and the observed \
                values to mean 0 and standard deviation 1 (normalised units), so a length scale is a fraction of the \
                range and a variance a fraction of the values' variance. It fits three numbers, its hyperparameters, \
                by maximising the marginal likelihood p(observations | hyperparameters), how probable the observed \
                values are under the prior with those numbers (averaged over all the functions it allows): the \
                length scale, the signal variance, and the noise variance, the variance of the random error it \
                assumes in every observation (the Forrester function has none).

                The next point is where expected improvement (EI) over the best value so far, f*, is largest. With \
                mu and sigma the model's mean and sd at a point, z = (f* - mu) / sigma (by how many sds the mean \
                beats f*), Phi the standard normal distribution function (the probability that a standard normal \
                value is below z) and phi its density: EI = exploitation + exploration = (f* - mu) Phi(z) + \
                sigma phi(z). In each picture: the true function (.), the posterior mean (*) inside its +/- 2 sd \
                band (:), the observations (o), and under it expected improvement, whose peak (^) is the next trial.
                """)
        }
        lesson.show(try GaussianProcessPictures.band(
            model: model, grid: grid, toAxis: { $0 }, truth: TestFunctions.forrester,
            acquisition: .expectedImprovement(xi: 0), incumbent: step.incumbent, direction: .minimize, next: x,
            title: "After \(model.count) observations", xLabel: "x", yLabel: "f(x)"))
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
    // 0.757249 is the Forrester function's minimiser (Forrester, Sobester and Keane, 2008).
    let overSeeds = (gaps: repeated.map { $0.value - TestFunctions.forresterMinimum },
                     inGlobalBasin: repeated.filter { abs($0.x[0] - 0.757_249) < 0.05 }.count)
    lesson.say(BayesLessonReport.forresterStory(
        best: bestForrester, evaluations: observed.count, overSeeds: overSeeds, firstSeed: seed,
        repeatedPoints: BayesLessonReport.repeatedPoints(observed.map(\.x), tolerance: 0.001)))

    // MARK: Step 2, the length scale

    lesson.step("The kernel and its length scale")
    let finalModel = bo.model!    // iterations >= 1, so at least one guided step fitted a model
    lesson.say("""
        The length scale says how far an observation's influence reaches. The model above chose it by maximising \
        the marginal likelihood, p(observations | hyperparameters), defined in step 1. Here are the same \
        \(finalModel.count) \
        observations under the fitted length scale and under one ten times shorter and one ten times longer \
        (everything else fixed):
        """)
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
    var rows: [BayesLessonReport.LengthScaleRow] = []
    for (label, model) in variants {
        if label != "fitted" {
            lesson.show(try GaussianProcessPictures.band(
                model: model, grid: grid, toAxis: { $0 }, truth: TestFunctions.forrester, acquisition: nil,
                incumbent: nil, direction: .minimize, next: nil,
                title: "Length scale \(label): \(Format.compact(model.hyperparameters.lengthScales[0]))",
                xLabel: "x", yLabel: "f(x)"))
        }
        rows.append(try .init(label: label, model: model, grid: grid, truth: TestFunctions.forrester))
    }
    lesson.show(BayesLessonReport.lengthScaleTable(rows))
    lesson.say(BayesLessonReport.lengthScaleStory(rows, bounds: bo.hyperparameterBounds.lengthScale))

    // MARK: Step 3, exploration and exploitation

    lesson.step("Exploration against exploitation")
    let early = firstGuidedModel!    // fitted to step 1's first 5 observations
    let fStar = early.targets.min()!
    let bestX = early.inputs[early.targets.firstIndex(of: fStar)!, 0]
    let earlyLengthScale = early.hyperparameters.lengthScales[0]
    lesson.say("""
        Expected improvement balances its two terms by itself. Other acquisitions make the balance a knob: the \
        lower confidence bound (LCB) picks the lowest mu - kappa sigma, so kappa = 0 trusts the mean alone and a \
        large kappa favours uncertain places; expected improvement with a margin xi > 0 counts only improvements \
        beyond f* - xi. To see the balance move we take step 1's first \(early.count) observations with the \
        hyperparameters fixed rather than fitted, to those of the prior draws above. (Step 1's fit chose a length \
        scale of \(Format.compact(earlyLengthScale)); the end of this step shows what that does.)
        """)
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
    lesson.show(try GaussianProcessPictures.band(
        model: fixedModel, grid: grid, toAxis: { $0 }, truth: TestFunctions.forrester, acquisition: nil, incumbent: nil,
        direction: .minimize, next: nil,
        title: "The first \(early.count) observations, length scale fixed at \(Format.compact(fixed.lengthScales[0]))",
        xLabel: "x", yLabel: "f(x)"))
    // "xi = 1 sd": xi in units of the observed values' standard deviation, as the searcher reads it.
    let sd = fixedModel.targetScale
    var settings: [(String, AcquisitionFunction)] = [
        ("LCB, kappa = 0 (mean only)", .confidenceBound(kappa: 0)), ("EI, xi = 0", .expectedImprovement(xi: 0)),
        ("EI, xi = 1 sd", .expectedImprovement(xi: sd)), ("LCB, kappa = 2", .confidenceBound(kappa: 2)),
        ("LCB, kappa = 10", .confidenceBound(kappa: 10)),
    ]
    if let kappa = lesson.arguments.double("kappa") {
        settings.append(("LCB, kappa = \(Format.compact(kappa)) (--kappa)", .confidenceBound(kappa: kappa)))
    }
    if let xi = lesson.arguments.double("xi") {
        settings.append(("EI, xi = \(Format.compact(xi)) sd (--xi)", .expectedImprovement(xi: xi * sd)))
    }
    let observedXs = (0..<early.count).map { early.inputs[$0, 0] }
    func nearest(_ x: Double) -> Double { observedXs.map { abs($0 - x) }.min() ?? .nan }
    let choices = settings.map { name, acquisition in
        let i = pick(acquisition, p)
        return BayesLessonReport.ChoiceRow(setting: name, next: fine[i], mean: p.mean[i],
                                           standardDeviation: p.standardDeviation[i], nearestObservation: nearest(fine[i]))
    }
    lesson.say("With these \(early.count) observations and the fixed hyperparameters (length scale "
               + "\(Format.compact(fixed.lengthScales[0])), signal variance \(Format.compact(fixed.signalVariance)), noise "
               + "variance \(Format.compact(fixed.noiseVariance)), normalised units; best so far f* = "
               + "\(Format.fixed(fStar, 3)) at x = \(Format.fixed(bestX, 3)); \"1 sd\" is the values' standard deviation, "
               + "\(Format.fixed(sd, 3))), each setting would pick:")
    lesson.show(BayesLessonReport.explorationTable(choices))
    // Where the balance tips: as kappa grows (and xi, for exercise 2) the pick drifts,
    // a grid step (0.0025) at a time, then jumps: the first value whose pick lies more
    // than 0.05 from the previous value's pick.
    let kappas = (0...300).map { Double($0) / 10 }
    func picks(_ values: [Double], _ acquisition: (Double) -> AcquisitionFunction,
               _ p: GaussianProcessPrediction) -> BayesLessonReport.PickJump {
        let chosen = values.map { pick(acquisition($0), p) }
        return .init(values: values, picks: chosen.map { fine[$0] }, means: chosen.map { p.mean[$0] },
                     standardDeviations: chosen.map { p.standardDeviation[$0] }, jumpDistance: 0.05)
    }
    let kappaPicks = picks(kappas, { .confidenceBound(kappa: $0) }, p)
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
    let priorMode = BayesDefaultsReport.mostLikely(lengthScalePrior)
    lesson.say("""
        Steps 1 to 3 ran the searcher with `settings: .legacy`, its first settings. Its defaults, `.standard`, make \
        these choices differently (the table is read off the two settings):
        """)
    lesson.show(BayesDefaultsReport.settingsTable(old: oldSettings, new: newSettings))
    lesson.say("""
        Why, one default at a time. A prior on the length scale (Hvarfner, Hellsten and Nardi, 2024; BoTorch's \
        default since): before any data, log l is normal with mean sqrt(2) + log(d) / 2 and variance 3, so the most \
        likely l is 0.205 sqrt(d) (\(Format.compact(priorMode)) here, d = 1), and one standard deviation of log l \
        moves it \(Format.fixed(BayesDefaultsReport.oneStandardDeviationFactor(lengthScalePrior), 1))-fold. The \
        fit then maximises the marginal likelihood times this prior, the MAP estimate (maximum a posteriori), \
        rather than the likelihood alone, which readily explains a few points by a wiggle through each or a \
        straight line. The signal variance is fixed at \
        \(Format.compact(newSettings.hyperparameterBounds.signalVariance.lowerBound)) on the standardised scores \
        (BoTorch): one number fewer to fit from a handful of points. The prior mean, where the posterior returns \
        far from the data, is the worst score seen instead of the average (De Ath, Fieldsend and Everson, 2020): \
        an unexplored corner of the box is no longer promising just because nothing is known there. The scores are \
        modelled after a Yeo-Johnson transform (HEBO, Cowen-Rivers et al., 2022): for standardised scores y, \
        psi(y) = ((y + 1)^lambda - 1) / lambda above 0 and -((1 - y)^(2 - lambda) - 1) / (2 - lambda) below, with \
        lambda fitted so that the transformed scores look as normal as possible (lambda = 1 changes nothing); the \
        order of the scores is kept. The search climbs log expected improvement (Ament et al., 2023): the same best \
        point, but where plain EI underflows to exactly 0 (smaller than the smallest number a Double holds), log EI \
        is still a finite number with a slope. And EI's incumbent f* is the best posterior mean at the evaluated \
        points, the plug-in incumbent (Picheny et al., 2013), not the best, possibly lucky, observation. The same \
        search as step 1's, same seed, with `.standard`:
        """)
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
    let oldRun = BayesDefaultsReport.Run(name: ".legacy", searcher: bo, observed: observed,
                                         firstFit: (early, nil))
    let newRun = BayesDefaultsReport.Run(name: ".standard", searcher: newBo, observed: newObserved,
                                         firstFit: newFirstFit!)    // iterations >= 1: a model was fitted
    lesson.show(BayesDefaultsReport.trialTable([oldRun, newRun]))
    lesson.say(BayesDefaultsReport.outcome(old: oldRun, new: newRun) + " "
               + (try BayesDefaultsReport.fitStory(old: oldRun, new: newRun, priorMode: priorMode)))
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
    lesson.say("""
        The article's bayes_opt example passes `f=lambda x: model.evaluate(X_test, y_test, verbose=0)[1]` with \
        bounds for learning_rate and batch_size. As written it does not run: bayes_opt calls \
        f(learning_rate=..., batch_size=...), which a lambda with one parameter named x rejects with a TypeError, \
        and that model was never compiled, which Keras's evaluate() rejects too. Repair just those two and a \
        subtler bug remains: the function ignores its arguments. It never builds a network with the proposed \
        learning rate and batch size, never trains, and scores a fixed untrained model on the *test* set.
        """)
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
    // The article's objective, run for real: 6 trials on a constant, then the spread
    // of the fitted mean over the whole range.
    let constant = Objective(name: "untrained test accuracy", direction: .maximize) { _ in .score(articleValues[0]) }
    var constantTuner = try Tuner(searcher: BayesianOptimization(space: lrSpace, direction: .maximize, initPoints: 3,
                                                                 nIter: 3, settings: .legacy, seed: seed),
                                  objective: constant, budget: .trials(6))
    _ = try constantTuner.run()
    let flatMeans = try (constantTuner.searcher as? BayesianOptimization)?.model?
        .predict(Matrix(rows: grid.count, columns: 1, elements: grid)).mean ?? [.nan]
    let flatness = (flatMeans.max() ?? .nan) - (flatMeans.min() ?? .nan)
    lesson.say("""
        Running Bayesian optimisation on that objective for 6 trials confirms it: the fitted model's mean \
        \(flatness == 0 ? "does not vary at all" : "varies by only " + Format.scientific(flatness, 1)) across the \
        whole learning-rate range, a flat line, so expected improvement is driven by the standard deviation alone.
        """)
    lesson.code(cell: "learning-rate")
    lesson.say("Done right, each trial trains the network with its learning rate (3-fold CV, \(lrEpochs) epochs). The "
               + "searcher keeps `.legacy` here, so that its model is the textbook one of steps 1 to 3; step 6 gives the "
               + "same trials to `.standard`:")
    let lrResult = try SearchNarration.run(&lrTuner, label: "learning rate", total: 3 + lrGuided, verbose: true,
                                           afterTrial: { _ in lesson.pause() })
    if let searcher = lrTuner.searcher as? BayesianOptimization, let model = searcher.model,
       let last = searcher.steps.last, let incumbent = last.incumbent {
        let encoding = searcher.encoding
        lesson.show(try GaussianProcessPictures.band(
            model: model, grid: grid, toAxis: { encoding.decode([$0])["learningRate"]?.number ?? .nan },
            xScale: .log10, truth: nil, acquisition: .expectedImprovement(xi: 0), incumbent: incumbent,
            direction: .maximize, next: encoding.encode(last.configuration)[0],
            title: "The model of mean CV accuracy before the last trial (log scale)", xLabel: "learning rate",
            yLabel: "accuracy"))
        if let flat = try BayesLessonReport.flatAcquisitionNote(model: model, grid: grid, incumbent: incumbent,
                                                                direction: .maximize) {
            lesson.say(flat)
        }
        lesson.say(BayesLessonReport.noiseNote(model: model, bounds: searcher.hyperparameterBounds.noiseVariance,
                                               foldSpreads: lrResult.trials.compactMap(\.foldSpread), folds: 3))
    }
    let bestLearningRate: (value: Double, score: Double)? = lrResult.best.flatMap { best in
        guard let lr = best.configuration["learningRate"]?.number, let score = best.score else { return nil }
        return (lr, score)
    }
    if let sentence = NoisyScoresReport.bestLearningRateSentence(lrResult.best) { lesson.say(sentence) }

    // MARK: Step 6, noisy scores: each trial's noise, and what to recommend

    lesson.step("Noisy scores: each trial's own noise, and what to recommend")
    lesson.say("""
        Each score above is a mean over 3 folds, so it has its own error bar: its standard error, the sample std of \
        the fold scores (dividing by 3 - 1) over sqrt(3). Rather than one shared noise variance for all trials \
        (homoscedastic noise), `.standard` gives the model each trial's squared standard error as that \
        observation's known noise (per-observation, or heteroscedastic, noise) and fits a shared noise only on top \
        of it. We give the same \(lrResult.trials.count) trials to a model with each settings, without training \
        anything again:
        """)
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
    let noiseRows = try lrResult.trials.indices.map { k in
        NoisyScoresReport.Row(trial: lrResult.trials[k].number,
                              learningRate: try tried[k].double("learningRate"),
                              mean: lrResult.trials[k].score ?? .nan,
                              standardError: variances[k].map { $0.squareRoot() },
                              old: oldPosterior[k], new: newPosterior[k])
    }
    lesson.show(NoisyScoresReport.table(noiseRows))
    let gridConfigurations = grid.map { newModel.encoding.decode([$0]) }
    lesson.show(GaussianProcessPictures.band(
        posterior: try newModel.posterior(at: gridConfigurations)!,
        x: try gridConfigurations.map { try $0.double("learningRate") }, xScale: .log10,
        observations: noiseRows.map { (x: $0.learningRate, y: $0.mean) },
        title: "The .standard model of all \(noiseRows.count) trials (log scale)", xLabel: "learning rate",
        yLabel: "mean CV accuracy"))
    let oldFit = try oldModel.fittedToEveryObservation()!, newFit = try newModel.fittedToEveryObservation()!
    lesson.say(NoisyScoresReport.noiseStory(noiseRows, oldNoise: oldFit.model.hyperparameters.noiseVariance,
                                            oldBounds: oldModel.hyperparameterBounds.noiseVariance,
                                            newNoise: newFit.model.hyperparameters.noiseVariance,
                                            newBounds: newModel.hyperparameterBounds.noiseVariance))
    let resolved = bestMean.rule == .posteriorMean
        ? "the best posterior mean, its rule for trials that report fold scores"
        : "the best observation (its rule found no fold scores)"
    lesson.say("""
        Which configuration should the search hand back? `recommendation(by: .bestObservation)` returns the trial \
        with the best observed score, `.legacy`'s rule; `recommendation()` with `.standard` returns the one with \
        \(resolved).
        """)
    lesson.say(NoisyScoresReport.recommendationStory(luckiest: luckiest, bestMean: bestMean, rows: noiseRows,
                                                     folds: lrResult.trials.map(\.evaluation.foldScores)))

    // MARK: Step 7, several hyperparameters against random search

    lesson.step("Three hyperparameters at once, against random search")
    let space = try SearchSpace([.real("learningRate", low: 1e-4, high: 0.1, scale: .log),
                                 .integer("batchSize", low: 10, high: 40),
                                 .integer("hiddenUnits", low: 2, high: 32, scale: .log)])
    let initial = quick ? 3 : 4
    let budget = initial + guided
    let comparisonEpochs = quick ? 20 : 50
    let comparisonSeeds = lesson.arguments.seeds(quick ? 1 : 3)
    lesson.say("""
        Learning rate, batch size and hidden units, \(budget) trials per method (Bayesian optimisation: \(initial) \
        initial + \(guided) guided), 3-fold CV with \(comparisonEpochs) epochs, on \
        \(Format.counted(comparisonSeeds.count, "seed")); each seed draws a new split, new folds and new initial \
        weights, shared by both methods. Bayesian optimisation keeps `.legacy` here, so that the heatmaps below \
        show accuracies directly (`.standard` models transformed scores); step 8 runs `.standard` on the same seeds. \
        The first seed's Bayesian optimisation prints its trials as they run.
        """)
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
    let checkpoints = BayesComparison.checkpoints(initial: initial, budget: budget, defaultBudget: initial + defaultGuided)
    lesson.show(BayesComparison.medianTable([("random search", curves.random), ("Bayesian optimisation", curves.bayes)],
                                            checkpoints: checkpoints, initial: initial))
    lesson.say("""
        Over these seeds, \(comparison.verdict). The sign test asks how surprising that split of wins would be if \
        both methods were equally good, so that each seed were a coin toss: p is the probability of a split at \
        least this lopsided (ties left out), and only p < 0.05 names a winner.\
        \(comparison.smallSampleNote.map { " " + $0 } ?? "")
        """)
    if let (result, searcher) = bayesRuns.first, let model = searcher.model, let best = result.best,
       let incumbent = searcher.steps.last?.incumbent ?? best.score {
        let units = best.configuration["hiddenUnits"]?.description ?? "-"
        lesson.say("""
            Inside the model that the first seed's search fitted before its last trial (so the last trial is not in \
            it yet): mean, standard deviation and expected improvement over learning rate and batch size, with \
            hidden units fixed at the best trial's \(units). The o marks show every trial of that seed at its own \
            learning rate and batch size, whatever its hidden units: a trial with other hidden units informs this \
            slice only partly.
            """)
        let maps = try GaussianProcessPictures.heatmaps(
            model: model, base: searcher.encoding.encode(best.configuration),
            xAxis: (0, "learning rate", 1e-4...0.1, .log10), yAxis: (1, "batch size", 10...40, .linear),
            integerY: true, acquisition: .expectedImprovement(xi: 0), incumbent: incumbent, direction: .maximize,
            observations: GaussianProcessPictures.trialPoints(result, x: "learningRate", y: "batchSize"),
            observationName: "trials (any hidden units)")
        for panel in maps.panels { lesson.show(panel) }
        lesson.say(try BayesComparison.pictureStory(model: model, encoding: searcher.encoding, trials: result.trials,
                                                    lastStep: searcher.steps.last, maps: maps, axes: (0, 1)))
    }

    // MARK: Step 8, old defaults against new, over seeds

    lesson.step("Old defaults against new, over seeds")
    let camel = TestFunctions.suite.first { $0.name == "six-hump-camel" }!
    let camelBox = zip(camel.lower, camel.upper).map { $0...$1 }
    let camelBudget = quick ? 15 : 20
    let camelSeeds = lesson.arguments.seeds(quick ? 5 : 10)
    lesson.say("""
        Step 4 compared the two settings on one seed, one draw of luck. Here they search the same problems with the \
        same seeds, and each seed is a paired comparison: the Forrester function (\(forresterSeeds.count) seeds, \
        step 1's \(forresterInitial + iterations) evaluations); the six-hump camel function, (4 - 2.1 x1^2 + \
        x1^4 / 3) x1^2 + x1 x2 + (4 x2^2 - 4) x2^2 on \
        \(camelBox.map { "[\(Format.compact($0.lowerBound)), \(Format.compact($0.upperBound))]" }.joined(separator: " x ")), \
        with six local minima, two of them global (\(Format.fixed(camel.minimum, 4))), \(camelSeeds.count) seeds of \
        \(camelBudget) evaluations; and step 7's network, with its seeds, objectives and budget. On a test function \
        a seed's number is the regret, the value at the recommended point minus the true minimum (lower is \
        better); on the network, the best mean CV accuracy found (higher is better).
        """)
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
    lesson.say("""
        What their guided proposals did: how many had a coordinate exactly on a face of the box (its lowest or \
        highest value), and at how many the fit put the noise variance at the top of its range:
        """)
    lesson.show(OldAgainstNewReport.proposalTable(oldAgainstNew))
    lesson.say("On the network, step 7's median table with the new defaults added:")
    lesson.show(BayesComparison.medianTable([("random search", curves.random), ("BO .legacy", curves.bayes),
                                             ("BO .standard", curves.standard)],
                                            checkpoints: checkpoints, initial: initial))
    lesson.say(OldAgainstNewReport.story(oldAgainstNew))

    // MARK: Summary and exercises

    let forresterRegret = bestForrester.y - TestFunctions.forresterMinimum
    // Each rerun carries this run's options except the one its exercise sets itself.
    let again = (iterations: lesson.rerunFlags(changing: ["iterations"]), xi: lesson.rerunFlags(changing: ["xi"]),
                 seed: lesson.rerunFlags(withSeed: false), guided: lesson.rerunFlags(changing: ["guided"]))
    /// The exercises, each check computed in this run.
    func exercises() throws -> [Exercise] {
        // 1. More guided steps: the same searches, continued (their first trials repeat).
        let more = iterations < 10 ? 10 : (iterations < 30 ? min(30, iterations + 5) : 20)
        let continued = try forresterSearch(seed: seed, guided: more)
        let continuedNew = try forresterSearch(seed: seed, guided: more, settings: .standard)
        func bestPoint(_ run: MinimizationResult) -> String {
            "x = \(Format.fixed(run.x[0], 4)) with f = \(Format.fixed(run.value, 4))"
        }
        // 2. Where expected improvement's pick jumps away from the best observation, as xi grows.
        let xiPicks = picks((0...100).map { Double($0) / 10 }, { .expectedImprovement(xi: $0 * sd) }, p)
        let xiCheck = BayesLessonReport.jumpPhrase(xiPicks, knob: "xi").map { "the '(--xi)' row's next x " + $0 }
            ?? "the '(--xi)' row's next x never jumps for xi up to 10: it stays within "
                + "\(Format.fixed(xiPicks.farthest(from: bestX), 3)) of the best observation, x = \(Format.fixed(bestX, 3))"
        // 3. Another seed's learning-rate search, its two recommendations, and its winner
        //    scored on this run's folds.
        let otherSeed: UInt64 = seed == 1 ? 2 : 1
        var otherTuner = try learningRateTuner(try learningRateTuning(seed: otherSeed))
        let other = try otherTuner.run()
        var otherModel = try BayesianOptimization(space: lrSpace, direction: .maximize, initPoints: 1, nIter: 0,
                                                  settings: .standard, seed: otherSeed)
        for trial in other.trials { otherModel.observe(trial) }
        var rules: (luckiest: BayesianRecommendation, bestMean: BayesianRecommendation)?
        if let luckiest = try otherModel.recommendation(by: .bestObservation), let bestMean = try otherModel.recommendation() {
            rules = (luckiest, bestMean)
        }
        let rescored = other.best.map { tuning.objective().evaluate($0.configuration) }
        // 4. More guided trials: every table row up to this run's budget repeats.
        let moreGuided = guided == 0 ? 8 : 2 * guided
        let shared = BayesComparison.checkpoints(initial: initial, budget: initial + moreGuided,
                                                 defaultBudget: initial + defaultGuided).filter { $0 <= budget }.max()
        let randomMedian = BayesComparison.Curves.median(curves.random), bayesMedian = BayesComparison.Curves.median(curves.bayes)
        let repeatCheck = shared.map { t in
            "the first \(budget) trials of every run are this run's (same seeds, and no proposal depends on the "
                + "budget), so step 7's median table's row for trial \(t) reads random search "
                + "\(Format.fixed(randomMedian[t - 1], 3)) and Bayesian optimisation \(Format.fixed(bayesMedian[t - 1], 3)) "
                + "again; every change comes from trials \(budget + 1) to \(initial + moreGuided)."
        } ?? "the first \(budget) trials of every run are this run's; every change comes from the new trials."
        return [
            Exercise("Run with --iterations \(more)\(again.iterations). How close do the "
                     + "1-D searches get to the minimum -6.0207 with the old defaults (step 1) and the new (step 4)?",
                     check: "step 1 ends with \"After \(forresterInitial + more) evaluations the best point is "
                        + "\(bestPoint(continued))\", a gap of "
                        + "\(BayesLessonReport.gapText(continued.value - TestFunctions.forresterMinimum)) (this run: "
                        + "\(BayesLessonReport.gapText(forresterRegret)) after \(observed.count)); step 4 says \"the new "
                        + "defaults' is \(bestPoint(continuedNew))\", a gap of "
                        + "\(BayesLessonReport.gapText(continuedNew.value - TestFunctions.forresterMinimum)) (this run: "
                        + "\(BayesLessonReport.gapText(newRun.best.y - TestFunctions.forresterMinimum)))."),
            Exercise("Step 3 found the kappa at which the lower confidence bound's pick jumps away from the best "
                     + "observation. Find the same for expected improvement: try xi = 0.5, 1, 1.5, 2 with swift run "
                     + "Lesson4_BayesianOptimization --xi X\(again.xi), and watch the row "
                     + "marked (--xi).",
                     check: xiCheck + "."),
            Exercise("Rerun with --seed \(otherSeed)\(again.seed): step 5 searches the learning "
                     + "rate on another split, other folds and other initial weights. Does it find the same learning "
                     + "rate, do step 6's two rules agree, and is its winner really better or worse than this run's?",
                     check: NoisyScoresReport.otherSeedCheck(seed: otherSeed, winner: other.best, rules: rules,
                                                             thisWinner: lrResult.best, rescored: rescored)),
            Exercise("Give step 7's Bayesian optimisation more guided trials: swift run Lesson4_BayesianOptimization "
                     + "--guided \(moreGuided)\(again.guided). Before looking, predict which "
                     + "rows of its median table stay the same.",
                     check: repeatCheck),
            Exercise("Coding: write matern52, expectedImprovement, cholesky and gpPosterior (exercises 4.1 to 4.4 in "
                     + "Lessons/Exercises/Lesson4.swift): the kernel, the acquisition and R&W Algorithm 2.1 that this "
                     + "lesson ran.",
                     check: "swift run Check 4 says \"4 of 4 done\"; a wrong answer shows the input, the expected and "
                        + "your result, and a hint."),
        ]
    }

    var exploration = BayesLessonReport.jumpPhrase(kappaPicks, knob: "kappa").map {
        "with the hyperparameters fixed, the lower confidence bound's pick " + $0
    } ?? "with the hyperparameters fixed, no kappa up to 30 made the lower confidence bound's pick jump"
    exploration += fitted.picks.jump == nil ? "; with the fitted length scale of step 1, no kappa up to 30 did." : "."
    lesson.finish(summary: BayesLessonReport.summary(
        forresterRegret: forresterRegret, forresterTrials: observed.count,
        fittedLengthScale: finalModel.hyperparameters.lengthScales[0], exploration: exploration,
        learningRate: bestLearningRate, comparison: comparison) + BayesDefaultsReport.summary(
            newForresterRegret: newRun.best.y - TestFunctions.forresterMinimum, recommendation: (luckiest, bestMean),
            oldAgainstNew: oldAgainstNew),
                  exercises: try exercises())
}
