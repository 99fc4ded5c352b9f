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
    /// `showFolds`; two decimals without the leading zero, to fit 80 columns; with more
    /// than five folds their count and range) and the
    /// cost in epochs, with a one-line legend. A trial without a score shows why in the
    /// fold-scores column.
    public static func table(_ result: SearchResult, decimals: Int = 3, showFolds: Bool = true,
                             sortedByRank: Bool = false, maxRows: Int? = nil) -> String {
        let names = result.trials.first?.configuration.names ?? []
        var columns: [Table.Column] = [Table.Column("rank"), Table.Column("#")]
        for name in names { columns.append(Table.Column(shortName(name))) }
        columns.append(Table.Column("mean"))
        columns.append(Table.Column("std"))
        columns.append(Table.Column(showFolds ? "fold scores" : "status", alignment: .left))
        columns.append(Table.Column("cost"))
        var table = Table(columns: columns)
        let ranks = result.ranks
        let order = sortedByRank ? rankOrder(ranks) : Array(result.trials.indices)
        // A negative maxRows shows no rows (prefix of a negative length would trap).
        for index in order.prefix(max(0, maxRows ?? order.count)) {
            table.addRow(row(result.trials[index], rank: ranks[index], decimals: decimals, showFolds: showFolds))
        }
        return table.render() + "\n  cost: training epochs, summed over the folds"
    }

    /// Trial indices by rank; unranked (failed) trials last; ties in trial order.
    static func rankOrder(_ ranks: [Int?]) -> [Int] {
        var order = Array(ranks.indices)
        order.sort { a, b in
            let ra = ranks[a] ?? Int.max
            let rb = ranks[b] ?? Int.max
            if ra != rb { return ra < rb }
            return a < b
        }
        return order
    }

    /// One row of the results table.
    static func row(_ trial: Trial, rank: Int?, decimals: Int, showFolds: Bool) -> [String] {
        var cells: [String] = [rank.map { String($0) } ?? "-", String(trial.number)]
        for value in trial.configuration.values { cells.append(value.description) }
        cells.append(trial.score.map { Format.fixed($0, decimals) } ?? "-")
        cells.append(trial.foldSpread.map { Format.fixed($0, decimals) } ?? "-")
        if trial.score == nil {
            cells.append(shortStatus(trial))
        } else if showFolds {
            cells.append(foldSummary(trial.evaluation.foldScores ?? []))
        } else {
            cells.append("ok")
        }
        cells.append(String(trial.cost.epochs))
        return cells
    }

    /// The fold-scores cell: up to five scores one by one (".76 .71 .80"); with more
    /// folds the row would pass 80 columns, so their range and count ("(10) .68-.81").
    static func foldSummary(_ scores: [Double]) -> String {
        if scores.count <= 5 { return scores.map(shortScore).joined(separator: " ") }
        var low = scores[0], high = scores[0]
        for x in scores { low = min(low, x); high = max(high, x) }
        return "(\(scores.count)) \(shortScore(low))-\(shortScore(high))"
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
