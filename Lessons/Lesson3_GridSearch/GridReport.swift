// GridReport.swift
//
// What this file teaches: turning a grid's numbers into sentences a student can check.
// It only formats: every number comes from main.swift's computations, and every
// comparison ("twice as much", "within two standard errors") is an explicit test on them.

import Experiments
import HyperSearch
import LabMath
import LessonKit
import TextCharts

enum GridReport {
    /// The cost of a grid, stated before it runs.
    /// - Parameter explainFolds: add what a fold is and why the example count is exact
    ///   (the first time only).
    static func costBeforeRunning(valuesPerAxis: [Int], cost: GridCost, folds: Int, rows: Int,
                                  explainFolds: Bool) -> String {
        let size = valuesPerAxis.reduce(1, *)
        let sentence = "Before anything runs: the grid has \(valuesPerAxis.map(String.init).joined(separator: " x ")) = "
            + "\(Format.counted(size, "configuration")); with \(folds)-fold cross-validation that is "
            + "\(Format.grouped(cost.trainings)) trainings and \(Format.grouped(cost.epochs)) epochs, "
            + "\(Format.grouped(cost.examples)) training examples processed."
        guard explainFolds else { return sentence }
        return sentence + " (A fold is one of the \(folds) parts the "
            + "\(rows) training rows are cut into; each training learns from the other \(folds - 1) parts and is scored on "
            + "its own, so every epoch passes over about \(rows - rows / folds) rows, and over the \(folds) folds "
            + "exactly (\(folds) - 1) x \(rows) = \(Format.grouped((folds - 1) * rows)).)"
    }

    /// The mean scores as a heatmap, rows x columns, averaged over any other axes.
    static func heatmap(_ grid: (rows: [HyperparameterValue], columns: [HyperparameterValue], means: [[Double]]),
                        rowName: String, columnName: String, otherAxes: [String], better: OptimizationDirection) -> String {
        let averaged = otherAxes.isEmpty ? "" : ", averaged over " + otherAxes.joined(separator: " and ")
        var map = Heatmap(title: "Mean CV accuracy: \(rowName) x \(columnName)\(averaged)",
                          rowTitle: SearchReport.shortName(rowName), rowLabels: grid.rows.map(\.description),
                          columnTitle: SearchReport.shortName(columnName), columnLabels: grid.columns.map(\.description),
                          values: grid.means)
        map.better = better == .maximize ? .higher : .lower
        return map.render()
    }

    /// Under a heatmap averaged over other axes: whether its best cell holds the best
    /// configuration (nil for a heatmap of single trials).
    ///
    /// A cell is the mean over the other axes' values, so the best cell is the best
    /// *on average*; the search's winner is the best single configuration, which can
    /// sit in another cell when one value of the other axis suits it.
    static func averagedCellNote(_ grid: (rows: [HyperparameterValue], columns: [HyperparameterValue], means: [[Double]]),
                                 otherAxes: [String], result: SearchResult) -> String? {
        guard !otherAxes.isEmpty, let winner = result.best, let score = winner.score else { return nil }
        var best: (row: Int, column: Int)?
        for (r, row) in grid.means.enumerated() {
            for (c, mean) in row.enumerated() where mean.isFinite {
                if let b = best, !result.direction.isBetter(mean, than: grid.means[b.row][b.column]) { continue }
                best = (r, c)
            }
        }
        guard let cell = best else { return nil }
        let cellText = "learning rate \(grid.rows[cell.row]), batch size \(grid.columns[cell.column]): "
            + Format.fixed(grid.means[cell.row][cell.column], 3)
        let averaged = "Each cell is the mean over the values of " + otherAxes.joined(separator: " and ")
        if winner.configuration["learningRate"] == grid.rows[cell.row]
            && winner.configuration["batchSize"] == grid.columns[cell.column] {
            return averaged + "; the best cell (\(cellText)) also holds the best single configuration, "
                + "\(winner.configuration) at \(Format.fixed(score, 3))."
        }
        return averaged + ", so the best cell (\(cellText)) is the best on average, not where the best single "
            + "configuration is: the search's winner, \(winner.configuration) at \(Format.fixed(score, 3)), sits in "
            + "another cell, whose average its other values pull down. The refit below uses that winner."
    }

