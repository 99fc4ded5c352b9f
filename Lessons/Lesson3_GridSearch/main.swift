// Lesson 3: grid search (the first article's third method, and the second article's grid).
//
// The article's 3 x 3 grid with 5-fold cross-validation, the second article's 3 x 3 x 3
// grid and what each extra hyperparameter costs, grid against random search at the same
// budget (measured over many problems and seeds), and the pitfalls of the articles' code.
//
//   swift run Lesson3_GridSearch [--quick] [--seed N] [--folds K]

import Experiments
import HyperSearch
import LabData
import LessonKit
import TextCharts

// MARK: Settings

let lesson = Lesson.start(
    program: "Lesson3_GridSearch", title: "Lesson 3: Grid search",
    summary: "Try every combination of a few values per hyperparameter, count the cost first, and compare with random search.",
    options: [LessonOption("folds", placeholder: "K", kind: .integer(2...10), help: "cross-validation folds (cv; default 5, 3 with --quick)")],
    usesData: true,
    dataHelp: "CSV file (numeric features, a 0/1 target in the last column) or dataset name")
let arguments = lesson.arguments
let quick = arguments.quick
let folds = arguments.integer("folds") ?? (quick ? 3 : 5)
let epochs = quick ? 30 : 100
let comparisonSeeds: [UInt64] = (0..<(quick ? 2 : 5)).map { arguments.seed &+ UInt64($0) }

// MARK: Data

let dataset = lesson.loadBinaryDataset(defaultName: "pima-diabetes", minimumPerClass: max(5, 2 * folds))
/// The same split and folds for every grid in this lesson; `epochs` as given.
@MainActor func makeTuning(seed: UInt64, folds: Int, epochs: Int) -> NetworkTuning {
    do {
        return try NetworkTuning(dataset: dataset, testFraction: 0.2, folds: folds,
                                 defaults: NetworkSettings(learningRate: 0.001, batchSize: 10, epochs: epochs), seed: seed)
    } catch {
        lesson.fail("\(error)", code: Lesson.ExitCode.dataError)
    }
}
let tuning = makeTuning(seed: arguments.seed, folds: folds, epochs: epochs)

/// Runs a grid to the end, one printed line per trial when `verbose`.
@MainActor func runGrid(_ grid: GridSearch, on tuning: NetworkTuning, verbose: Bool) -> SearchResult {
    do {
        var tuner = try Tuner(searcher: grid, objective: tuning.objective(), budget: .trials(grid.size))
        var progress = ProgressBar(label: "grid search", total: grid.size)
        if verbose { progress.printAbove(SearchNarration.header) }
        let result = try tuner.run { trial, state in
            progress.advance()
            if verbose { progress.printAbove(SearchNarration.line(trial, incumbent: state.incumbent)) }
        }
        progress.finish()
        if verbose { print("") }
        return result
    } catch {
        lesson.fail("\(error)")
    }
}

// MARK: Step 1, the first article's grid

lesson.step("The first article's grid: learning rate x batch size, cv=\(folds)")
let articleGrid: GridSearch
do {
    articleGrid = try GridSearch([.values("learningRate", [0.001, 0.01, 0.1]), .values("batchSize", [10, 20, 40])], limit: 100)
} catch {
    lesson.fail("\(error)")
}
lesson.code("""
    let grid = try GridSearch([.values("learningRate", [0.001, 0.01, 0.1]),
                               .values("batchSize", [10, 20, 40])], limit: 100)
    var tuner = try Tuner(searcher: grid, objective: tuning.objective(),
                          budget: .trials(grid.size))
    """)
lesson.say(GridLessonReport.costBeforeRunning(grid: articleGrid, folds: folds, epochsPerTraining: [epochs],
                                              trainingRows: tuning.training.count))
let articleResult = runGrid(articleGrid, on: tuning, verbose: true)
lesson.show(GridLessonReport.heatmap(articleResult, rows: "learningRate", columns: "batchSize",
                                     title: "Mean CV accuracy: learning rate x batch size"))
lesson.show(GridLessonReport.mainEffectBars(articleResult))
lesson.say(GridLessonReport.mainEffectStory(articleResult))
if let tie = GridLessonReport.tieNote(articleResult) { lesson.say(tie) }
if let best = articleResult.best {
    do {
        let refit = try tuning.refitAndTest(try tuning.settings(from: best.configuration))
        lesson.say(SearchLessonReport.refitStory(best: best, refit: refit, trainingRows: tuning.training.count,
                                                 testRows: tuning.test.count, scoredTrials: articleResult.scoredTrials))
    } catch {
        lesson.fail("\(error)")
    }
}

// MARK: Step 2, the second article's grid and the curse of dimensionality

lesson.step("The second article's grid: batch size x epochs x learning rate")
let secondGrid: GridSearch
do {
    secondGrid = try GridSearch([.values("batchSize", [32, 64, 128]), .values("epochs", [10, 20, 30]),
                                 .values("learningRate", [0.001, 0.01, 0.1])], limit: 100)
} catch {
    lesson.fail("\(error)")
}
lesson.say(GridLessonReport.costBeforeRunning(grid: secondGrid, folds: folds, epochsPerTraining: [10, 20, 30],
                                              trainingRows: tuning.training.count))
