// Lesson 2: random search (the first article's second method).
//
// The article runs scikit-learn's RandomizedSearchCV(n_iter=10, cv=5) over lists of
// learning rates and batch sizes. We first show what that search really does, then
// run a proper random search: a log-uniform learning rate, integer batch sizes and
// hidden units, 5-fold cross-validation, a refit of the winner and one test score.
//
//   swift run Lesson2_RandomSearch [--trials N] [--folds K] [--seed N] [--quick]
//
// Read it top to bottom like a notebook: each step computes here, in plain sight, and
// RandomReport.swift only turns the numbers into sentences, tables and charts
// (Decades.swift counts draws per decade).

import Experiments
import HyperSearch
import LabMath
import LessonKit
import TextCharts

// MARK: Settings

let lesson = Lesson.start(
    program: "Lesson2_RandomSearch", title: "Lesson 2: Random search",
    summary: "Draw configurations at random (log-uniform where it matters), score each by 5-fold cross-validation, "
        + "refit the best.",
    options: [
        LessonOption("trials", placeholder: "N", kind: .integer(1...200),
                     help: "configurations to draw (n_iter; default 10, 6 with --quick)"),
        LessonOption("folds", placeholder: "K", kind: .integer(2...10),
                     help: "cross-validation folds (cv; default 5, 3 with --quick)"),
    ],
    usesData: true,
    dataHelp: "CSV file (numeric features, a 0/1 target in the last column) or dataset name",
    // --help lists the datasets that fit the default 5 folds (2 x 5 rows of each class).
    datasetFits: { (try? $0.binaryLabels(minimumPerClass: 10)) != nil })