    /// The main effects as horizontal bars, whiskers showing the spread over the other axes.
    static func mainEffectBars(_ effects: [MainEffect]) -> String {
        var chart = BarChart(title: "Mean CV accuracy by value, averaged over the other axes", valueLabel: "mean accuracy")
        chart.spreadName = "std over the other axes"
        let all = effects.flatMap { $0.levels.map(\.mean) }.filter { $0.isFinite }
        // Bars start just below the lowest mean, so that differences are visible.
        chart.baseline = ((all.min() ?? 0) * 100).rounded(.down) / 100 - 0.01
        for effect in effects {
            for level in effect.levels {
                chart.add("\(SearchReport.shortName(effect.name)) \(level.value)", value: level.mean, spread: level.spread)
            }
        }
        return chart.render()
    }

    /// A sentence when the two best trials print the same score (3 decimals), nil
    /// otherwise: which one the tuner keeps, and why it is noise.
    static func tieNote(_ result: SearchResult) -> String? {
        let ranked = result.scoredTrialsByRank
        func printed(_ trial: Trial) -> Int { SearchLessonReport.printedUnits(trial.score!, decimals: 3) }
        guard ranked.count >= 2, printed(ranked[0]) == printed(ranked[1]) else { return nil }
        let tied = ranked.filter { printed($0) == printed(ranked[0]) }
        let names = tied.map { "\($0.configuration) (trial \($0.number))" }
        var text = (tied.count == 2 ? "The two best configurations, " : "The \(tied.count) best configurations, ")
            + Prose.list(names) + (tied.count == 2 ? ", both" : ", all")
            + " print as \(Format.fixed(ranked[0].score!, 3)). "
        let exact = tied.filter { $0.score! == ranked[0].score! }.count
        if exact >= 2 {
            text += (exact == tied.count ? (exact == 2 ? "The two scores are" : "These scores are")
                                         : "The best \(exact) scores are")
                + " exactly equal, and the tuner keeps the earliest trial in grid order"
        } else {
            text += "The best two differ by only \(SearchLessonReport.leadText(ranked[0].score! - ranked[1].score!)), "
                + "and the tuner keeps the strictly better one"
        }
        return text + ": a tie for any practical purpose, and which one wins says nothing about the hyperparameters."
    }

    /// What the 3-D grid found. With `tied` (the two best print the same score, see
    /// `tieNote`) no single configuration is called the best.
    /// - Parameter rows: the rows cut into the folds; with them, a winner that is not
    ///   tied gets its lead over the runner-up and that lead's standard error.
    static func secondGridStory(_ result: SearchResult, tied: Bool, shownRows: Int, rows: Int? = nil) -> String {
        guard let best = result.best, let score = best.score else { return "Every configuration failed or diverged." }
        let diverged = result.trials.filter { if case .diverged = $0.evaluation.outcome { return true }; return false }.count
        var text = "Above, the \(min(shownRows, result.trials.count)) best of the "
            + "\(Format.counted(result.trials.count, "configuration")) by rank."
        if let notes = SearchLessonReport.tableNotes(result, shownRows: shownRows) { text += " " + notes }
        text += tied ? " The best mean accuracy, \(Format.fixed(score, 3)), is shared (see below)."
                     : " The best is \(best.configuration) with mean accuracy \(Format.fixed(score, 3))."
        if !tied, let rows, let lead = SearchLessonReport.leadStory(result, rows: rows) { text += " " + lead }
        text += " The grid spent \(Format.grouped(result.totalCost.epochs)) epochs and "
            + "\(Format.grouped(result.totalCost.updates)) updates in total."
        if diverged > 0 { text += " \(Format.counted(diverged, "configuration")) diverged; they are listed without a score." }
        return text
    }

