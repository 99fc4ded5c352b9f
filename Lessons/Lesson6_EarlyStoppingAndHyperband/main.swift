// Lesson 6: early stopping across a search (successive halving, Hyperband, pruning).
//
// The first article ends on cost: tuning is expensive because every trial trains a
// network to the end. This lesson stops poor trials early instead: it measures how well
// early epochs predict the final ranking, runs successive halving (Jamieson and
// Talwalkar 2016), Hyperband (Li et al. 2018) and Optuna's median pruning on the same
// configurations, and compares them with random search and Bayesian optimisation at
// the same number of epochs over several seeds.
//
//   swift run Lesson6_EarlyStoppingAndHyperband [--quick] [--seed N] [--seeds N]
//       [--max-epochs R] [--min-epochs r] [--eta E] [--trials N] [--rows N]
//
// Read it top to bottom like a notebook: each step computes here, in plain sight;
// SharedCurves.swift trains each configuration once for all methods (charging each
// method its own cost), Fidelity.swift holds the small computations on learning
// curves, and the *Report.swift files only turn numbers into sentences and charts.

import Experiments
import HyperSearch
import LabData
import LabMath
import LessonKit
import TextCharts

// MARK: Settings

let lesson = Lesson.start(
    program: "Lesson6_EarlyStoppingAndHyperband", title: "Lesson 6: Early stopping, successive halving, Hyperband",
    summary: "Stop poor trials early: learning curves, successive halving, Hyperband's brackets and median pruning, "
        + "compared with random search and Bayesian optimisation at the same number of epochs.",
    options: [
        LessonOption("max-epochs", placeholder: "R", kind: .integer(2...81),
                     help: "the most epochs a trial trains, R (default 9)"),
        LessonOption("min-epochs", placeholder: "r", kind: .integer(1...81),
                     help: "the first rung is R / eta^s_max, s_max = floor(log_eta(R / r)) (default 1)"),
        LessonOption("eta", placeholder: "E", kind: .integer(2...5),
                     help: "keep the best 1/eta of each rung (default 3)"),
        LessonOption("trials", placeholder: "N", kind: .integer(2...243),
                     help: "configurations trained to R in step 1 (default 27, 9 with --quick)"),
        LessonOption("seeds", placeholder: "N", kind: .integer(2...50),
                     help: "seeds of the comparison in step 5 (default 7, 2 with --quick)"),
        LessonOption("rows", placeholder: "N", kind: .integer(60...100_000),
                     help: "use the first N rows of the data (default 900, 450 with --quick; digits has 1797)"),
    ],
    usesData: true,
    dataHelp: "CSV file (numeric features, a class label 0, 1, 2, ... in the last column) or dataset name")

