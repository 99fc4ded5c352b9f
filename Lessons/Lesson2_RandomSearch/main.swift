// Lesson 2: random search (the first article's second method).
//
// The article runs scikit-learn's RandomizedSearchCV(n_iter=10, cv=5) over lists of
// learning rates and batch sizes. We first show what that search really does, then
// run a proper random search: a log-uniform learning rate, integer batch sizes and
// hidden units, 5-fold cross-validation, a refit of the winner and one test score.
//
//   swift run Lesson2_RandomSearch [--trials N] [--folds K] [--seed N] [--quick]

import Experiments
import HyperSearch
import LabData
import LessonKit
import TextCharts

// MARK: Settings

let lesson = Lesson.start(
    program: "Lesson2_RandomSearch", title: "Lesson 2: Random search",
    summary: "Draw configurations at random (log-uniform where it matters), score each by 5-fold cross-validation, refit the best.",
    options: [
        LessonOption("trials", placeholder: "N", kind: .integer(1...200), help: "configurations to draw (n_iter; default 10, 6 with --quick)"),
        LessonOption("folds", placeholder: "K", kind: .integer(2...10), help: "cross-validation folds (cv; default 5, 3 with --quick)"),
    ],
    usesData: true,
    dataHelp: "CSV file (numeric features, a 0/1 target in the last column) or dataset name")
let arguments = lesson.arguments
let trials = arguments.integer("trials") ?? (arguments.quick ? 6 : 10)
let folds = arguments.integer("folds") ?? (arguments.quick ? 3 : 5)
let epochs = arguments.quick ? 30 : 100

// MARK: Data

let dataset = lesson.loadBinaryDataset(defaultName: "pima-diabetes", minimumPerClass: max(5, 2 * folds))
let tuning: NetworkTuning
do {
    tuning = try NetworkTuning(dataset: dataset, testFraction: 0.2, folds: folds,
                               defaults: NetworkSettings(learningRate: 0.001, batchSize: 10, epochs: epochs, hiddenUnits: 10),
                               seed: arguments.seed)
} catch {
    lesson.fail("\(error)", code: Lesson.ExitCode.dataError)
}

/// Runs a tuner to the end, printing one line per trial (and a progress bar on a terminal).
@MainActor func runSearch(_ searcher: any Searcher, budget: Int) -> SearchResult {
    do {
        var tuner = try Tuner(searcher: searcher, objective: tuning.objective(), budget: .trials(budget))
        var progress = ProgressBar(label: searcher.name, total: budget)
        progress.printAbove(SearchNarration.header)
        let result = try tuner.run { trial, state in
            progress.advance()
            progress.printAbove(SearchNarration.line(trial, incumbent: state.incumbent))
        }
        progress.finish()
        print("")
        return result
    } catch {
        lesson.fail("\(error)")
    }
}

// MARK: Step 1, the article's random search

lesson.step("What the article's random search really does")
lesson.say("""
    The article passes lists to RandomizedSearchCV: learning rate in {0.001, 0.01, 0.1} \
    and batch size in {10, 20, 40}, with n_iter=10. Lists make a finite space, and a random \
    search over a finite space draws without replacement (scikit-learn does this too). Let \
    us draw from that space exactly as the lesson's searcher would:
    """)
lesson.code("""
    let articleSpace = try SearchSpace([
        .categorical("learningRate", [0.001, 0.01, 0.1]),
        .categorical("batchSize", [10, 20, 40])])
    var search = try RandomSearch(space: articleSpace, iterations: 10, seed: \(arguments.seed))
    """)
let articleDraws: (drawn: [String], note: String?, size: Int)
do {
    let articleSpace = try SearchSpace([.categorical("learningRate", [0.001, 0.01, 0.1]),
                                        .categorical("batchSize", [10, 20, 40])])
    var search = try RandomSearch(space: articleSpace, iterations: 10, seed: arguments.seed)
    var drawn: [String] = []
    while let c = search.suggest() { drawn.append(c.description) }
    articleDraws = (drawn, search.exhaustionNote, articleSpace.size ?? 0)
} catch {
    lesson.fail("\(error)")
}
lesson.show(articleDraws.drawn.enumerated().map { "  draw \($0.offset + 1): \($0.element)" }.joined(separator: "\n"))
lesson.say("""
    \(articleDraws.note.map { "The searcher says: " + $0 + "." } ?? "") With lists, "random search" \
    is just the \(articleDraws.size)-point grid in a shuffled order: it cannot try a learning rate \
    the lists do not contain. Random search earns its keep with *distributions*. (Two more \
    problems in the article's code: scikit-learn cannot take a raw Keras model, it needs a \
    wrapper whose parameters are the hyperparameters, here `NetworkTuning.settings(from:)`; \
    and `learning_rate` is the optimizer's argument, not the model's.)
    """)

// MARK: Step 2, log-uniform learning rates

lesson.step("Why the learning rate is drawn log-uniformly")
let shares: [(decade: String, uniform: Double, logUniform: Double)]
do {
    shares = try SearchNarration.decadeShares(low: 1e-4, high: 0.1, draws: 10_000, seed: arguments.seed)
} catch {
    lesson.fail("\(error)")
}
var decadeTable = Table(columns: [.init("learning rate", alignment: .left), .init("uniform"),
                                  .init("log-uniform"), .init("in \(Format.counted(trials, "trial")): uniform"),
                                  .init("log-uniform")])
for row in shares {
    decadeTable.addRow([row.decade, Format.percent(row.uniform), Format.percent(row.logUniform),
                        Format.fixed(row.uniform * Double(trials), 1), Format.fixed(row.logUniform * Double(trials), 1)])
}
lesson.say("""
    Useful learning rates span powers of ten. We drew 10,000 learning rates from \
    [0.0001, 0.1] both ways and counted how many fell in each decade:
    """)
