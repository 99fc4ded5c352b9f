// Lesson 7: choosing a tuner.
//
// A student who finished the lessons asks: which tuner should I use, and can I trust
// the score of the configuration it found? This lesson answers both with measurements.
// It takes TPE (Optuna's default) apart one proposal at a time; races manual, grid,
// random, TPE and Bayesian optimisation at equal compute over many seeds, on test
// functions with known minima and on the network (where Hyperband joins them at equal
// epochs); measures how much the winner's score flatters it with nested
// cross-validation; and keeps a search in a file that survives an interruption.
//
//   swift run Lesson7_ChoosingATuner [--quick] [--seed N] [--seeds N] [--timing]
//
// Read it top to bottom like a notebook: each step computes here, in plain sight;
// the ...Report.swift files, TPEPictures.swift, WhichTuner.swift and Advice.swift only
// turn the numbers into sentences, tables and charts.

import Experiments
import Foundation
import HyperSearch
import LabData
import LabMath
import LessonKit
import TextCharts

// MARK: Settings

let lesson = Lesson.start(
    program: "Lesson7_ChoosingATuner", title: "Lesson 7: Choosing a tuner",
    summary: "TPE step by step; manual, grid, random, TPE, Bayesian optimisation and Hyperband side by side at equal "
        + "compute; "
        + "how optimistic the winner's score is; a search saved to a file that survives an interruption.",
    options: [
        LessonOption("seeds", placeholder: "N", kind: .integer(2...500),
                     help: "seeds of the test-function showdown (default 20, 4 with --quick)"),
        LessonOption("network-seeds", placeholder: "N", kind: .integer(1...100),
                     help: "seeds of the network showdown (default 6, 2 with --quick)"),
        LessonOption("optimism-seeds", placeholder: "N", kind: .integer(1...100),
                     help: "seeds of the nested cross-validation in step 5 (default 6, 1 with --quick)"),
        LessonOption("bo-search", placeholder: "cheap|default", kind: .text,
                     help: "how Bayesian optimisation searches for its next point: cheap (500 candidates, 2 "
                        + "refined, 2 likelihood restarts; this lesson's default, to afford 20 seeds) or default "
                        + "(the library's 2,000, 5 and 3; about 3 times slower)"),
        LessonOption("gamma", placeholder: "F", kind: .double(0.01...1),
                     help: "TPE's good fraction in step 1: gamma(n) = min(ceil(F n), 25) trials are good "
                        + "(default 0.1, Optuna's)"),
        LessonOption("interrupt-after", placeholder: "K", kind: .integer(0...11),
                     help: "step 6: the study is interrupted after trial K of 12 (default 5)"),
    ],
    usesData: true,
    dataHelp: "CSV file (numeric features, a 0/1 target in the last column) or dataset name")