lesson.run {
    let quick = lesson.arguments.quick
    let seed = lesson.arguments.seed
    let maxEpochs = lesson.arguments.integer("max-epochs") ?? 9
    let minEpochs = lesson.arguments.integer("min-epochs") ?? 1
    let eta = lesson.arguments.integer("eta") ?? 3
    let trials = lesson.arguments.integer("trials") ?? (quick ? 9 : 27)
    let seeds = lesson.arguments.seeds(lesson.arguments.integer("seeds") ?? (quick ? 2 : 7))
    let rows = lesson.arguments.integer("rows") ?? (quick ? 450 : 900)
    let plan = try Fidelity.checkSettings(eta: eta, minEpochs: minEpochs, maxEpochs: maxEpochs, trials: trials)

    // MARK: Data

    let full = lesson.loadDataset(defaultName: "digits-8x8")
    let dataset = try Fidelity.firstRows(full, rows)
    // Each seed: a stratified 60/20/20 split, the scaler fitted on the training rows,
    // and every network of that seed starting from the same weights.
    func sharedCurves(seed: UInt64) throws -> SharedCurves {
        let data = try PreparedSplit.classification(dataset, validationFraction: 0.2, testFraction: 0.2, seed: seed)
        return SharedCurves(tuning: ResumableNetworkTuning(data: data, seed: seed))
    }
    let curves = try sharedCurves(seed: seed)
    let data = curves.tuning.data

    // MARK: Step 1, learning curves

    lesson.step("Every trial trains to the end: the cost, and what early epochs say")
    lesson.say(CurvesReport.opening(dataset: dataset, fullCount: full.count, data: data, maxEpochs: maxEpochs))
    lesson.code(cell: "space")
    // cell: space
    let space = try SearchSpace([
        .real("learningRate", low: 1e-4, high: 1, scale: .log),
        .integer("hiddenUnits", low: 4, high: 64, scale: .log),
        .integer("batchSize", low: 16, high: 512, scale: .log)])
    func randomSearch(seed: UInt64) throws -> RandomSearch {
        try RandomSearch(space: space, iterations: 100_000, seed: seed)
    }
    var fullTuner = try MultiFidelityTuner(
        searcher: randomSearch(seed: seed),
        scheduler: FullTraining(maxResource: maxEpochs),
        objective: curves.objective(), budget: .trials(trials))
    let fullRun = try fullTuner.run()
    // end cell
    lesson.say(CurvesReport.cost(fullRun, trials: trials, maxEpochs: maxEpochs))
    let truth = GroundTruth(fullRun)
    lesson.show(CurvesReport.allCurves(fullRun, truth: truth))
    let ranks = (1..<maxEpochs).map { k in
        Fidelity.EarlyRanking(epochs: k, correlation: fullRun.rankCorrelation(afterEpochs: k),
                              winnerRank: truth.winner.flatMap { truth.rank(of: $0, afterEpochs: k) },
                              ranked: truth.rankedCount(afterEpochs: k), entered: fullRun.trials.count)
    }
    lesson.show(CurvesReport.rankTable(ranks, eta: eta))
    lesson.say(CurvesReport.rankStory(ranks, truth: truth, eta: eta, maxEpochs: maxEpochs))

    // MARK: Step 2, successive halving

    lesson.step("Successive halving: keep the best 1/\(eta), train them \(eta) times longer")
    lesson.say(HalvingReport.halvingIntro(eta: eta, trials: trials, plan: plan))
    lesson.show(Brackets.table([plan]))
    lesson.code(cell: "halving")
    // cell: halving
    let halving = try SuccessiveHalving(eta: eta, minResource: minEpochs,
                                        maxResource: maxEpochs,
                                        initialTrials: trials, brackets: 1)
    var halvingTuner = try MultiFidelityTuner(
        searcher: randomSearch(seed: seed), scheduler: halving,
        objective: curves.objective(), budget: .epochs(trials * maxEpochs))
    let halvingRun = try halvingTuner.run()
    // end cell
    lesson.show(HalvingReport.funnel(halvingRun, truth: truth))
    lesson.show(MultiFidelityReport.rungTable(halvingRun))
    lesson.say(HalvingReport.keptWinnerStory(halvingRun, truth: truth, fullCost: fullRun.totalCost))

    // MARK: Step 3, Hyperband

    lesson.step("Hyperband: brackets that hedge against a bad minimum resource")
    lesson.say(HalvingReport.hedgeIntro(minEpochs: minEpochs, maxEpochs: maxEpochs))
    // The same configurations halved as each bracket s = s_max, ..., 0 would (first
    // rung R / eta^s): the step 1 curves answer every question, so no new training.
    var hedge: [HalvingReport.HedgeRow] = []
    for s in stride(from: plan.s, through: 0, by: -1) {
        let r = Fidelity.minimumResource(forBracket: s, eta: eta, maxEpochs: maxEpochs)
        var tuner = try MultiFidelityTuner(
            searcher: randomSearch(seed: seed),
            scheduler: SuccessiveHalving(eta: eta, minResource: r, maxResource: maxEpochs,
                                         initialTrials: trials, brackets: 1),
            objective: curves.objective(), budget: .epochs(trials * maxEpochs))
        hedge.append(HalvingReport.HedgeRow(result: try tuner.run()))
    }
    lesson.show(HalvingReport.hedgeTable(hedge, truth: truth))
    lesson.say(HalvingReport.hedgeStory(hedge, truth: truth))
    lesson.code(cell: "hyperband")
    // cell: hyperband
    let hyperband = try Hyperband(eta: eta, minResource: minEpochs,
                                  maxResource: maxEpochs, loops: 1)
    print(hyperband.bracketTable())    // before anything is trained
    // end cell
    print("")
    let loopEpochs = hyperband.plans.reduce(0) { $0 + $1.epochs }
    lesson.say(HalvingReport.bracketStory(hyperband, trials: trials, maxEpochs: maxEpochs))
    var hyperbandTuner = try MultiFidelityTuner(searcher: randomSearch(seed: seed), scheduler: hyperband,
                                                objective: curves.objective(), budget: .epochs(loopEpochs))
    let hyperbandRun = try hyperbandTuner.run()
    lesson.show(MultiFidelityReport.rungTable(hyperbandRun))
    lesson.say(HalvingReport.hyperbandStory(hyperbandRun, truth: truth))

    // MARK: Step 4, median pruning

    lesson.step("Median pruning: stop a trial that falls below the median")
    lesson.say(HalvingReport.pruningIntro())
    lesson.code(cell: "pruning")
    // cell: pruning
    var pruningTuner = try MultiFidelityTuner(
        searcher: randomSearch(seed: seed),
        scheduler: MedianPruner(maxResource: maxEpochs, startupTrials: 5),
        objective: curves.objective(), budget: .trials(trials))
    let pruningRun = try pruningTuner.run()
    let decisions = (pruningTuner.scheduler as? MedianPruner)?.decisions ?? []
    // end cell
    lesson.show(HalvingReport.pruningTable(decisions, maxRows: 8))
    lesson.say(HalvingReport.pruningStory(pruningRun, decisions: decisions, truth: truth, fullCost: fullRun.totalCost))

    // MARK: Step 5, equal compute over seeds

    lesson.step("Equal compute: five methods, \(loopEpochs) epochs each, over \(seeds.count) seeds")
    lesson.say(ComparisonReport.intro(budget: loopEpochs, maxEpochs: maxEpochs, seeds: seeds.count, eta: eta,
                                          sMax: plan.s, stepTwoTrials: trials))
    lesson.code(cell: "comparison")
    // cell: comparison
    var outcomes: [MethodOutcome] = []
    for seed in seeds {
        let curves = try sharedCurves(seed: seed)
        let (r, R) = (minEpochs, maxEpochs)
        let random = try randomSearch(seed: seed)
        let bayes = try BayesianOptimization(
            space: space, direction: .maximize,
            initPoints: 3, nIter: 1_000, seed: seed)
        let methods: [(any Searcher, any Scheduler)] = [
            (random, try FullTraining(maxResource: R)),
            (random, try SuccessiveHalving(eta: eta, minResource: r,
                                           maxResource: R)),
            (random, try Hyperband(eta: eta, minResource: r,
                                   maxResource: R)),
            (random, try MedianPruner(maxResource: R)),
            (bayes, try FullTraining(maxResource: R)),
        ]
        for (searcher, scheduler) in methods {
            var tuner = try MultiFidelityTuner(
                searcher: searcher, scheduler: scheduler,
                objective: curves.objective(), budget: .epochs(loopEpochs))
            let result = try tuner.run()
            // The chosen network, scored once on the test rows.
            let test = try result.best.flatMap { best in
                try curves.testAccuracy(of: best.configuration,
                                        afterEpochs: R) }
            outcomes.append(MethodOutcome(seed: seed, result: result,
                                          test: test))
        }
    }
    // end cell
    let comparison = Comparison(outcomes, budget: loopEpochs)
    lesson.show(ComparisonReport.seedTable(comparison))
    lesson.show(ComparisonReport.bands(comparison))
    lesson.show(ComparisonReport.summaryTable(comparison))
    lesson.say(ComparisonReport.signTestIntro(comparison))
    lesson.bullets(ComparisonReport.signTests(comparison))
    lesson.say(ComparisonReport.lostWinners(comparison, eta: eta))

    // MARK: Summary and exercises

    // This run's flags, without the one an exercise sets itself (never named twice).
    let again = { (changing: String) in lesson.rerunFlags(changing: [changing]) }
    var exercises: [Exercise] = []
    // A later first rung, if the run halves at least twice: the r of bracket s_max - 1
    // (Fidelity.minimumResource), whose first rung is this plan's second, so the rerun
    // still halves at least once. The exercise names the rungs the plans really have.
    if plan.s >= 2 {
        let later = Fidelity.minimumResource(forBracket: plan.s - 1, eta: eta, maxEpochs: maxEpochs)
        exercises.append(Exercise(
            "Predict Hyperband's brackets with the first rung at \(plan.rungs[1].epochs) epochs instead of "
                + "\(plan.rungs[0].epochs), then run: "
                + "swift run Lesson6_EarlyStoppingAndHyperband --min-epochs \(later)\(again("min-epochs"))",
            check: ComparisonReport.bracketCheck(try Brackets.hyperband(eta: eta, minResource: later,
                                                                         maxResource: maxEpochs))))
    }
    let otherEta = eta == 2 ? 3 : 2
    if let other = try? Brackets.successiveHalving(eta: otherEta, minResource: minEpochs, maxResource: maxEpochs,
                                                   initialTrials: trials) {
        exercises.append(Exercise(
            "Predict step 2's rungs with eta = \(otherEta) (the \(trials) trials cut to 1/\(otherEta) at each rung), "
                + "then run: swift run Lesson6_EarlyStoppingAndHyperband --eta \(otherEta)\(again("eta"))",
            check: ComparisonReport.rungCheck(other)))
    }
    // More seeds than this run has (at most the option's 50).
    let moreSeeds = seeds.count < 20 ? 20 : min(50, 2 * seeds.count)
    exercises.append(Exercise(
        "How many of \(moreSeeds) seeds must a method win (with no ties) for the sign test to call it better at "
            + "the 5% level?" + (moreSeeds > seeds.count ? " Then run with --seeds \(moreSeeds)\(again("seeds")) and "
                                                           + "see whether any verdict changes." : ""),
        check: ComparisonReport.seedsCheck(moreSeeds)))
    exercises.append(Exercise(
        "Coding: write halvingRungs, hyperbandBrackets, promotedTrials and medianPruningEpoch (exercises 6.1 to "
            + "6.4 in Lessons/Exercises/Lesson6.swift): the arithmetic and the rules this lesson ran.",
        check: "swift run Check 6 says \"4 of 4 done\"; a wrong answer shows the input, the expected and your "
            + "result, and a hint."))
    lesson.finish(summary: ComparisonReport.summary(truth: truth, ranks: ranks, halving: halvingRun,
                                                    fullRun: fullRun, comparison: comparison),
                  exercises: exercises)
}