lesson.show(decadeTable.render())
lesson.say(SearchLessonReport.decadeStory(shares, trials: trials))

// MARK: Step 3, the search

lesson.step("Random search with \(Format.counted(trials, "trial")) and \(folds)-fold cross-validation")
let space: SearchSpace
do {
    space = try SearchSpace([.real("learningRate", low: 1e-4, high: 0.1, scale: .log),
                             .integer("batchSize", low: 10, high: 40),
                             .integer("hiddenUnits", low: 2, high: 32, scale: .log)])
} catch {
    lesson.fail("\(error)")
}
lesson.code("""
    let space = try SearchSpace([
        .real("learningRate", low: 1e-4, high: 0.1, scale: .log),
        .integer("batchSize", low: 10, high: 40),
        .integer("hiddenUnits", low: 2, high: 32, scale: .log)])
    let search = try RandomSearch(space: space, iterations: \(trials), seed: \(arguments.seed))
    var tuner = try Tuner(searcher: search, objective: tuning.objective(),
                          budget: .trials(\(trials)))
    """)
lesson.say("""
    \(tuning.training.count) rows take part in the search (\(tuning.test.count) are held out), \
    cut once into \(folds) stratified folds. Each trial trains the article's network \(folds) \
    times for \(epochs) epochs, each time standardising with that fold's training rows only, \
    and scores the mean validation accuracy. '*' marks the incumbent (best so far).
    """)
let search: RandomSearch
do {
    search = try RandomSearch(space: space, iterations: trials, seed: arguments.seed)
} catch {
    lesson.fail("\(error)")
}
let result = runSearch(search, budget: trials)

// MARK: Step 4, reading the results

lesson.step("Reading the results")
lesson.show(SearchReport.table(result, sortedByRank: true))
lesson.say("""
    The search tried \(SearchNarration.distinctValues(result)) distinct values. \
    \(SearchLessonReport.spreadStory(result))
    """)
lesson.show(SearchLessonReport.scatter(result, parameter: "learningRate", scale: .log10))
lesson.show(SearchLessonReport.trajectory(result))

// MARK: Step 5, refit and test

lesson.step("Refit the best configuration and score the test set once")
if let best = result.best {
    do {
        let settings = try tuning.settings(from: best.configuration)
        lesson.code("""
            let settings = try tuning.settings(from: result.best!.configuration)
            let refit = try tuning.refitAndTest(settings)
            """)
        let refit = try tuning.refitAndTest(settings)
        lesson.say(SearchLessonReport.refitStory(best: best, refit: refit, trainingRows: tuning.training.count,
                                                 testRows: tuning.test.count, scoredTrials: result.scoredTrials))
    } catch {
        lesson.fail("\(error)")
    }
} else {
    lesson.say("Every trial failed or diverged, so there is nothing to refit.")
}

// MARK: Summary and exercises

let again = lesson.rerunFlags
let bestScore = result.best?.score.map { Format.fixed($0, 3) } ?? "-"
let medianSpread = Format.fixed(SearchLessonReport.medianSpread(result), 3)
let bottomDecade = shares.first ?? (decade: "-", uniform: 0, logUniform: 0)
// Suggested values always differ from this run's.
let moreTrials = trials < 30 ? 30 : min(200, 2 * trials)
let otherFolds = [2, 10].map { $0 == folds ? 5 : $0 }
let seedFlags = lesson.rerunFlags(withSeed: false).isEmpty ? "" : ", each with" + lesson.rerunFlags(withSeed: false)
let leadCheck = SearchLessonReport.leadOverRunnerUp(result).map { lead in
    "in this run the winner led the runner-up by \(SearchLessonReport.leadText(lead.lead))"
        + (lead.standardError.map { " (standard error \(Format.fixed($0, 3)) from the paired fold scores)" } ?? "")
        + "; winners that change with the seed while leading by less than about two standard errors are not really better."
} ?? "this run scored fewer than two trials, so there is no lead to compare; see how much the winners' scores differ."
lesson.finish(summary: SearchLessonReport.randomSearchSummary(result, shares: shares, articleSize: articleDraws.size),
              exercises: [
    Exercise("Run with --trials \(moreTrials)\(again). Does the best mean accuracy improve on this run's \(bestScore)?",
             check: "the trial log shows the incumbent '*'; with the same seed the first \(Format.counted(trials, "trial")) "
             + "\(trials == 1 ? "is" : "are") identical to this run's, so the best can only stay or improve."),
    Exercise("Run with --folds \(otherFolds[0])\(again) and then --folds \(otherFolds[1])\(again) and compare the results "
             + "table's 'mean' and 'std' columns.",
             check: "this run's median fold standard deviation is \(medianSpread) with \(folds) folds. Fewer folds mean "
             + "larger validation sets, so each fold score is less noisy, but also smaller training sets, so every mean "
             + "tends to drop (a pessimistic bias); more folds, the reverse. See which effects your runs show."),
    Exercise("Change the seed (--seed 1, 2, 3\(seedFlags)) and note which configuration wins each time, and by how much.",
             check: leadCheck),
    Exercise("Copy the decade table's numbers into a sentence: with uniform sampling, how many of "
             + "\(Format.counted(trials, "trial")) land below a learning rate of 0.001?",
             check: "the first row of the table: about \(Format.fixed(bottomDecade.uniform * Double(trials), 1)) of "
             + "\(trials) with uniform sampling, about \(Format.fixed(bottomDecade.logUniform * Double(trials), 1)) with "
             + "log-uniform sampling."),
])