lesson.run {
    let quick = lesson.arguments.quick
    let timing = lesson.arguments.timing
    let seeds = lesson.arguments.seeds(lesson.arguments.integer("seeds") ?? (quick ? 4 : 20))
    let networkSeeds = lesson.arguments.seeds(lesson.arguments.integer("network-seeds") ?? (quick ? 2 : 6))
    let optimismSeeds = lesson.arguments.seeds(lesson.arguments.integer("optimism-seeds") ?? (quick ? 1 : 6))
    let gamma = lesson.arguments.double("gamma") ?? 0.1
    let interruptAfter = lesson.arguments.integer("interrupt-after") ?? 5
    let cheapBO = try BOSearch.isCheap(lesson.arguments.text("bo-search"))
    // Trial budgets of the test functions (2-D and 6-D).
    let (fewTrials, manyTrials) = quick ? (15, 20) : (25, 40)
    // R: the epochs of every network trial; T: the network's trial budget.
    let epochs = quick ? 10 : 15
    let networkTrials = quick ? 8 : 16

    // MARK: Data

    let dataset = lesson.loadBinaryDataset(defaultName: "pima-diabetes", minimumPerClass: 10)
    let split = try PreparedSplit.classification(dataset, validationFraction: 0.2, testFraction: 0.2,
                                                 seed: lesson.arguments.seed)
    let network = HoldOutNetwork(data: split, epochs: epochs, seed: lesson.arguments.seed)

    // MARK: Step 1, TPE one proposal at a time

    lesson.step("TPE, one proposal at a time")
    lesson.say(TPEPictures.introduction(epochs: epochs, rows: split.train.x.rows, validationRows: split.validation.x.rows,
                                        data: (dataset.name, dataset.targetName, dataset.featureCount, dataset.targets),
                                        batchSize: network.defaults.batchSize, hiddenUnits: network.defaults.hiddenUnits))
    lesson.code(cell: "tpe-learning-rate")
    // cell: tpe-learning-rate
    let rateSpace = try SearchSpace([
        .real("learningRate", low: 1e-4, high: 1, scale: .log)])
    var settings = TPESettings()
    settings.goodFraction = gamma          // gamma(n) = min(ceil(gamma n), 25)
    let tpe = try TreeParzenEstimator(space: rateSpace, direction: .maximize,
                                      seed: lesson.arguments.seed,
                                      settings: settings)
    var tuner = try Tuner(searcher: tpe, objective: network.objective(),
                          budget: .trials(15))
    let firstTrials = try tuner.run()
    // What TPE will use for trial 16: the split, l(x) and g(x).
    // The tuner keeps its searcher as `any Searcher`; it is the TPE given
    // above, so the cast (as!) cannot fail.
    var model = tuner.searcher as! TreeParzenEstimator
    let groups = model.split()
    // Never nil (!): "learningRate" is in the space, and TPE never runs out
    // of proposals.
    let (l, g) = model.estimators(for: "learningRate")!
    let proposal = model.suggest()!          // trial 16's learning rate
    // end cell
    let picture = TPEPictures.Snapshot(result: firstTrials, split: groups, good: l, bad: g, proposal: proposal,
                                       step: model.steps.last!, settings: settings)
    lesson.show(TPEPictures.scoresChart(picture))
    lesson.say(TPEPictures.splitStory(picture))
    lesson.show(TPEPictures.densityChart(picture))
    lesson.say(TPEPictures.ratioStory(picture))
    lesson.show(TPEPictures.gammaTable(settings))

    lesson.say(TPEPictures.multivariateIntroduction)
    lesson.code(cell: "independent-or-joint")
    // cell: independent-or-joint
    var independent = TPESettings()
    independent.multivariate = false     // the 2011 paper's TPE
    var tpeVariants: [(TestProblem, PairedComparison)] = []
    for problem in [try ShowdownProblems.branin(trials: fewTrials),
                    try ShowdownProblems.hartmann6(trials: manyTrials)] {
        var comparison = PairedComparison(firstName: "independent",
                                          secondName: "multivariate",
                                          direction: .minimize)
        for seed in seeds {
            let (objective, truth) = problem.instance(seed)
            var finals: [Double] = []
            for variant in [independent, TPESettings()] {
                var tuner = try Tuner(
                    searcher: TreeParzenEstimator(space: problem.space,
                        direction: .minimize, seed: seed, settings: variant),
                    objective: objective, budget: .trials(problem.trials))
                let result = try tuner.run()
                let regret = try problem.regretCurve(result, truth: truth)
                finals.append(regret.last!)   // one point per trial, >= 1
            }
            comparison.pairings.append(.init(first: finals[0],
                                             second: finals[1]))
        }
        tpeVariants.append((problem, comparison))
    }
    // end cell
    lesson.show(TPEPictures.variantsTable(tpeVariants))
    lesson.say(TPEPictures.variantsStory(tpeVariants))

    // MARK: Step 2, the showdown on test functions

    lesson.step("The showdown on test functions: equal trials, \(seeds.count) seeds")
    lesson.say(ShowdownReport.contendersIntroduction(cheapBO: cheapBO, seeds: seeds.count))
    lesson.code(cell: "contenders")
    // cell: contenders
    let contenders: [Contender] = [
        Contender(name: "manual", mark: "m") { space, _, trials, _ in
            Plans.manual(space, trials: trials) },
        Contender(name: "grid", mark: "g") { space, _, trials, _ in
            try Plans.grid(space, trials: trials) },
        Contender(name: "random", mark: "r") { space, _, trials, seed in
            try RandomSearch(space: space, iterations: trials, seed: seed) },
        Contender(name: "TPE", mark: "t") { space, direction, _, seed in
            try TreeParzenEstimator(space: space, direction: direction,
                                    seed: seed) },
        Contender(name: "BO", mark: "b") { space, direction, trials, seed in
            var bo = try BayesianOptimization(space: space,
                direction: direction, initPoints: 5, nIter: trials - 5,
                seed: seed)
            if cheapBO { bo.candidateCount = 500; bo.refinements = 2
                         bo.fitRestarts = 2 }   // see --bo-search
            return bo },
        // Early stopping decides its own epochs: it races on the network only.
        Contender(name: "Hyperband", mark: "h", networkRace: { network,
                  space, budget, seed in
            try EarlyStoppingRace.hyperbandRace(network, space: space,
                                                budget: budget, seed: seed) }),
    ]
    let problems = [
        try ShowdownProblems.branin(trials: fewTrials),
        try ShowdownProblems.hartmann6(trials: manyTrials),
        try ShowdownProblems.noisyBranin(trials: fewTrials, noise: 1),
        try ShowdownProblems.categoricalBranin(trials: fewTrials)]
    // end cell
    // Test functions have no epochs: only searchers race there.
    let searchers = contenders.filter { $0.makeSearcher != nil }
    let random = searchers.firstIndex { $0.name == "random" }!
    lesson.show(ShowdownReport.problemTable(problems))
    lesson.code(cell: "showdown")
    // cell: showdown
    var standings: [Standings] = []
    var progress = ProgressBar(label: "showdown", total: problems.count)
    for problem in problems {
        // The seeds are independent: half of them run on each core, and
        // the results come back in seed order (the same bytes either way).
        let bySeed = try BothCores.map(seeds) { @Sendable seed in
            let (objective, truth) = problem.instance(seed)
            // searchers: the contenders that have makeSearcher (so !).
            return try searchers.map { contender in
                let search = try TimedSearch(contender.makeSearcher!(
                    problem.space, .minimize, problem.trials, seed),
                    objective: objective, budget: .trials(problem.trials))
                return Race(curve: try problem.regretCurve(search.result,
                                                            truth: truth),
                            search)
            }
        }
        standings.append(Standings(problem: problem.name,
                                   summary: problem.summary,
                                   contenders: searchers,
                                   direction: .minimize, bySeed: bySeed))
        progress.advance(note: problem.name)     // on stderr, on a terminal
    }
    progress.finish()
    // end cell
    for (k, table) in standings.enumerated() {
        lesson.show(ShowdownReport.regretChart(table, baseline: random))
        lesson.show(ShowdownReport.finalTable(table, baseline: random))
        lesson.say(ShowdownReport.finalStory(table, baseline: random, explain: k == 0))
    }
    lesson.show(ShowdownReport.workTable(standings, timing: timing))
    lesson.say(ShowdownReport.workStory(standings, timing: timing))

    // MARK: Step 3, the showdown on the network

    lesson.step("The showdown on the network: equal epochs, \(Format.counted(networkSeeds.count, "seed"))")
    let networkSpace = try SearchSpace([
        .real("learningRate", low: 1e-4, high: 1, scale: .log),
        .integer("batchSize", low: 8, high: 128, scale: .log),
        .integer("hiddenUnits", low: 2, high: 64, scale: .log)])
    let epochBudget = networkTrials * epochs
    lesson.say(ShowdownReport.networkIntroduction(dataset: dataset.name, space: networkSpace, trials: networkTrials,
                                                  epochs: epochs, budget: epochBudget, seeds: networkSeeds.count))
    let hyperband = try EarlyStoppingRace.hyperband(maxEpochs: epochs)
    lesson.say(ShowdownReport.hyperbandIntroduction(hyperband, budget: epochBudget))
    lesson.show(hyperband.bracketTable())
    lesson.code(cell: "network-showdown")
    // cell: network-showdown
    let bySeed = try BothCores.map(networkSeeds) { @Sendable seed in
        let data = try PreparedSplit.classification(dataset,
            validationFraction: 0.2, testFraction: 0.2, seed: seed)
        let problem = HoldOutNetwork(data: data, epochs: epochs, seed: seed)
        return try contenders.map { contender in
            if let race = contender.networkRace {    // decides its own epochs
                return try race(problem, networkSpace, epochBudget, seed)
            }
            // Room for extra trials if some diverge early: the epoch
            // budget is what stops every search.
            // A contender without networkRace has makeSearcher (!).
            let search = try TimedSearch(contender.makeSearcher!(
                networkSpace, .maximize, 2 * networkTrials, seed),
                objective: problem.objective(), budget: .epochs(epochBudget))
            let (curve, incumbent) = HoldOutNetwork.epochCurve(
                search.result, budget: epochBudget)
            var race = Race(curve: curve, search)
            race.testAccuracy = try incumbent.flatMap {
                try problem.testAccuracy($0.configuration) }
            return race
        }
    }
    let networkTable = Standings(problem: "network", summary: dataset.name,
                                 contenders: contenders,
                                 direction: .maximize, bySeed: bySeed)
    // end cell
    let networkRandom = contenders.firstIndex { $0.name == "random" }!
    lesson.show(ShowdownReport.accuracyChart(networkTable, baseline: networkRandom, epochsPerTrial: epochs))
    lesson.show(ShowdownReport.networkTable(networkTable, baseline: networkRandom))
    lesson.say(ShowdownReport.networkStory(networkTable, baseline: networkRandom, epochs: epochs))
    lesson.show(ShowdownReport.workTable([networkTable], timing: timing))

    // MARK: Step 4, which tuner when

    lesson.step("Which tuner when: what this run measured")
    lesson.bullets(ShowdownReport.whichToUseWhen(standings, network: networkTable, baseline: random,
                                                   networkBaseline: networkRandom, timing: timing))

    // MARK: Step 5, how optimistic the winner's score is

    lesson.step("How optimistic is the winner's score?")
    let counts = quick ? [1, 2, 4] : [1, 2, 4, 8, 16]
    let nestedEpochs = quick ? 5 : 10
    let tuning = try NetworkTuning(dataset: dataset, testFraction: 0.2, folds: 3,
                                   defaults: NetworkSettings(epochs: nestedEpochs), seed: lesson.arguments.seed)
    let labels = try tuning.training.classLabels()
    lesson.say(KeepingReport.optimismIntroduction(rows: tuning.training.count, counts: counts, epochs: nestedEpochs,
                                                  seeds: optimismSeeds.count))
    lesson.code(cell: "nested-cv")
    // cell: nested-cv
    // Train a configuration on fold.trainIndices of the training rows,
    // score it on fold.validationIndices. `fold: 0` picks the initial
    // weights (fold 0's stream, for every fold: the same weights always).
    let evaluate: (Configuration, Fold) throws -> Evaluation = { c, fold in
        try tuning.evaluate(tuning.settings(from: c), fold: 0, fold)
    }
    let curve = try WinnerOptimism.measure(
        trialCounts: counts, seeds: optimismSeeds, name: "accuracy",
        direction: .maximize,
        folds: { seed in try NestedCrossValidation.stratified(
            labels: labels, outerK: 3, innerK: 3, seed: seed) },
        // Outer fold k's search draws its own configurations (counts is
        // never empty, so counts.last! is its largest trial count).
        searcher: { seed, k in try RandomSearch(space: networkSpace,
            iterations: counts.last!,
            seed: WinnerOptimism.searchSeed(seed, outerFold: k)) },
        evaluate: evaluate)
    // end cell
    lesson.show(KeepingReport.optimismTable(curve))
    lesson.show(KeepingReport.optimismChart(curve))
    lesson.say(KeepingReport.optimismStory(curve))

    // MARK: Step 6, a study you can keep

    lesson.step("A study you can keep: save, interrupt, resume, export")
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("tuninglab-lesson7-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    lesson.say(KeepingReport.studyIntroduction(trials: 12, interruptAfter: interruptAfter))
    lesson.code(cell: "study")
    // cell: study
    let file = folder.appendingPathComponent("tpe-network.jsonl")
    let calls = CallCounter(), seed = lesson.arguments.seed
    func openStudy(_ file: URL) throws -> Study {
        try Study(file: file, space: networkSpace, seed: seed,
                  objective: calls.counting(network.objective()),
                  budget: .trials(12)) { seed in
            try TreeParzenEstimator(space: networkSpace,
                                    direction: .maximize, seed: seed)
        }
    }
    var study = try openStudy(file)
    for _ in 0..<interruptAfter { _ = try study.step() }
    // The program trains trial K + 1 and dies while writing it: the
    // file ends in the first bytes of its line, with no newline.
    _ = try Interruption.crashWhileWritingNextTrial(&study)
    let callsBefore = calls.count
    var resumed = try openStudy(file)            // the rerun after the crash
    let finished = try resumed.run()
    let callsAfter = calls.count - callsBefore
    // end cell
    let reference = folder.appendingPathComponent("uninterrupted.jsonl")
    var uninterrupted = try openStudy(reference)
    _ = try uninterrupted.run()
    let csv = folder.appendingPathComponent("tpe-network.csv")
    try StudyCSV.export(studyFile: file, to: csv)
    lesson.say(KeepingReport.resumeStory(first: study.resumption, resumed: resumed.resumption,
                                         callsBefore: callsBefore, callsAfter: callsAfter,
                                         finished: finished, interruptAfter: interruptAfter,
                                         sameBytes: try Data(contentsOf: file) == Data(contentsOf: reference),
                                         fileName: file.lastPathComponent))
    lesson.show(KeepingReport.fileExcerpt(try String(contentsOf: file, encoding: .utf8), name: file.lastPathComponent))
    lesson.show(KeepingReport.csvExcerpt(try String(contentsOf: csv, encoding: .utf8), name: csv.lastPathComponent))

    // MARK: Summary and exercises

    lesson.finish(summary: ShowdownReport.summary(standings, network: networkTable, baseline: random,
                                                  networkBaseline: networkRandom, optimism: curve),
                  exercises: ExerciseList.all(again: { lesson.rerunFlags(changing: [$0]) }, picture: picture, interruptAfter: interruptAfter,
                                              networkSeeds: networkSeeds.count))
}
