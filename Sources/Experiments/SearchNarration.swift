// SearchNarration.swift
//
// What this file teaches: how to watch a search. One line per trial as it finishes
// (the configuration, the mean and spread of its fold scores, its cost, how it ended),
// and afterwards a computed fact: how many distinct values of each hyperparameter were
// tried.

import HyperSearch
import LabMath
import LessonKit
import TextCharts

public enum SearchNarration {
    /// "  3  lr=0.01234, batch=20             0.762 +/- 0.031  500 ep", fitted to 80
    /// columns (a long failure reason is cut with "...").
    /// - Parameter incumbent: the number of the best trial so far (marked '*').
    public static func line(_ trial: Trial, incumbent: Int?) -> String {
        let marker = trial.number == incumbent ? "*" : " "
        var score = "      -        "
        if let s = trial.score {
            score = Format.fixed(s, 3) + (trial.foldSpread.map { " +/- " + Format.fixed($0, 3) } ?? "")
        }
        let status: String
        switch trial.evaluation.outcome {
        case .score: status = ""
        case let .diverged(reason): status = "  diverged (" + reason + ")"
        case let .failed(reason): status = "  failed (" + reason + ")"
        }
        var text = Format.padLeft("\(trial.number)", 3) + marker + " "
            + Format.padRight(SearchReport.shortDescription(trial.configuration), 34)
            + " " + Format.padRight(score, 15) + Format.padLeft("\(trial.cost.epochs) ep", 9) + status
        if text.count > Prose.width { text = String(text.prefix(Prose.width - 3)) + "..." }
        return text
    }

    /// Runs `tuner` to the end with a progress bar on stderr (on a terminal only) and,
    /// when `verbose`, the trial log on stdout: the header, then one `line` per trial.
    ///
    /// - Parameters:
    ///   - tuner: a tuner ready to run.
    ///   - label: the progress bar's label, e.g. "grid search".
    ///   - total: the number of trials expected, for the bar.
    ///   - verbose: print the trial log.
    ///   - afterTrial: called after each trial's line, e.g. to pause with `--step`.
    /// - Returns: the finished search.
    public static func run(_ tuner: inout Tuner, label: String, total: Int, verbose: Bool,
                           afterTrial: (Trial) -> Void = { _ in }) throws -> SearchResult {
        var progress = ProgressBar(label: label, total: total)
        if verbose { progress.printAbove(header) }
        while let trial = try tuner.step() {
            progress.advance()
            if verbose { progress.printAbove(line(trial, incumbent: tuner.trajectory.last?.incumbent)) }
            afterTrial(trial)
        }
        progress.finish()
        if verbose { print("") }
        return tuner.result()
    }

    /// A trial log's header, aligned with `line`.
    public static var header: String {
        "  #  " + Format.padRight("configuration", 34) + " " + Format.padRight("mean +/- std", 15) + Format.padLeft("cost", 9)
    }

    /// "learningRate: 10 distinct values, batchSize: 9, hiddenUnits: 7".
    public static func distinctValues(_ result: SearchResult) -> String {
        SearchReport.distinctValues(result).map { "\($0.name): \($0.count)" }.joined(separator: ", ")
    }
}
