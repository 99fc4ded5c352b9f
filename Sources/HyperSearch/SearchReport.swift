// SearchReport.swift
//
// What this file teaches: how to read a search afterwards. The results table mirrors
// scikit-learn's `cv_results_`: one row per configuration with its rank, the mean and
// spread of its fold scores, each fold's score, and its cost.

import TextCharts

public enum SearchReport {
    /// The results table, one row per trial in trial order (or sorted by rank when
    /// `sortedByRank`). Columns: rank, trial number, the hyperparameters, the mean and
    /// standard deviation of the fold scores, the fold scores themselves (when
    /// `showFolds`; two decimals without the leading zero, to fit 80 columns) and the
    /// cost in epochs, with a one-line legend. A trial without a score shows why in the
    /// fold-scores column.
    public static func table(_ result: SearchResult, decimals: Int = 3, showFolds: Bool = true,
                             sortedByRank: Bool = false, maxRows: Int? = nil) -> String {
        let names = result.trials.first?.configuration.names ?? []
        var columns: [Table.Column] = [.init("rank"), .init("#")]
        columns += names.map { Table.Column(shortName($0)) }
        columns += [.init("mean"), .init("std")]
        columns += [.init(showFolds ? "fold scores" : "status", alignment: .left), .init("cost")]
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
            if trial.score == nil {
                row.append(shortStatus(trial))
            } else if showFolds {
                row.append((trial.evaluation.foldScores ?? []).map(shortScore).joined(separator: " "))
            } else {
                row.append("ok")
            }
            row.append("\(trial.cost.epochs)")
            table.addRow(row)
        }
        return table.render() + "\n  cost: training epochs, summed over the folds"
    }

    /// A fold score in two decimals, without the leading zero of a value in [0, 1):
    /// 0.756 -> ".76".
    static func shortScore(_ x: Double) -> String {
        let text = Format.fixed(x, 2)
        return text.hasPrefix("0.") ? String(text.dropFirst()) : text
    }

    /// A configuration with short names, for logs: "lr=0.01, batch=20, units=10".
    public static func shortDescription(_ configuration: Configuration) -> String {
        zip(configuration.names, configuration.values).map { "\(shortName($0))=\($1)" }.joined(separator: ", ")
    }

    /// A column title: long camel-case names are shortened (learningRate -> lr).
    public static func shortName(_ name: String) -> String {
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
