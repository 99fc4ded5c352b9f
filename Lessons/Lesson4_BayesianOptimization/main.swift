// Lesson 4: Bayesian optimisation.
//
// Follows the first article's fourth method, "Bayesian optimisation" (its bayes_opt
// example over learning rate and batch size). Watch a Gaussian process learn a known
// 1-D function and an acquisition function choose each next point; see what the
// kernel's length scale does and how the balance between exploration and exploitation
// moves the next trial; then tune the Pima network's learning rate (the article's
// objective never trains anything: we show that, then do it right), and three
// hyperparameters at once against random search over several seeds.
//
//   swift run Lesson4_BayesianOptimization [--quick] [--seed N] [--iterations N]
//                                          [--kappa K] [--xi X] [--guided N]
//
// Read it top to bottom like a notebook: each step computes here, in plain sight.
// BayesLessonReport.swift, BayesExplorationReport.swift and BayesComparison.swift only
// turn numbers into sentences and tables, GaussianProcessPictures.swift draws the
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
                     help: "guided steps on step 1's 1-D example (default 5, 2 with --quick)"),
        LessonOption("kappa", placeholder: "K", kind: .double(0...1_000),
                     help: "add the lower confidence bound mu - K sd to step 3's table"),
        LessonOption("xi", placeholder: "X", kind: .double(0...100),
                     help: "add expected improvement with xi = X standard deviations of the values to step 3's table"),
        LessonOption("guided", placeholder: "N", kind: .integer(0...40),
                     help: "guided trials per seed in step 5 (default 8, 3 with --quick)"),
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
    // Step 1's pictures and step 4's chart evaluate the model on 121 points of [0, 1].
    let grid = BayesLessonReport.unitGrid(121)

    // MARK: Data (checked now, so a bad --data file stops the lesson before any work)

    let dataset = lesson.loadBinaryDataset(defaultName: "pima-diabetes", minimumPerClass: 6)

    // MARK: Step 1, intuition on a known function

    lesson.step("Intuition: a Gaussian process learns the Forrester function")
    lesson.say("""
        f(x) = (6x - 2)^2 sin(12x - 4) on [0, 1] has a local minimum near x = 0.14 and its global minimum, -6.021, \
        at x = 0.757. We pretend not to know it and minimise it with Bayesian optimisation.

        Before any observation, a Gaussian process is a distribution over functions. Its kernel k(x, x') says how \
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
                Now the model takes over. Before fitting, the searcher rescales every input's range to [0, 1] (the \
                unit cube; x already is) and the observed values to mean 0 and standard deviation 1 (normalised \
                units), so a length scale is a fraction of the range and a variance a fraction of the values' \
                variance. It fits three numbers by maximising the marginal likelihood: the length scale, the signal \
                variance, and the noise variance, the variance of the random error it assumes in every observation \
                (the Forrester function has none).

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

    // One run is one draw of luck: the same search over 20 seeds (10 with --quick).
    let forresterObjective = Objective(name: "Forrester", direction: .minimize) { c in
        .score(TestFunctions.forrester(try c.double("x")))
    }
    func forresterSearch(seed: UInt64, guided: Int) throws -> (x: Double, y: Double) {
        var tuner = try Tuner(searcher: BayesianOptimization(space: forrester, direction: .minimize,
                                                             initPoints: forresterInitial, nIter: guided,
                                                             settings: .legacy, seed: seed),
                              objective: forresterObjective, budget: .trials(forresterInitial + guided))
        let result = try tuner.run()
        let best = result.best!             // every trial of this objective has a score
        return (try best.configuration.double("x"), best.score!)
    }
    let repeated = try lesson.arguments.seeds(quick ? 10 : 20).map { try forresterSearch(seed: $0, guided: iterations) }
    // 0.757249 is the Forrester function's minimiser (Forrester, Sobester and Keane, 2008).
    let overSeeds = (gaps: repeated.map { $0.y - TestFunctions.forresterMinimum },
                     inGlobalBasin: repeated.filter { abs($0.x - 0.757_249) < 0.05 }.count)
    lesson.say(BayesLessonReport.forresterStory(
        best: bestForrester, evaluations: observed.count, overSeeds: overSeeds, firstSeed: seed,
        repeatedPoints: BayesLessonReport.repeatedPoints(observed.map(\.x), tolerance: 0.001)))

    // MARK: Step 2, the length scale

    lesson.step("The kernel and its length scale")
    let finalModel = bo.model!    // iterations >= 1, so at least one guided step fitted a model
    lesson.say("""
        The length scale says how far an observation's influence reaches. The model above chose it by maximising \
        the marginal likelihood, p(observations | hyperparameters). Here are the same \(finalModel.count) \
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
    // Where the balance tips: the first kappa (and xi, for exercise 2) whose pick lies
    // more than 0.1 from the best observation.
    let radius = 0.1
    let kappas = (0...300).map { Double($0) / 10 }
    func threshold(_ values: [Double], _ acquisition: (Double) -> AcquisitionFunction,
                   _ p: GaussianProcessPrediction) -> BayesLessonReport.PickThreshold {
        let first = values.first { abs(fine[pick(acquisition($0), p)] - bestX) > radius }.map { value in
            let i = pick(acquisition(value), p)
            return (value: value, next: fine[i], standardDeviation: p.standardDeviation[i], mean: p.mean[i])
        }
        return .init(searched: values[0]...values[values.count - 1], step: values[1] - values[0], radius: radius,
                     first: first)
    }
    let kappaThreshold = threshold(kappas, { .confidenceBound(kappa: $0) }, p)
    let fittedPrediction = try early.predict(Matrix(rows: fine.count, columns: 1, elements: fine))
    let fittedPicks = kappas.map { fine[pick(.confidenceBound(kappa: $0), fittedPrediction)] }
    let priorSd = early.hyperparameters.signalVariance.squareRoot() * early.targetScale
    let fitted = (lengthScale: earlyLengthScale,
                  onLowerBound: BayesLessonReport.isOnLowerBound(earlyLengthScale, bo.hyperparameterBounds.lengthScale),
                  largestDistance: fittedPicks.map { abs($0 - bestX) }.max() ?? .nan,
                  atPrior: fittedPrediction.standardDeviation.filter { $0 >= 0.95 * priorSd }.count, gridCount: fine.count)
    lesson.say(BayesLessonReport.explorationStory(choices, bestObservation: bestX, threshold: kappaThreshold,
                                                  fitted: fitted))

    // MARK: Step 4, the learning rate of the Pima network

    lesson.step("Tuning the network's learning rate on \(dataset.name)")
    let lrEpochs = quick ? 30 : 100
    let lrGuided = quick ? 2 : 5
    let tuning = try NetworkTuning(dataset: dataset, testFraction: 0.2, folds: 3,
                                   defaults: NetworkSettings(learningRate: 0.001, batchSize: 10, epochs: lrEpochs),
                                   seed: seed)
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
    let lrSearch = try BayesianOptimization(space: lrSpace,
                                            direction: .maximize,
                                            initPoints: 3, nIter: lrGuided,
                                            settings: .legacy, seed: seed)
    var lrTuner = try Tuner(searcher: lrSearch, objective: tuning.objective(),
                            budget: .trials(3 + lrGuided))
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
    lesson.say("Done right, each trial trains the network with its learning rate (3-fold CV, \(lrEpochs) epochs):")
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
    if let (lr, score) = bestLearningRate {
        lesson.say("The best learning rate found: \(Format.compact(lr)), mean CV accuracy \(Format.fixed(score, 3)).")
    }

    // MARK: (to come) Step 5, noisy scores: per-observation noise and recommending by the posterior mean
    //
    // Goes here, after step 4 and on the same learning-rate search, once HyperSearch's
    // rewrite (issue 11) lands. It needs from the library: a BayesianOptimization that
    // takes each trial's noise from its fold scores (the squared standard error of its
    // mean, Evaluation.foldScores) instead of one fitted noise variance, and its
    // recommendation() (the configuration with the best posterior mean over all
    // observations). The step would rerun `lrSearch`'s search noise-aware, draw its model
    // next to the picture above, and set recommendation() against `lrResult.best` (the
    // luckiest observation), with BayesLessonReport.noiseNote's numbers as the bridge.
    // The steps below are then renumbered by Lesson.step itself.

    // MARK: Step 5, several hyperparameters against random search

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
        weights, shared by both methods. The first seed's Bayesian optimisation prints its trials as they run.
        """)
    lesson.code(cell: "comparison")
    // cell: comparison
    var comparison = PairedComparison(firstName: "random search",
                                      secondName: "Bayesian optimisation",
                                      direction: .maximize)
    var curves = BayesComparison.Curves()
    var watched: (result: SearchResult, searcher: BayesianOptimization)?
    for s in comparisonSeeds {
        let objective = try NetworkTuning(
            dataset: dataset, testFraction: 0.2, folds: 3,
            defaults: NetworkSettings(epochs: comparisonEpochs), seed: s
        ).objective()
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
        if first, let searcher = bayes.searcher as? BayesianOptimization {
            watched = (bayesResult, searcher)
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
    lesson.show(BayesComparison.medianTable(curves, checkpoints: checkpoints, initial: initial))
    lesson.say("""
        Over these seeds, \(comparison.verdict). The sign test asks how surprising that split of wins would be if \
        both methods were equally good, so that each seed were a coin toss: p is the probability of a split at \
        least this lopsided (ties left out), and only p < 0.05 names a winner.\
        \(comparison.smallSampleNote.map { " " + $0 } ?? "")
        """)
    if let (result, searcher) = watched, let model = searcher.model, let best = result.best,
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

    // MARK: (to come) Old defaults against new defaults
    //
    // Goes here, after step 5, once HyperSearch's rewrite (issue 11) keeps the old
    // settings selectable (e.g. `BayesianOptimization(..., settings: .legacy)` against
    // `.standard`). It needs no new lesson code beyond a second searcher per seed: run
    // step 1's `forresterSearch` over the same seeds and step 5's loop with both
    // settings (same seeds, same objectives), and compare them with a PairedComparison
    // and BayesComparison's median table, saying what each default changed and why.

    // MARK: Summary and exercises

    let again = lesson.rerunFlags
    let forresterRegret = bestForrester.y - TestFunctions.forresterMinimum
    /// The exercises, each check computed in this run.
    func exercises() throws -> [Exercise] {
        // 1. More guided steps: the same search, continued (its first trials repeat).
        let more = iterations < 10 ? 10 : (iterations < 30 ? min(30, iterations + 5) : 20)
        let continued = try forresterSearch(seed: seed, guided: more)
        // 2. Where expected improvement's pick leaves the best observation, as xi grows.
        let xiThreshold = threshold((0...100).map { Double($0) / 10 }, { .expectedImprovement(xi: $0 * sd) }, p)
        let xiCheck = xiThreshold.first.map { first in
            "the '(--xi)' row's next x stays within \(Format.compact(radius)) of x = \(Format.fixed(bestX, 3)) up to xi = "
                + "\(Format.compact(first.value - xiThreshold.step)) and jumps to x = \(Format.fixed(first.next, 3)) at "
                + "xi = \(Format.compact(first.value))"
        } ?? "the '(--xi)' row's next x stays within \(Format.compact(radius)) of x = \(Format.fixed(bestX, 3)) for every xi "
            + "up to 10"
        // 4. More guided trials: every table row up to this run's budget repeats.
        let moreGuided = guided == 0 ? 8 : 2 * guided
        let shared = BayesComparison.checkpoints(initial: initial, budget: initial + moreGuided,
                                                 defaultBudget: initial + defaultGuided).filter { $0 <= budget }.max()
        let randomMedian = BayesComparison.Curves.median(curves.random), bayesMedian = BayesComparison.Curves.median(curves.bayes)
        let repeatCheck = shared.map { t in
            "the first \(budget) trials of every run are this run's (same seeds, and no proposal depends on the "
                + "budget), so the median table's row for trial \(t) reads random search "
                + "\(Format.fixed(randomMedian[t - 1], 3)) and Bayesian optimisation \(Format.fixed(bayesMedian[t - 1], 3)) "
                + "again; every change comes from trials \(budget + 1) to \(initial + moreGuided)."
        } ?? "the first \(budget) trials of every run are this run's; every change comes from the new trials."
        let bestLine = lrResult.best.flatMap { best in best.score.map { score in
            Format.fixed(score, 3) + (best.foldSpread.map { " +/- " + Format.fixed($0, 3) } ?? "") } } ?? "-"
        return [
            Exercise("Run with --iterations \(more)\(again). How close does the 1-D search get to the minimum -6.0207?",
                     check: "step 1 ends with \"After \(forresterInitial + more) evaluations the best point is x = "
                        + "\(Format.fixed(continued.x, 4)) with f = \(Format.fixed(continued.y, 4))\", a gap of "
                        + "\(BayesLessonReport.gapText(continued.y - TestFunctions.forresterMinimum)) (this run: "
                        + "\(BayesLessonReport.gapText(forresterRegret)) after \(observed.count))."),
            Exercise("Step 3 found the kappa at which the lower confidence bound leaves the best observation. Find the "
                     + "same for expected improvement: try xi = 0.5, 1, 1.5, 2 with swift run "
                     + "Lesson4_BayesianOptimization --xi X\(again), and watch the row marked (--xi).",
                     check: xiCheck + "."),
            Exercise("Rerun with --seed 1 and --seed 2\(quick ? " (each with --quick)" : "") and compare the learning "
                     + "rate that step 4 finds.",
                     check: "this run found \(bestLearningRate.map { Format.compact($0.value) } ?? "-") (mean CV accuracy "
                        + "\(bestLine)). If the other seeds' winners lie far from it but score within about one fold "
                        + "spread of each other, accuracy is flat across those learning rates and the exact value matters "
                        + "little."),
            Exercise("Give step 5's Bayesian optimisation more guided trials: swift run Lesson4_BayesianOptimization "
                     + "--guided \(moreGuided)\(again). Before looking, predict which rows of the median table stay "
                     + "the same.",
                     check: repeatCheck),
            Exercise("Coding: write matern52, expectedImprovement, cholesky and gpPosterior (exercises 4.1 to 4.4 in "
                     + "Lessons/Exercises/Lesson4.swift): the kernel, the acquisition and R&W Algorithm 2.1 that this "
                     + "lesson ran.",
                     check: "swift run Check 4 says \"4 of 4 done\"; a wrong answer shows the input, the expected and "
                        + "your result, and a hint."),
        ]
    }

    let exploration = kappaThreshold.first.map { first in
        "with the hyperparameters fixed, the lower confidence bound left the best observation at kappa = "
            + "\(Format.compact(first.value)) (for x = \(Format.fixed(first.next, 3)))"
    } ?? "with the hyperparameters fixed, no kappa up to 30 moved the lower confidence bound's pick away"
    lesson.finish(summary: BayesLessonReport.summary(
        forresterRegret: forresterRegret, forresterTrials: observed.count,
        fittedLengthScale: finalModel.hyperparameters.lengthScales[0],
        exploration: exploration + (fitted.largestDistance <= radius
            ? "; with the fitted length scale of step 1, no kappa up to 30 did." : "."),
        learningRate: bestLearningRate, comparison: comparison),
                  exercises: try exercises())
}
