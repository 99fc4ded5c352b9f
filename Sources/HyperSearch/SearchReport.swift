// SearchReport.swift
//
// What this file teaches: how to read a search afterwards. The results table mirrors
// scikit-learn's `cv_results_`: one row per configuration with its rank, the mean and
// spread of its fold scores, each fold's score, and its cost.

import TextCharts

public enum SearchReport {
    /// The results table, one row per trial in trial order (or sorted by rank when
    /// `sortedByRank`), with per-fold scores when `showFolds` and there are any.
    public static func table(_ result: SearchResult, decimals: Int = 3, showFolds: Bool = true,
                             sortedByRank: Bool = false, maxRows: Int? = nil) -> String {
        let names = result.trials.first?.configuration.names ?? []
        let foldCount = showFolds ? (result.trials.compactMap { $0.evaluation.foldScores?.count }.max() ?? 0) : 0
        var columns: [Table.Column] = [.init("rank"), .init("#")]
        columns += names.map { Table.Column(shortName($0)) }
        columns += [.init("mean"), .init("std")]
        columns += (0..<foldCount).map { Table.Column("f\($0 + 1)") }
        columns += [.init("epochs"), .init("status", alignment: .left)]
        var table = Table(columns: columns)
        let ranks = result.ranks
        var order = Array(result.trials.indices)
        if sortedByRank {
            order.sort { (ranks[$0] ?? Int.max, $0) < (ranks[$1] ?? Int.max, $1) }
        }
        for index in order.prefix(maxRows ?? order.count) {
            let trial = result.trials[index]
            var row = [ranks[index].map(String.init) ?? "-", "\(trial.number)"]
            row += trial.configuration.values.map(\.description)
            row += [trial.score.map { Format.fixed($0, decimals) } ?? "-",
                    trial.foldSpread.map { Format.fixed($0, decimals) } ?? "-"]
            let folds = trial.evaluation.foldScores ?? []
            row += (0..<foldCount).map { $0 < folds.count ? Format.fixed(folds[$0], decimals) : "-" }
            row += ["\(trial.cost.epochs)", shortStatus(trial)]
            table.addRow(row)
        }
        return table.render()
    }

    /// A column title: long camel-case names are shortened (learningRate -> lr).
    static func shortName(_ name: String) -> String {
        switch name {
        case "learningRate": return "lr"
        case "batchSize": return "batch"
        case "hiddenUnits": return "units"
        default: return name
        }
    }

    static func shortStatus(_ trial: Trial) -> String {
        switch trial.evaluation.outcome {
        case .score: return "ok"
        case .diverged: return "diverged"
        case .failed: return "failed"
        }
    }

    /// How many distinct values of each hyperparameter the trials used, e.g.
    /// "learningRate: 9 distinct values".
    public static func distinctValues(_ result: SearchResult) -> [(name: String, count: Int)] {
        let names = result.trials.first?.configuration.names ?? []
        return names.enumerated().map { index, name in
            var seen: [HyperparameterValue] = []
            for trial in result.trials where !seen.contains(trial.configuration.values[index]) {
                seen.append(trial.configuration.values[index])
            }
            return (name, seen.count)
        }
    }
}
