// CurvesReport.swift
//
// What this file teaches: how to read many learning curves at once, and how to say
// in numbers how well the early epochs foretell the end (Spearman's rank correlation,
// and where the eventual winner stood early on). It only formats: every number comes
// from main.swift's runs.

import Experiments
import HyperSearch
import LabData
import LabMath
import LessonKit
import TextCharts

enum CurvesReport {
    /// Why this lesson exists, the data and what was traded for time.
    static func opening(dataset: Dataset, fullCount: Int, data: PreparedSplit, maxEpochs: Int) -> String {
        let used = dataset.count < fullCount ? "the first \(dataset.count) of its \(fullCount) rows" : "all \(fullCount) rows"
        return "The first article ends on cost: every trial of a search trains a network to the end, so 50 trials "
            + "cost 50 trainings, the hopeless ones included. Lesson 3 noted that epochs are better chosen by early "
            + "stopping than by a grid. Early stopping inside one training watches one curve; this lesson stops whole "
            + "trials inside a search, as soon as their curves say they will not win.\n\n"
            + "Terms. The resource is what a trial spends; here, epochs. A score after few epochs is a low-fidelity "
            + "estimate of the final score (multi-fidelity methods use such estimates). A learning curve is a "
            + "trial's score after every epoch. R is the most epochs any trial trains.\n\n"
            + "Data: \(dataset.name), \(used), split 60/20/20 by class: \(data.train.x.rows) training rows, "
            + "\(data.validation.x.rows) validation rows (one row is \(Format.fixed(1 / Double(data.validation.x.rows), 4)) "
            + "of accuracy) and \(data.test.x.rows) test rows, touched only to score the networks the searches choose. "
            + "Each trial is one hidden layer (ReLU) and a \(data.classCount == 2 ? "sigmoid" : "softmax") output, "
            + "trained with Adam for at most R = \(maxEpochs) "
            + "epochs and scored on the validation rows after every epoch; all networks of one seed start from the "
            + "same weights. Traded for time (the lesson must run in seconds): \(dataset.count) rows, R = "
            + "\(maxEpochs), 4 to 64 hidden units, few seeds. A bigger run takes minutes: --rows \(fullCount) "
            + "--max-epochs 27 --trials 81 --seeds 20.\n\n"
            + "First, plain random search: draw configurations from a wide space (as someone with no prior would) "
            + "and train each to R."
    }

    /// What full training cost.
    static func cost(_ result: MultiFidelityResult, trials: Int, maxEpochs: Int) -> String {
        let cost = result.totalCost
        var text = "Full training: \(Format.counted(trials, "trial")) x \(maxEpochs) epochs"
        let diverged = result.trials.filter { if case .diverged = $0.state { return true }; return false }
        if diverged.isEmpty {
            text += " = \(Format.grouped(cost.epochs)) epochs"
        } else {
            let list = diverged.map { "trial \($0.number) at epoch \($0.epochs + 1)" }.joined(separator: ", ")
            text += ", \(Format.grouped(cost.epochs)) epochs in fact: \(diverged.count) diverged (\(list)); a NaN "
                + "loss is an outcome, the trial scores nothing"
        }
        return text + ". Training examples processed: \(Format.grouped(cost.examples)). That is the bill every "
            + "method below is measured against."
    }

    /// Every learning curve on one chart, the eventual winner and the first epoch's
    /// leader marked.
    static func allCurves(_ result: MultiFidelityResult, truth: GroundTruth) -> String {
        let R = result.maxResource
        var canvas = Canvas(width: 78, height: 16, xRange: 1...Double(R), yRange: 0...1)
        canvas.xAxis.integerTicks = true
        let winner = truth.winner
        let leader = truth.ranked(afterEpochs: 1).first
        func points(_ trial: MultiFidelityTrial) -> [(x: Double, y: Double)] {
            trial.scores.enumerated().map { (x: Double($0.offset + 1), y: $0.element) }
        }
        for trial in result.trials where trial.number != winner && trial.number != leader {
            canvas.drawLine(points(trial), mark: ".")
        }
        var legend: [(mark: Character, name: String)] = [(".", "other trials")]
        if let leader, leader != winner {
            canvas.drawLine(points(result.trials[leader - 1]), mark: "1")
            legend.append(("1", "best after 1 epoch (trial \(leader))"))
        }
        if let winner {
            canvas.drawLine(points(result.trials[winner - 1]), mark: "@")
            legend.append(("@", "best after \(R) epochs (trial \(winner))"))
        }
        return canvas.render(title: "Validation accuracy of all \(result.trials.count) trials, epoch by epoch",
                             xLabel: "epoch", yLabel: "accuracy", legend: legend)
    }

