// GridLessonReport.swift
//
// What this file teaches: the arithmetic of grids, done before and after running one.
// A grid's cost is known in advance (configurations x folds x epochs), so we print it
// first; afterwards every statement about the results is computed from them.

import HyperSearch
import LabMath
import LessonKit
import TextCharts

public enum GridLessonReport {
    /// The cost of a grid, stated before it runs. `epochsPerTraining` lists the epoch
    /// values if epochs is itself an axis, or holds the one fixed value.
    public static func costBeforeRunning(grid: GridSearch, folds: Int, epochsPerTraining: [Int], trainingRows: Int) -> String {
        let trainings = grid.size * folds
        let epochAxis = grid.axes.first { $0.name == "epochs" }
        let totalEpochs: Int
        if let axis = epochAxis {
            let perCombination = axis.values.compactMap(\.number).reduce(0, +)
            totalEpochs = Int(perCombination) * (grid.size / axis.values.count) * folds
        } else {
            totalEpochs = trainings * (epochsPerTraining.first ?? 0)
        }
        let rowsPerTraining = trainingRows - trainingRows / folds
        let sizes = grid.distinctValuesPerAxis.map(String.init).joined(separator: " x ")
        return "Before anything runs: the grid has \(sizes) = \(Format.counted(grid.size, "configuration")); with \(folds)-fold "
            + "cross-validation that is \(Format.counted(trainings, "training")) and \(Format.grouped(totalEpochs)) epochs, about "
            + "\(Format.grouped(totalEpochs * rowsPerTraining)) training examples processed (each fold trains on about "
            + "\(rowsPerTraining) rows)."
    }

    /// The mean score of a finished 2-D grid as a heatmap (rows x columns).
    public static func heatmap(_ result: SearchResult, rows: String, columns: String, title: String) -> String {
        var rowValues: [HyperparameterValue] = [], columnValues: [HyperparameterValue] = []
        for t in result.trials {
            if let r = t.configuration[rows], !rowValues.contains(r) { rowValues.append(r) }
            if let c = t.configuration[columns], !columnValues.contains(c) { columnValues.append(c) }
        }
        let values = rowValues.map { r in
            columnValues.map { c in
                result.trials.first { $0.configuration[rows] == r && $0.configuration[columns] == c }?.score ?? .nan
            }
        }
        var map = Heatmap(title: title, rowTitle: SearchReport.shortName(rows), rowLabels: rowValues.map(\.description),
                          columnTitle: SearchReport.shortName(columns), columnLabels: columnValues.map(\.description),
                          values: values)
        map.better = result.direction == .maximize ? .higher : .lower
        return map.render()
    }

    /// The main effects as horizontal bars: for each value of each axis, the mean score
    /// over the other axis, with the spread of those means as whiskers. The bars start
    /// at the lowest mean shown, so differences are visible.
    public static func mainEffectBars(_ result: SearchResult) -> String {
        let effects = GridVersusRandom.mainEffects(result)
        var chart = BarChart(title: "Mean CV accuracy by value, averaged over the other axis", valueLabel: "mean accuracy")
        chart.spreadName = "std over the other axis"
        let all = effects.flatMap { $0.means.map(\.mean) }.filter { $0.isFinite }
        chart.baseline = ((all.min() ?? 0) * 100).rounded(.down) / 100 - 0.01
        for effect in effects {
            for (value, mean) in effect.means {
                let scores = result.trials.filter { $0.configuration[effect.name]?.description == value }.compactMap(\.score)
                chart.add("\(SearchReport.shortName(effect.name)) \(value)", value: mean,
                          spread: scores.count > 1 ? Statistics.standardDeviation(scores) : nil)
            }
        }
        return chart.render()
    }