let secondResult = runGrid(secondGrid, on: tuning, verbose: false)
lesson.show(SearchReport.table(secondResult, sortedByRank: true, maxRows: 8))
lesson.say(GridLessonReport.secondGridStory(secondResult))
lesson.show(GridLessonReport.curseTable(measured: secondResult, folds: folds, trainingRows: tuning.training.count))
lesson.say(GridLessonReport.curseStory(measured: secondResult))

// MARK: Step 3, grid against random search

lesson.step("Grid against random search at the same budget")
lesson.say("""
    With 9 trials, a 3 x 3 grid tries only 3 distinct values of each hyperparameter; 9 \
    random configurations try up to 9 of each (a random integer can repeat). Bergstra and Bengio (2012) argue that this wins \
    when only a few hyperparameters matter. First a measured example where we know what \
    matters: quadratic bowls f(x, y) = (x - a)^2 + w (y - b)^2 on the unit square with \
    random optima (a, b), 200 of them, minimised by the grid {1/6, 1/2, 5/6}^2 and by 9 \
    uniform random points.
    """)
let onlyXMatters = GridVersusRandom.syntheticBowls(weight: 0, problems: 200, seed: arguments.seed)
let bothMatter = GridVersusRandom.syntheticBowls(weight: 1, problems: 200, seed: arguments.seed)
lesson.show(GridLessonReport.syntheticTable([("only x matters (w = 0)", onlyXMatters), ("both matter (w = 1)", bothMatter)]))
lesson.say(GridLessonReport.syntheticStory(onlyXMatters: onlyXMatters, bothMatter: bothMatter))
let comparisonFolds = 3, comparisonEpochs = quick ? 20 : 50
lesson.say("""
    Now the network. For each of \(comparisonSeeds.count) seeds (each a new split, new folds and \
    new initial weights, shared by both methods) we run the article's 3 x 3 grid and 9 random \
    configurations (log-uniform learning rate in [0.001, 0.1], batch size in 10...40). To \
    afford several seeds this comparison uses \(comparisonFolds) folds and \(comparisonEpochs) epochs.
    """)
var seedLines: [String] = []
let networkComparison: GridVersusRandom.Summary
do {
    networkComparison = try GridVersusRandom.network(
        makeTuning: { makeTuning(seed: $0, folds: comparisonFolds, epochs: comparisonEpochs) }, seeds: comparisonSeeds,
        onSeed: { seed, pairing in
            seedLines.append("  seed \(seed): best mean accuracy, grid \(Format.fixed(pairing.first, 3)), random \(Format.fixed(pairing.second, 3))")
        })
} catch {
    lesson.fail("\(error)")
}
lesson.show(seedLines.joined(separator: "\n"))
lesson.say(GridLessonReport.networkComparisonStory(networkComparison, mainEffects: GridVersusRandom.mainEffects(articleResult)))

// MARK: Step 4, pitfalls

lesson.step("Pitfalls in the articles' code, and how this API avoids them")
lesson.bullets(GridLessonReport.pitfalls(secondGrid: secondResult, folds: folds))

// MARK: Summary and exercises

let again = lesson.rerunFlags
let articleWinner = articleResult.best.map { "\($0.configuration)" } ?? "none"
let otherFolds = [3, 10].map { $0 == folds ? 5 : $0 }
let articleLead = SearchLessonReport.leadOverRunnerUp(articleResult).map { lead in
    "leads the runner-up by \(GridLessonReport.leadText(lead.lead))"
        + (lead.standardError.map { " with a standard error of \(Format.fixed($0, 3)) from the paired fold scores" } ?? "")
} ?? "has no runner-up"
let winsAtTenth = GridVersusRandom.syntheticBowls(weight: 0.1, problems: 200, seed: arguments.seed).secondWins
let winsAtThreeTenths = GridVersusRandom.syntheticBowls(weight: 0.3, problems: 200, seed: arguments.seed).secondWins
lesson.finish(summary: GridLessonReport.summary(article: articleResult, second: secondResult, folds: folds,
                                                synthetic: onlyXMatters, network: networkComparison),
              exercises: [
    Exercise("Add hidden units {5, 10, 20} as a third axis of the first grid (GridAxis.values(\"hiddenUnits\", ...)) "
             + "in a copy of this lesson, and predict its size and epochs before running it.",
             check: "27 configurations, \(Format.grouped(27 * folds)) trainings, \(Format.grouped(27 * folds * epochs)) "
             + "epochs: three times step 1's numbers."),
    Exercise("Rerun with --folds \(otherFolds[0])\(again) and with --folds \(otherFolds[1])\(again). Does the winner "
             + "of step 1 change?",
             check: "compare with this run's winner, \(articleWinner), which \(articleLead): a lead within about two "
             + "standard errors can change with the folds."),
    Exercise("In the synthetic bowls, how does random search's win count change with the weight w? Call "
             + "`GridVersusRandom.syntheticBowls(weight:problems:seed:)` with w = 0.1 and w = 0.3 in a copy of the lesson.",
             check: "with this seed and 200 problems, random search wins \(winsAtTenth) times at w = 0.1 and "
             + "\(winsAtThreeTenths) at w = 0.3 (computed in this run), against \(onlyXMatters.secondWins) at w = 0 and "
             + "\(bothMatter.secondWins) at w = 1."),
    Exercise("Set limit: 20 on the second grid in a copy of the lesson.",
             check: "step 1 runs as before; step 2 then stops the lesson before training any of its configurations, "
             + "with \"the grid has 27 configurations, more than the limit of 20; nothing was run\"."),
])