lesson.run {
    let quick = lesson.arguments.quick
    let seed = lesson.arguments.seed
    let trials = lesson.arguments.integer("trials") ?? (quick ? 6 : 10)
    let folds = lesson.arguments.integer("folds") ?? (quick ? 3 : 5)
    let epochs = quick ? 30 : 100

    // MARK: Data

    let dataset = lesson.loadBinaryDataset(defaultName: "pima-diabetes", minimumPerClass: max(5, 2 * folds))
    // 20% of the rows are held out as the test set, the rest cut into `folds` folds.
    let tuning = try NetworkTuning(dataset: dataset, testFraction: 0.2, folds: folds,
                                   defaults: NetworkSettings(learningRate: 0.001, batchSize: 10, epochs: epochs,
                                                             hiddenUnits: 10),
                                   seed: seed)
    let rows = tuning.training.count

    // MARK: Step 1, the article's random search

    lesson.step("What the article's random search really does")
    lesson.say("""
        The article passes lists to RandomizedSearchCV: learning rate in {0.001, 0.01, 0.1} and batch size in \
        {10, 20, 40}, with n_iter=10. Lists make a finite space, and a random search over a finite space draws \
        without replacement (scikit-learn does this too). Let us draw from that space exactly as the lesson's \
        searcher would:
        """)
    // cell: article-space
    let articleSpace = try SearchSpace([
        .categorical("learningRate", [0.001, 0.01, 0.1]),
        .categorical("batchSize", [10, 20, 40])])
    var articleSearch = try RandomSearch(space: articleSpace, iterations: 10,
                                         seed: seed)
    var drawn: [Configuration] = []
    while let configuration = articleSearch.suggest() {
        drawn.append(configuration)
    }
    // end cell
    lesson.code(cell: "article-space")
    lesson.show(drawn.enumerated().map { "  draw \($0.offset + 1): \($0.element)" }.joined(separator: "\n"))
    let articleSize = articleSpace.size ?? 0
    lesson.say("""
        \(articleSearch.exhaustionNote.map { "The searcher says: " + $0 + "." } ?? "") With lists, "random search" \
        is just the \(articleSize)-point grid in a shuffled order: it cannot try a learning rate the lists do not \
        contain. Random search earns its keep with *distributions*. (Two more problems in the article's code: \
        scikit-learn cannot take a raw Keras model, it needs a wrapper whose parameters are the hyperparameters, \
        here `NetworkTuning.settings(from:)`; and `learning_rate` is the optimizer's argument, not the model's.)
        """)

    // MARK: Step 2, log-uniform learning rates

    lesson.step("Why the learning rate is drawn log-uniformly")
    lesson.say("""
        Useful learning rates span powers of ten. Drawn *uniformly* from [0.0001, 0.1], every stretch of equal \
        width is equally likely; drawn *log-uniformly*, the logarithm of the rate is uniform, so every decade \
        (0.0001 to 0.001, 0.001 to 0.01, ...) is equally likely. We drew 10,000 learning rates both ways and \
        counted how many fell in each decade:
        """)
    lesson.code(cell: "decades")
    // cell: decades
    let uniformSpace = try SearchSpace([
        .real("learningRate", low: 1e-4, high: 0.1)])
    let logSpace = try SearchSpace([
        .real("learningRate", low: 1e-4, high: 0.1, scale: .log)])
    let edges = Decades.edges(low: 1e-4, high: 0.1)  // 1e-4, 1e-3, 0.01, 0.1
    func shares(_ space: SearchSpace) throws -> [Double] {
        try Decades.shares(of: space, parameter: "learningRate", edges: edges,
                           draws: 10_000, seed: seed)
    }
    let uniformShares = try shares(uniformSpace)
    let logShares = try shares(logSpace)
    // end cell
    lesson.show(RandomReport.decadeTable(edges: edges, uniform: uniformShares, logUniform: logShares, trials: trials))
    lesson.say(RandomReport.decadeStory(edges: edges, uniform: uniformShares, logUniform: logShares, trials: trials))

    // MARK: Step 3, the search

    lesson.step("Random search with \(Format.counted(trials, "trial")) and \(folds)-fold cross-validation")
    lesson.say("""
        \(rows) rows take part in the search (\(tuning.test.count) are held out as the test set), cut once into \
        \(folds) stratified folds: a fold is one of the \(folds) parts, and stratified means each part keeps the \
        share of each class that the \(rows) rows have. Cross-validation scores a configuration by training the \
        article's network \(folds) times for \(Format.counted(epochs, "epoch")), each time on all folds but one \
        (standardised with those rows only) and scored on the one left out; the trial's score is the mean of the \
        \(folds) validation accuracies. In the log, "mean +/- std" is that mean and the standard deviation of the \
        \(folds) fold scores (the population one, dividing by \(folds), as scikit-learn's std_test_score), and '*' \
        marks the incumbent: the best trial so far.
        """)
    lesson.code(cell: "search")
    // cell: search
    let space = try SearchSpace([
        .real("learningRate", low: 1e-4, high: 0.1, scale: .log),
        .integer("batchSize", low: 10, high: 40),
        .integer("hiddenUnits", low: 2, high: 32, scale: .log)])
    let search = try RandomSearch(space: space, iterations: trials, seed: seed)
    var tuner = try Tuner(searcher: search, objective: tuning.objective(),
                          budget: .trials(trials))
    let result = try SearchNarration.run(&tuner, label: "random search",
                                         total: trials, verbose: true)
    // end cell

    // MARK: Step 4, reading the results

    lesson.step("Reading the results")
    lesson.show(SearchReport.table(result, sortedByRank: true))
    let tableNotes = SearchLessonReport.tableNotes(result).map { " " + $0 } ?? ""
    lesson.say("""
        The columns are scikit-learn's cv_results_: the rank by mean, the trial number, the hyperparameters, the \
        mean and std (population) of the fold scores, the fold scores themselves and the cost.\(tableNotes) The \
        search tried \(SearchNarration.distinctValues(result)) distinct values. \
        \(SearchLessonReport.spreadStory(result, rows: rows))
        """)
    lesson.show(RandomReport.scatter(result, parameter: "learningRate", scale: .log10))
    lesson.show(RandomReport.trajectory(result))
    lesson.say(RandomReport.trajectoryStory(result, rows: rows))

    // MARK: Step 5, refit and test

    lesson.step("Refit the best configuration and score the test set once")
    if let best = result.best {
        lesson.code(cell: "refit")
        // cell: refit
        let settings = try tuning.settings(from: best.configuration)
        let refit = try tuning.refitAndTest(settings)
        // end cell
        lesson.say(SearchLessonReport.refitStory(best: best, refit: refit, trainingRows: rows,
                                                 testRows: tuning.test.count, scoredTrials: result.scoredTrials))
    } else {
        lesson.say("Every trial failed or diverged, so there is nothing to refit.")
    }

    // MARK: Summary and exercises

    // Exercise 4's numbers: a range the lesson did not show, exactly and by drawing.
    let wide = (low: 1e-5, high: 1.0, below: 1e-3)
    let wideEdges = [wide.low, wide.below, wide.high]
    let wideUniform = try Decades.shares(of: SearchSpace([.real("learningRate", low: wide.low, high: wide.high)]),
                                         parameter: "learningRate", edges: wideEdges, draws: 10_000, seed: seed)
    let wideLog = try Decades.shares(of: SearchSpace([.real("learningRate", low: wide.low, high: wide.high, scale: .log)]),
                                     parameter: "learningRate", edges: wideEdges, draws: 10_000, seed: seed)

    // More trials, up to the option's maximum of 200; at 200, half as many instead.
    let moreTrials = trials < 30 ? 30 : trials >= 200 ? trials / 2 : min(200, 2 * trials)
    lesson.finish(summary: RandomReport.summary(result, edges: edges, uniform: uniformShares, logUniform: logShares,
                                                articleSize: articleSize),
                  exercises: [
        RandomReport.moreTrialsExercise(result, moreTrials: moreTrials,
                                        rerunFlags: lesson.rerunFlags(changing: ["trials"])),
        RandomReport.foldsExercise(result, folds: folds, rows: rows, rerunFlags: lesson.rerunFlags(changing: ["folds"])),
        // With one trial there is no lead to judge: the seed reruns leave --trials out.
        RandomReport.seedsExercise(result, rows: rows,
                                   rerunFlags: lesson.rerunFlags(withSeed: false, changing: trials < 2 ? ["trials"] : [])),
        RandomReport.wideRangeExercise(low: wide.low, high: wide.high, below: wide.below, trials: trials,
                                       measuredUniform: wideUniform[0], measuredLogUniform: wideLog[0]),
        Exercise("Coding: write logUniform, stratifiedFolds and foldMeanAndStandardError (exercises 2.1 to 2.3 "
                 + "in Lessons/Exercises/Lesson2.swift): step 2's sampling, step 3's folds, and how much a mean of "
                 + "fold scores can be trusted.",
                 check: "swift run Check 2 says \"3 of 3 done\"; a wrong answer shows the input, the expected and "
                    + "your result, and a hint."),
    ])
}