    /// Which hyperparameter moves the mean score most, from the grid's main effects.
    public static func mainEffectStory(_ result: SearchResult) -> String {
        let effects = GridVersusRandom.mainEffects(result)
        guard effects.count == 2 else { return "" }
        let lines = effects.map { e in
            "averaged over the other axis, \(e.name) gives " + e.means.map { "\($0.value): \(Format.fixed($0.mean, 3))" }
                .joined(separator: ", ") + " (range \(Format.fixed(e.range, 3)))"
        }
        var text = "Reading the grid along each axis: " + lines.joined(separator: "; ") + "."
        let (a, b) = (effects[0], effects[1])
        if a.range >= 2 * b.range {
            text += " \(a.name) moves the score at least twice as much as \(b.name): here it is the hyperparameter that matters."
        } else if b.range >= 2 * a.range {
            text += " \(b.name) moves the score at least twice as much as \(a.name): here it is the hyperparameter that matters."
        } else {
            text += " Neither axis dominates: both move the score by comparable amounts."
        }
        if let spread = typicalSpread(result), let folds = result.trials.first?.evaluation.foldScores?.count, folds > 0 {
            text += " For scale: the median standard deviation between folds is \(Format.fixed(spread, 3)), so one "
                + "configuration's mean over \(folds) folds is uncertain by about \(Format.fixed(spread, 3)) / sqrt(\(folds)) = "
                + "\(Format.fixed(spread / Double(folds).squareRoot(), 3))."
        }
        return text
    }

    /// A lead in words: "0 (an exact tie)", a tiny one in scientific notation, else 4 decimals.
    public static func leadText(_ lead: Double) -> String {
        lead == 0 ? "0 (an exact tie)" : lead < 1e-4 ? Format.scientific(lead, 1) : Format.fixed(lead, 4)
    }

    /// A sentence when the two best trials print the same score (they differ by less
    /// than 0.0005), nil otherwise: which one the tuner keeps, and why it is noise.
    public static func tieNote(_ result: SearchResult) -> String? {
        let ranked = result.scoredTrialsByRank
        guard ranked.count >= 2, abs(ranked[0].score! - ranked[1].score!) < 5e-4 else { return nil }
        let tied = ranked.filter { abs($0.score! - ranked[0].score!) < 5e-4 }
        let names = tied.map { "\($0.configuration) (trial \($0.number))" }
        var text = (tied.count == 2 ? "The two best configurations, " : "The \(tied.count) best configurations, ")
            + names.dropLast().joined(separator: ", ") + " and " + names.last! + (tied.count == 2 ? ", both" : ", all")
            + " print as "
            + "\(Format.fixed(ranked[0].score!, 3)). "
        text += ranked[0].score! == ranked[1].score!
            ? "The best scores are exactly equal, and the tuner keeps the earliest trial in grid order"
            : "The best two differ by only \(leadText(abs(ranked[0].score! - ranked[1].score!))), and the tuner keeps the "
                + "strictly better one"
        return text + ": a tie for any practical purpose, and which one wins says nothing about the hyperparameters."
    }

    /// The median standard deviation of the fold scores over the trials.
    public static func typicalSpread(_ result: SearchResult) -> Double? {
        let spreads = result.trials.compactMap(\.foldSpread)
        return spreads.isEmpty ? nil : Statistics.median(spreads)
    }

    /// What the 3-D grid found.
    public static func secondGridStory(_ result: SearchResult) -> String {
        guard let best = result.best, let score = best.score else { return "Every configuration failed or diverged." }
        let diverged = result.trials.filter { if case .diverged = $0.evaluation.outcome { return true }; return false }.count
        var text = "Above, the \(min(8, result.trials.count)) best of the \(Format.counted(result.trials.count, "configuration")) by rank. The best is "
            + "\(best.configuration) with mean accuracy "
            + "\(Format.fixed(score, 3)). The grid spent \(Format.grouped(result.totalCost.epochs)) epochs and "
            + "\(Format.grouped(result.totalCost.updates)) updates in total."
        if diverged > 0 { text += " \(Format.counted(diverged, "configuration")) diverged; they are listed without a score." }
        return text
    }

    /// The cost of 1 to 6 hyperparameters with 3 values each, scaled from the measured grid.
    public static func curseTable(measured: SearchResult, folds: Int, trainingRows: Int) -> String {
        let trainings = max(measured.trials.count * folds, 1)
        let epochsPerTraining = Double(measured.totalCost.epochs) / Double(trainings)
        var table = Table(columns: [.init("hyperparameters"), .init("configurations"), .init("trainings"),
                                    .init("epochs"), .init("vs. 3 hyperparameters")])
        for d in 1...6 {
            let configurations = Int(pow3(d))
            let epochs = Double(configurations * folds) * epochsPerTraining
            table.addRow(["\(d)", Format.grouped(configurations), Format.grouped(configurations * folds),
                          Format.grouped(Int(epochs.rounded())), Format.fixed(pow3(d) / 27, 2) + "x"])
        }
        return table.render() + "\n" + Prose.wrap("3 values per hyperparameter, \(folds)-fold CV, "
            + "\(Format.fixed(epochsPerTraining, 1)) epochs per training on average (measured on the grid above).", indent: "  ")
    }