    /// When the second grid's winning learning rate was the worst one in step 1: the
    /// interaction with training length, from both grids' numbers; nil otherwise.
    /// - Parameter step1Epochs: the epochs step 1's networks trained: one number, or
    ///   several when step 1's grid had an epochs axis (`--axis epochs=...`).
    /// - Parameters:
    ///   - step1Range: the range of step 1's learning-rate means.
    ///   - noise: the standard error of a difference of two of those means
    ///     (`differenceError`). When the range is not more than twice it, "worst" in
    ///     step 1 may be luck, and the Notice says the two grids do not show an
    ///     interaction instead of drawing the lesson from them.
    static func interactionStory(worstInStep1: MainEffect.Level?, step1Epochs: [HyperparameterValue], winner: Trial,
                                 meansByEpochsAtWinningRate: [(epochs: HyperparameterValue, mean: Double)],
                                 step1Range: Double? = nil, noise: Double? = nil) -> String? {
        guard let worst = worstInStep1, winner.configuration["learningRate"] == worst.value else { return nil }
        let byEpochs = meansByEpochsAtWinningRate.map { "\($0.epochs) epochs: \(Format.fixed($0.mean, 3))" }
            .joined(separator: ", ")
        let trained = step1Epochs.count == 1 ? "where every network trained \(step1Epochs[0]) epochs"
                                             : "averaged over \(Prose.list(step1Epochs.map { "\($0)" })) epochs"
        let here = "Here, at learning rate \(worst.value), the mean accuracy by epochs (averaged over the batch sizes) is "
            + "\(byEpochs)."
        if let step1Range, let noise, !standsOut(step1Range, noise: noise) {
            return "Notice: the winner's learning rate, \(worst.value), had the lowest mean in step 1 ("
                + "\(Format.fixed(worst.mean, 3)), \(trained)), but step 1's learning-rate means differ by no more than "
                + "twice the noise of a difference (range \(Format.fixed(step1Range, 3)) against 2 x "
                + "\(Format.fixed(noise, 3))), so its being the worst there may be luck. " + here + " These two grids "
                + "therefore do not show the best learning rate depending on the other settings."
        }
        return "Notice: the winner's learning rate, \(worst.value), was the worst one in step 1 (mean "
            + "\(Format.fixed(worst.mean, 3))), \(trained). " + here + " A large learning rate "
            + "takes large steps, and how many steps a network takes (epochs, and the batch size that sets updates per "
            + "epoch) decides whether that helps or hurts. The best value of one hyperparameter depends on the others: "
            + "that is why they are tuned together, not one at a time."
    }

    /// The cost of 1 to 6 hyperparameters with 3 values each, scaled from the measured grid.
    static func curseTable(measured: SearchResult, folds: Int) -> String {
        let trainings = max(measured.trials.count * folds, 1)
        let epochsPerTraining = Double(measured.totalCost.epochs) / Double(trainings)
        var table = Table(columns: [.init("hyperparameters"), .init("configurations"), .init("trainings"),
                                    .init("epochs"), .init("vs. 3 hyperparameters")])
        var configurations = 1
        for d in 1...6 {
            configurations *= 3
            let epochs = Double(configurations * folds) * epochsPerTraining
            table.addRow(["\(d)", Format.grouped(configurations), Format.grouped(configurations * folds),
                          Format.grouped(Int(epochs.rounded())), Format.fixed(Double(configurations) / 27, 2) + "x"])
        }
        return table.render() + "\n" + Prose.wrap("3 values per hyperparameter, \(folds)-fold CV, "
            + "\(Format.fixed(epochsPerTraining, 1)) epochs per training on average (measured on the grid above).", indent: "  ")
    }

    static func curseStory(measured: SearchResult) -> String {
        "Each extra hyperparameter with 3 values multiplies everything by 3: the measured grid of "
            + "\(Format.counted(measured.trials.count, "configuration")) cost \(Format.grouped(measured.totalCost.epochs)) "
            + "epochs; six "
            + "hyperparameters would cost \(Format.grouped(measured.totalCost.epochs * 27)). That exponential growth is the "
            + "curse of dimensionality, and the reason grids are kept to two or three hyperparameters."
    }

    /// Median regret and win counts of the synthetic comparison, one row per weight.
    static func syntheticTable(_ rows: [(weight: Double, comparison: PairedComparison)]) -> String {
        var table = Table(columns: [.init("weight w of y"), .init("median regret: grid"), .init("random"),
                                    .init("random won"), .init("grid won")])
        for (weight, s) in rows {
            table.addRow([Format.fixed(weight, 1), Format.fixed(s.medianFirst, 4), Format.fixed(s.medianSecond, 4),
                          "\(s.secondWins)/\(s.pairings.count)", "\(s.firstWins)/\(s.pairings.count)"])
        }
        // The header's term is defined right under the table, as the other tables do.
        let problems = rows.first?.comparison.pairings.count ?? 0
        return table.render() + "\n" + Prose.wrap("median regret: over the \(problems) problems, the median of the best "
                                                  + "value a method found minus the true minimum (0 here); lower is "
                                                  + "better.")
    }

