// GridAverages.swift
//
// What this file teaches: how to read a finished grid along its axes. The *main effect*
// of a hyperparameter is the mean score at each of its values, averaged over every
// value of the other axes: a rough answer to "which hyperparameter moves the score
// most?". It is rough because it hides interactions: when the best learning rate
// depends on the number of epochs, averaging over epochs blurs both.

import HyperSearch
import LabMath

/// The mean score at each value of one axis, averaged over the other axes.
struct MainEffect {
    struct Level {
        let value: HyperparameterValue
        /// The mean of the scores of every trial with this value (failed trials left out).
        let mean: Double
        /// The standard deviation of those scores (the population one, over the other
        /// axes' combinations: how much they move the score), nil with fewer than two.
        let spread: Double?
    }
    let name: String
    let levels: [Level]
    /// The largest minus the smallest of the level means.
    var range: Double {
        let finite = levels.map(\.mean).filter { $0.isFinite }
        guard let high = finite.max(), let low = finite.min() else { return .nan }
        return high - low
    }
}

enum GridAverages {
    /// The main effect of every axis of a finished grid, in the grid's axis order.
    ///
    /// - Complexity: O(axes x values x trials).
    static func mainEffects(_ result: SearchResult) -> [MainEffect] {
        mainEffects(of: result.trials)
    }

    /// The main effects of trials pooled from several runs of the same grid (step 3
    /// runs it once per seed): each level mean averages that value's trials of every run.
    static func mainEffects(of trials: [Trial]) -> [MainEffect] {
        guard let names = trials.first?.configuration.names else { return [] }
        return names.map { name in
            MainEffect(name: name, levels: distinctValues(of: name, in: trials).map { value in
                let scores = trials.filter { $0.configuration[name] == value }.compactMap(\.score)
                return MainEffect.Level(value: value, mean: scores.isEmpty ? .nan : Statistics.mean(scores),
                                        spread: scores.count > 1 ? Statistics.standardDeviation(scores) : nil)
            })
        }
    }

    /// The mean score for each pair (row value, column value), averaged over every other
    /// axis of the grid (for a 2-D grid, each cell is one trial's score).
    /// - Returns: the row values, the column values, and means[row][column] (NaN where
    ///   every trial failed).
    static func means(_ result: SearchResult, rows: String, columns: String)
        -> (rows: [HyperparameterValue], columns: [HyperparameterValue], means: [[Double]]) {
        let rowValues = distinctValues(of: rows, in: result), columnValues = distinctValues(of: columns, in: result)
        let means = rowValues.map { r in
            columnValues.map { c -> Double in
                let scores = result.trials.filter { $0.configuration[rows] == r && $0.configuration[columns] == c }
                    .compactMap(\.score)
                return scores.isEmpty ? .nan : Statistics.mean(scores)
            }
        }
        return (rowValues, columnValues, means)
    }

    /// The values of `name` in trial order, each once.
    static func distinctValues(of name: String, in result: SearchResult) -> [HyperparameterValue] {
        distinctValues(of: name, in: result.trials)
    }

    /// The values of `name` in the order of `trials`, each once.
    static func distinctValues(of name: String, in trials: [Trial]) -> [HyperparameterValue] {
        var values: [HyperparameterValue] = []
        for trial in trials {
            if let v = trial.configuration[name], !values.contains(v) { values.append(v) }
        }
        return values
    }
}
