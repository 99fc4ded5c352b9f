// Lesson 3: grid search.
//
// Follows the first article's third method, "grid search" (scikit-learn's GridSearchCV
// with cv=5 over the learning rate x batch size), and the second article's grid
// (batch size x epochs x learning rate). The lesson counts a grid's cost before running
// it, reads the results along each axis, shows why every extra hyperparameter multiplies
// the cost, and measures when random search beats a grid, over many problems and seeds.
//
//   swift run Lesson3_GridSearch [--quick] [--seed N] [--folds K] [--axis NAME=V1,V2,...]
//
// Read it top to bottom like a notebook: each step computes here, in plain sight, and
// GridReport.swift only turns the numbers into sentences, tables and charts.

import Experiments
import HyperSearch
import LabMath
import LessonKit
import TextCharts

// MARK: Settings

let lesson = Lesson.start(
    program: "Lesson3_GridSearch", title: "Lesson 3: Grid search",
    summary: "Try every combination of a few values per hyperparameter, count the cost first, and compare with "
        + "random search.",
    options: [
        LessonOption("folds", placeholder: "K", kind: .integer(2...10),
                     help: "cross-validation folds (cv; default 5, 3 with --quick)"),
        LessonOption("axis", placeholder: "NAME=V1,V2,...", kind: .text,
                     help: "add a third axis to step 1's grid: hiddenUnits or epochs, with whole-number values, "
                        + "e.g. --axis hiddenUnits=5,10,20",
                     // Checked with the other options, before the banner is printed.
                     validate: { text in
                         do { _ = try ExtraAxis.parse(text); return nil } catch { return "\(error)" }
                     }),
        LessonOption("limit", placeholder: "N", kind: .integer(1...1_000_000),
                     help: "the largest grid step 2 accepts (default 100); a larger grid is refused before it runs"),
    ],
    usesData: true,
    dataHelp: "CSV file (numeric features, a 0/1 target in the last column) or dataset name",
    // --help lists the datasets that fit the default 5 folds (2 x 5 rows of each class).
    datasetFits: { (try? $0.binaryLabels(minimumPerClass: 10)) != nil })