    static func syntheticStory(_ rows: [(weight: Double, comparison: PairedComparison)]) -> String {
        let verdicts = rows.map { "at w = \(Format.fixed($0.weight, 1)), \($0.comparison.verdict)" }
        var text = "In the table, " + verdicts.joined(separator: "; ") + ". A method \"did better\" only if the sign test rejects \"equally "
            + "good\" at the 5% level: if both were equally good, each problem would be a coin toss, and p is the "
            + "chance of a split at least this uneven."
        // Where the advantage turns: the first weight at which random search no longer does better.
        if let first = rows.first, first.comparison.pValue < 0.05, first.comparison.secondWins > first.comparison.firstWins,
           let turn = rows.first(where: { !($0.comparison.pValue < 0.05 && $0.comparison.secondWins > $0.comparison.firstWins) }) {
            text += " So random search's advantage holds only while y barely matters: by w = \(Format.fixed(turn.weight, 1)) "
                + "it is gone."
        }
        return text
    }

    /// The articles' mistakes, each with how this library avoids it.
    static func pitfalls(secondGrid: SearchResult) -> [String] {
        // The grid trains sum(epochs values) epochs per other combination and fold; one run
        // of max(epochs values), scored along the way, would give every value.
        let distinctEpochs = GridAverages.distinctValues(of: "epochs", in: secondGrid).compactMap(\.number)
        let epochAxisCost = secondGrid.totalCost.epochs
        let withCheckpoints = distinctEpochs.isEmpty ? epochAxisCost
            : Int((Double(epochAxisCost) * distinctEpochs.max()! / distinctEpochs.reduce(0, +)).rounded())
        return [
            "A raw Keras model in GridSearchCV: scikit-learn needs an estimator it can clone and whose constructor takes "
                + "the hyperparameters. Here the objective builds a fresh network from each configuration "
                + "(`NetworkTuning.settings(from:)`), for every fold.",
            "`learning_rate` in `fit`: Keras rejects it; the learning rate is the optimizer's. The configuration's "
                + "learningRate goes to `Adam(learningRate:)`.",
            "Epochs as a grid axis: training each epochs value separately cost \(Format.grouped(epochAxisCost)) epochs "
                + "here. One run of the largest value per combination, scored after the smaller values too, would have cost "
                + "\(Format.grouped(withCheckpoints)); with a fixed seed its first 10 epochs are exactly the 10-epoch run "
                + "(Lesson 1, exercise 2). Epochs are better chosen by early stopping than by a grid.",
            "Preprocessing outside the folds: a scaler fitted on all rows lets each validation fold leak into its own "
                + "preprocessing. Here the scaler is fitted inside each fold on its training rows (the tests check it).",
            "Choosing on the test set: the articles never separate validation from test. Here the test rows are split "
                + "off before the search, never seen by it, and scored once after the refit.",
            "A grid too large to finish: the size is computed before anything runs, and `GridSearch(..., limit:)` refuses "
                + "a larger grid with a clear error instead of starting a search that cannot end in time.",
        ]
    }

    static func summary(article: SearchResult, articleShape: [Int], second: SearchResult, folds: Int,
                        synthetic: [(weight: Double, comparison: PairedComparison)], network: PairedComparison) -> [String] {
        var points: [String] = []
        if let best = article.best, let score = best.score {
            points.append("The first grid, \(articleShape.map(String.init).joined(separator: " x ")) with \(folds)-fold CV "
                          + "(\(Format.grouped(article.trials.count * folds)) trainings), chose \(best.configuration) at mean "
                          + "accuracy \(Format.fixed(score, 3)).")
        }
        points.append("A grid's cost is known before it runs; step 2's 3 x 3 x 3 grid cost "
                      + "\(Format.grouped(second.totalCost.epochs)) epochs, and every further 3-valued hyperparameter "
                      + "triples that.")
        if let onlyX = synthetic.first {
            points.append("Where only one hyperparameter matters (w = \(Format.fixed(onlyX.weight, 1))), "
                          + "\(onlyX.comparison.verdict) on the synthetic bowls; on the network, \(network.verdict).")
        }
        points.append("Compare search methods over many problems or seeds, never one run.")
        return points
    }
}