    /// One row per early epoch k: rank correlation with the end, the winner's rank,
    /// and whether a rung at k would have kept it (the best floor(n / eta) of the n
    /// trials started, diverged ones included, as successive halving counts them).
    static func rankTable(_ rows: [Fidelity.EarlyRanking], eta: Int) -> String {
        var table = Table(columns: [.init("after epoch"), .init("rank correlation with the end"),
                                    .init("winner's rank"), .init("in the best 1/\(eta)?")])
        for row in rows {
            let kept = row.winnerRank.map { $0 <= row.slots(eta: eta) ? "yes" : "no" } ?? "-"
            table.addRow([String(row.epochs), row.correlation.map { Format.fixed($0, 2) } ?? "-",
                          row.winnerRank.map { "\($0) of \(row.ranked)" } ?? "-", kept])
        }
        var legend = "winner's rank: among the trials with a score after that epoch"
        if let first = rows.first {
            let diverged = rows.map { $0.entered - $0.ranked }.max() ?? 0
            legend += "; in the best 1/\(eta): among the best floor(\(first.entered) / \(eta)) = "
                + "\(first.slots(eta: eta)) of the \(first.entered) trials started, as a rung at that epoch would "
                + "keep them" + (diverged > 0 ? " (a diverged trial counts in the \(first.entered) and ranks last)" : "")
        }
        return table.render() + "\n" + Prose.wrap(legend, indent: "  ")
    }

    /// What the table says: how early the order settles, where the winner stood, and
    /// the trial that climbed most.
    static func rankStory(_ rows: [Fidelity.EarlyRanking], truth: GroundTruth, eta: Int, maxEpochs: Int) -> String {
        var text = "Spearman's rank correlation compares two orderings of the same trials: 1 means the ranking after k "
            + "epochs is already the final one, 0 means it says nothing about it."
        guard let first = rows.first, let winner = truth.winner,
              let final = truth.result.trials[winner - 1].score(afterEpochs: maxEpochs) else {
            return text + " No trial completed \(maxEpochs) epochs, so there is no final ranking to compare with."
        }
        let correlations = rows.compactMap { row in row.correlation.map { "\(Format.fixed($0, 2)) after \(row.epochs)" } }
        if !correlations.isEmpty { text += " Here: " + correlations.joined(separator: ", ") + "." }
        let configuration = truth.result.trials[winner - 1].configuration
        text += " The eventual winner, trial \(winner) (\(configuration)), ends at \(Format.fixed(final, 3))"
        if let rank = first.winnerRank {
            let slots = first.slots(eta: eta)
            let diverged = first.entered - first.ranked
            text += "; after 1 epoch it ranked \(rank) of \(first.ranked), so keeping the best 1/\(eta) of the "
                + "\(first.entered) trials (\(slots)" + (diverged > 0 ? ", the \(diverged) without a score ranked last" : "")
                + ") after 1 epoch would have " + (rank <= slots ? "kept it." : "dropped it: it starts slow.")
        } else {
            text += "."
        }
        // The largest climb from the first epoch's ranking to the last.
        let early = truth.ranked(afterEpochs: 1), late = truth.ranked(afterEpochs: maxEpochs)
        var climber: (number: Int, from: Int, to: Int)?
        for (to, number) in late.enumerated() {
            guard let from = early.firstIndex(of: number) else { continue }
            if from - to > (climber.map { $0.from - $0.to } ?? 0) { climber = (number, from + 1, to + 1) }
        }
        if let climber {
            let trial = truth.result.trials[climber.number - 1]
            text += " The biggest climber is trial \(climber.number), from rank \(climber.from) after 1 epoch to rank "
                + "\(climber.to) after \(maxEpochs) (\(trial.configuration)). Early epochs predict the end only as well "
                + "as the curves run parallel; a curve that starts low and keeps rising crosses the others, and a rule "
                + "that judges it early never sees it climb."
        }
        return text
    }
}