lesson.run {
    let quick = lesson.arguments.quick
    let folds = lesson.arguments.integer("folds") ?? (quick ? 3 : 5)
    let epochs = quick ? 30 : 100
    let extraAxis = try lesson.arguments.text("axis").map(ExtraAxis.parse)
    let secondGridLimit = lesson.arguments.integer("limit") ?? 100

    // MARK: Data

    let dataset = lesson.loadBinaryDataset(defaultName: "pima-diabetes", minimumPerClass: max(5, 2 * folds))
    // The same split and folds for every grid in this lesson: 20% of the rows are held
    // out as the test set, the rest cut into `folds` folds.
    func makeTuning(seed: UInt64, folds: Int, epochs: Int) throws -> NetworkTuning {
        try NetworkTuning(dataset: dataset, testFraction: 0.2, folds: folds,
                          defaults: NetworkSettings(learningRate: 0.001, batchSize: 10, epochs: epochs), seed: seed)
    }
    let tuning = try makeTuning(seed: lesson.arguments.seed, folds: folds, epochs: epochs)
    let rows = tuning.training.count

    // MARK: Step 1, the first article's grid

    lesson.step("The first article's grid: learning rate x batch size, cv=\(folds)")
    lesson.say("""
        The article's GridSearchCV tries every combination of 3 learning rates and 3 batch sizes and scores each by \
        \(folds)-fold cross-validation: the mean validation accuracy over \(folds) trainings, each on a different \
        fold. With --axis, a third hyperparameter joins the grid.
        """)
    // cell: article-grid
    let axes: [GridAxis] = [.values("learningRate", [0.001, 0.01, 0.1]),
                            .values("batchSize", [10, 20, 40])]
    let articleGrid = try GridSearch(axes + (extraAxis.map { [$0] } ?? []),
                                     limit: 100)
    // Known before anything runs (exercise 3.2 computes it):
    func cost(of grid: GridSearch, folds: Int) throws -> GridCost {
        try GridCost.of(grid: grid, folds: folds, rows: rows) { configuration in
            configuration["epochs"] == nil ? epochs
                                           : try configuration.integer("epochs")
        }
    }
    let articleCost = try cost(of: articleGrid, folds: folds)
    // end cell
    lesson.code(cell: "article-grid")
    lesson.say(GridReport.costBeforeRunning(valuesPerAxis: articleGrid.distinctValuesPerAxis, cost: articleCost,
                                            folds: folds, rows: rows, explainFolds: true))
    lesson.code(cell: "run-article-grid")
    // cell: run-article-grid
    var tuner = try Tuner(searcher: articleGrid, objective: tuning.objective(),
                          budget: .trials(articleGrid.size))
    let articleResult = try SearchNarration.run(&tuner, label: "grid search",
                                                total: articleGrid.size,
                                                verbose: true)
    // end cell
    let otherAxes = articleGrid.axes.map(\.name).filter { $0 != "learningRate" && $0 != "batchSize" }
    let cells = GridAverages.means(articleResult, rows: "learningRate", columns: "batchSize")
    lesson.show(GridReport.heatmap(cells, rowName: "learning rate", columnName: "batch size", otherAxes: otherAxes,
                                   better: articleResult.direction))
    if let note = GridReport.averagedCellNote(cells, otherAxes: otherAxes, result: articleResult) { lesson.say(note) }
    let effects = GridAverages.mainEffects(articleResult)
    lesson.show(GridReport.mainEffectBars(effects))
    // The sample standard deviation (dividing by k - 1), as a standard error needs.
    let typicalFoldSpread = SearchLessonReport.medianSpread(articleResult, deltaDegreesOfFreedom: 1)
    lesson.say(GridReport.mainEffectStory(effects, typicalFoldSpread: typicalFoldSpread, folds: folds,
                                          configurations: articleResult.scoredTrials))
    // The noise of a difference of two of step 1's learning-rate (or batch-size) means.
    let step1Noise = GridReport.differenceError(typicalFoldSpread: typicalFoldSpread, folds: folds,
                                                configurations: articleResult.scoredTrials, levels: 3)
    if let tie = GridReport.tieNote(articleResult) { lesson.say(tie) }
    if let best = articleResult.best {
        let refit = try tuning.refitAndTest(try tuning.settings(from: best.configuration))
        lesson.say(SearchLessonReport.refitStory(best: best, refit: refit, trainingRows: rows,
                                                 testRows: tuning.test.count, scoredTrials: articleResult.scoredTrials))
    }

    // MARK: Step 2, the second article's grid and the curse of dimensionality

    lesson.step("The second article's grid: batch size x epochs x learning rate")
    // cell: second-grid
    let secondGrid = try GridSearch([
        .values("batchSize", [32, 64, 128]),
        .values("epochs", [10, 20, 30]),
        .values("learningRate", [0.001, 0.01, 0.1]),
    ], limit: secondGridLimit)
    // end cell
    lesson.code(cell: "second-grid")
    // Epochs is an axis here: each configuration's trainings run its own number of epochs.
    let secondCost = try GridCost.of(grid: secondGrid, folds: folds, rows: rows) { try $0.integer("epochs") }
    lesson.say(GridReport.costBeforeRunning(valuesPerAxis: secondGrid.distinctValuesPerAxis, cost: secondCost,
                                            folds: folds, rows: rows, explainFolds: false))
    var secondTuner = try Tuner(searcher: secondGrid, objective: tuning.objective(), budget: .trials(secondGrid.size))
    let secondResult = try SearchNarration.run(&secondTuner, label: "grid search", total: secondGrid.size, verbose: false)
    lesson.show(SearchReport.table(secondResult, sortedByRank: true, maxRows: 8))
    let secondTie = GridReport.tieNote(secondResult)
    lesson.say(GridReport.secondGridStory(secondResult, tied: secondTie != nil, shownRows: 8, rows: rows))
    if let secondTie { lesson.say(secondTie) }
    if let winner = secondResult.best {
        // The learning rate that did worst in step 1, and the winner's rate by epochs here.
        let step1Rates = effects.first { $0.name == "learningRate" }?.levels.filter { $0.mean.isFinite }
        let byEpochs = GridAverages.means(secondResult, rows: "learningRate", columns: "epochs")
        let winningRow = byEpochs.rows.firstIndex { $0 == winner.configuration["learningRate"] }
        let meansAtWinningRate = winningRow.map { row in
            zip(byEpochs.columns, byEpochs.means[row]).map { (epochs: $0.0, mean: $0.1) }
        } ?? []
        if let story = GridReport.interactionStory(worstInStep1: step1Rates?.min { $0.mean < $1.mean },
                                                   step1Epochs: articleGrid.axes.first { $0.name == "epochs" }?.values
                                                       ?? [.number(Double(epochs))], winner: winner,
                                                   meansByEpochsAtWinningRate: meansAtWinningRate,
                                                   step1Range: effects.first { $0.name == "learningRate" }?.range,
                                                   noise: step1Noise) {
            lesson.say(story)
        }
    }
    lesson.show(GridReport.curseTable(measured: secondResult, folds: folds))
    lesson.say(GridReport.curseStory(measured: secondResult))

    // MARK: Step 3, grid against random search

    lesson.step("Grid against random search at the same budget")
    lesson.say("""
        With 9 trials, a 3 x 3 grid tries only 3 distinct values of each hyperparameter; 9 random configurations try \
        up to 9 of each. Bergstra and Bengio (2012) argue that this wins when only a few hyperparameters matter. First \
        a measured example where we know what matters: quadratic bowls f(x, y) = (x - a)^2 + w (y - b)^2 on the unit \
        square with random optima (a, b), 200 of them for each weight w, minimised by the grid {1/6, 1/2, 5/6}^2 (the \
        centres of a 3 x 3 partition, the best 3-value grid when the optimum could be anywhere) and by 9 uniform \
        random points. With w = 0 only x matters; with w = 1 both matter equally.
        """)
    lesson.code(cell: "bowls")
    // cell: bowls
    func bowls(weight w: Double, seed: UInt64) -> PairedComparison {
        var comparison = PairedComparison(firstName: "grid search",
                                          secondName: "random search",
                                          direction: .minimize)
        var problems = SeededGenerator(seed: seed)
        for problem in 0..<200 {
            let a = problems.nextDouble(), b = problems.nextDouble()
            func f(_ x: Double, _ y: Double) -> Double {
                (x - a) * (x - a) + w * (y - b) * (y - b)
            }
            let grid = [1.0 / 6, 0.5, 5.0 / 6]
            let gridBest = grid.flatMap { x in grid.map { f(x, $0) } }.min()!
            var draws = SeededGenerator(seed: seed, stream: UInt64(problem) + 1)
            let randomBest = (0..<9).map { _ in
                f(draws.nextDouble(), draws.nextDouble())
            }.min()!
            comparison.pairings.append(.init(first: gridBest,
                                             second: randomBest))
        }
        return comparison
    }
    // end cell
    let synthetic = [0, 0.1, 0.3, 1].map { w in (weight: w, comparison: bowls(weight: w, seed: lesson.arguments.seed)) }
    lesson.show(GridReport.syntheticTable(synthetic))
    lesson.say(GridReport.syntheticStory(synthetic))

    let comparisonSeeds = lesson.arguments.seeds(quick ? 2 : 5)
    let comparisonFolds = 3, comparisonEpochs = quick ? 20 : 50
    let box = 0.001...0.1
    lesson.say("""
        Now the network. For each of \(comparisonSeeds.count) seeds (each a new split, new folds and new initial \
        weights, shared by both methods) we run the article's 3 x 3 grid and 9 random configurations: learning rate \
        log-uniform in the grid's box [\(Format.compact(box.lowerBound)), \(Format.compact(box.upperBound))], batch \
        size a whole number in 10...40. To afford several seeds this comparison uses \(comparisonFolds) folds and \
        \(comparisonEpochs) epochs.
        """)
    lesson.code(cell: "network-comparison")
    // cell: network-comparison
    var network = PairedComparison(firstName: "grid search",
                                   secondName: "random search",
                                   direction: .maximize)
    let randomSpace = try SearchSpace([
        .real("learningRate", low: box.lowerBound, high: box.upperBound,
              scale: .log),
        .integer("batchSize", low: 10, high: 40)])
    var gridTrials: [Trial] = []  // every seed's grid, for step 3's ratio
    for seed in comparisonSeeds {
        let objective = try makeTuning(seed: seed, folds: comparisonFolds,
                                       epochs: comparisonEpochs).objective()
        var grid = try Tuner(searcher: GridSearch(axes, limit: 9),
                             objective: objective, budget: .trials(9))
        let draws = try RandomSearch(space: randomSpace, iterations: 9,
                                     seed: seed)
        var random = try Tuner(searcher: draws, objective: objective,
                               budget: .trials(9))
        let gridResult = try grid.run()
        gridTrials += gridResult.trials
        let pairing = PairedComparison.Pairing(
            first: gridResult.best?.score ?? .nan,
            second: try random.run().best?.score ?? .nan)
        network.pairings.append(pairing)
        print("  seed \(seed): best mean accuracy, grid "
              + "\(Format.fixed(pairing.first, 3)), random "
              + "\(Format.fixed(pairing.second, 3))")
    }
    // end cell
    print("")
    // The bowls ratio is read from these grids (the networks the comparison trained),
    // not from step 1's, which may have had other folds, epochs or a third axis.
    let gridEffects = GridAverages.mainEffects(of: gridTrials)
    let gridNoise = GridReport.differenceError(
        typicalFoldSpread: SearchLessonReport.medianSpread(of: gridTrials, deltaDegreesOfFreedom: 1),
        folds: comparisonFolds, configurations: gridTrials.filter { $0.score != nil }.count, levels: 3)
    lesson.say(GridReport.networkComparisonStory(network, gridEffects: gridEffects, noise: gridNoise, box: box,
                                                 bowls: synthetic, seeds: comparisonSeeds.count))

    // MARK: Step 4, pitfalls

    lesson.step("Pitfalls in the articles' code, and how this API avoids them")
    lesson.bullets(GridReport.pitfalls(secondGrid: secondResult))

    // MARK: Summary and exercises

    // Exercise 1: step 1's grid with hidden units as its third axis (replacing any
    // --axis of this run); exercise 2: step 1's grid with other folds.
    let hiddenGrid = try GridSearch(axes + [.values("hiddenUnits", [5, 10, 20])], limit: 100)
    let hiddenCost = try cost(of: hiddenGrid, folds: folds)
    let otherFolds = folds == 10 ? 4 : 10
    let otherFoldsCost = try cost(of: articleGrid, folds: otherFolds)
    lesson.finish(summary: GridReport.summary(article: articleResult, articleShape: articleGrid.distinctValuesPerAxis,
                                              second: secondResult, folds: folds, synthetic: synthetic, network: network),
                  exercises: [
        GridReport.hiddenAxisExercise(hiddenCost, thisRun: articleCost,
                                      rerunFlags: lesson.rerunFlags(changing: ["axis"])),
        GridReport.otherFoldsExercise(otherFolds, cost: otherFoldsCost, article: articleResult, rows: rows,
                                      rerunFlags: lesson.rerunFlags(changing: ["folds"])),
        Exercise("Make step 2's grid too large to run: swift run Lesson3_GridSearch --limit 20"
                 + lesson.rerunFlags(changing: ["limit"]),
                 check: "step 1 runs as before; then the lesson stops with \"the grid has 27 configurations, more than "
                    + "the limit of 20; nothing was run\" and exit status 1, before training anything in step 2."),
        Exercise("Coding: write gridSize, gridCost and gridCoordinates (exercises 3.1 to 3.3 in "
                 + "Lessons/Exercises/Lesson3.swift): the arithmetic step 1 printed before running.",
                 check: "swift run Check 3 says \"3 of 3 done\"; a wrong answer shows the input, the expected and "
                    + "your result, and a hint."),
    ])
}