    private static func pow3(_ d: Int) -> Double { (0..<d).reduce(1.0) { r, _ in r * 3 } }

    public static func curseStory(measured: SearchResult) -> String {
        "Each extra hyperparameter with 3 values multiplies everything by 3: the measured grid of "
            + "\(Format.counted(measured.trials.count, "configuration")) cost \(Format.grouped(measured.totalCost.epochs)) epochs; six "
            + "hyperparameters would cost \(Format.grouped(measured.totalCost.epochs * 27)). That exponential growth is the "
            + "curse of dimensionality, and the reason grids are kept to two or three hyperparameters."
    }

    /// Median regret and win counts of the synthetic comparison.
    public static func syntheticTable(_ rows: [(String, GridVersusRandom.Summary)]) -> String {
        var table = Table(columns: [.init("problem", alignment: .left), .init("median regret: grid"),
                                    .init("random"), .init("random won"), .init("grid won")])
        for (name, s) in rows {
            table.addRow([name, Format.fixed(s.medianFirst, 4), Format.fixed(s.medianSecond, 4),
                          "\(s.secondWins)/\(s.pairings.count)", "\(s.firstWins)/\(s.pairings.count)"])
        }
        return table.render()
    }

    public static func syntheticStory(onlyXMatters: GridVersusRandom.Summary, bothMatter: GridVersusRandom.Summary) -> String {
        "When only x matters, \(onlyXMatters.verdict). When both matter, \(bothMatter.verdict). (Regret: the best value "
            + "found minus the true minimum 0. A method \"did better\" only if the sign test rejects \"equally good\" at "
            + "the 5% level: if both were equally good, each problem would be a coin toss, and p is the chance of a split "
            + "at least this uneven.)"
    }

    public static func networkComparisonStory(_ s: GridVersusRandom.Summary,
                                              mainEffects: [(name: String, means: [(value: String, mean: Double)], range: Double)]) -> String {
        var text = "On the network, \(s.verdict); the median difference (random minus grid) in best mean accuracy is "
            + "\(Format.fixed(s.medianDifference, 3))."
        if let note = s.smallSampleNote { text += " " + note }
        if let lr = mainEffects.first(where: { $0.name == "learningRate" }), let batch = mainEffects.first(where: { $0.name == "batchSize" }) {
            text += lr.range >= 2 * batch.range
                ? " Step 1 found the learning rate to be the hyperparameter that matters, the situation where random search's "
                    + "9 distinct learning rates should help; whether that shows depends on how much better the untried values are."
                : " Step 1 did not find one hyperparameter dominating here, the situation where a grid loses little."
        }
        return text
    }

    /// The articles' mistakes, each with how this library avoids it.
    public static func pitfalls(secondGrid: SearchResult, folds: Int) -> [String] {
        // The grid trains sum(epochs values) epochs per other combination and fold; one run
        // of max(epochs values), scored along the way, would give every value.
        let epochValues = secondGrid.trials.compactMap { $0.configuration["epochs"]?.number }
        let distinctEpochs = epochValues.reduce(into: [Double]()) { if !$0.contains($1) { $0.append($1) } }
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

    public static func summary(article: SearchResult, second: SearchResult, folds: Int,
                               synthetic: GridVersusRandom.Summary, network: GridVersusRandom.Summary) -> [String] {
        var points: [String] = []
        if let best = article.best, let score = best.score {
            points.append("The article's 3 x 3 grid with \(folds)-fold CV (\(article.trials.count * folds) trainings) chose "
                          + "\(best.configuration) at mean accuracy \(Format.fixed(score, 3)).")
        }
        points.append("A grid's cost is known before it runs; the 3 x 3 x 3 grid cost \(Format.grouped(second.totalCost.epochs)) "
                      + "epochs, and every further 3-valued hyperparameter triples that.")
        points.append("Where only one hyperparameter matters, \(synthetic.verdict) on the synthetic bowls; on the network, "
                      + "\(network.verdict).")
        points.append("Compare search methods over many problems or seeds, never one run.")
        return points
    }
}
