// TPEPictures.swift
//
// What this file teaches: what TPE looks at when it proposes a trial, drawn from the
// searcher's own model. The scores are cut at y* into good and bad trials; a Parzen
// estimator is fitted to each group (l(x) to the good, g(x) to the bad); the proposal is
// the candidate with the largest ratio l(x) / g(x). Every number and curve comes from
// the TreeParzenEstimator main.swift ran; this file only draws and words them.

import Experiments
import Foundation
import HyperSearch
import LabMath
import LessonKit
import TextCharts

enum TPEPictures {
    /// TPE's state just before a proposal.
    struct Snapshot {
        let result: SearchResult
        let split: TreeParzenEstimator.Split
        let good: ParzenEstimator
        let bad: ParzenEstimator
        let proposal: Configuration
        /// The record of the proposal (group sizes, y*, log ratio).
        let step: TPEStep
        let settings: TPESettings

        var proposedRate: Double { proposal["learningRate"]?.number ?? .nan }
        var n: Int { result.trials.count }
        /// The learning rates of a group's trials.
        func rates(_ numbers: [Int]) -> [(x: Double, y: Double)] {
            numbers.compactMap { number in
                let trial = result.trials[number - 1]
                guard let x = trial.configuration["learningRate"]?.number, let y = trial.score else { return nil }
                return (x, y)
            }
        }
        /// log l(x) - log g(x) on `grid`.
        func logRatio(_ grid: [Double]) -> [Double] { grid.map { good.logDensity([$0]) - bad.logDensity([$0]) } }
    }

    /// 201 learning rates evenly spaced in log10 between `low` and `high`.
    static func logGrid(_ low: Double, _ high: Double, count: Int = 201) -> [Double] {
        let a = log10(low), b = log10(high)
        return (0..<count).map { pow(10, a + (b - a) * Double($0) / Double(count - 1)) }
    }

    /// - Parameters:
    ///   - data: the dataset's name, size and 0/1 targets, for one sentence on what the
    ///     network predicts and what accuracy the majority class alone would reach.
    ///   - batchSize, hiddenUnits: the network's fixed settings (HoldOutNetwork.defaults).
    static func introduction(epochs: Int, rows: Int, validationRows: Int, data: (name: String, targetName: String,
                             features: Int, targets: [Double]), batchSize: Int, hiddenUnits: Int) -> String {
        let ones = Double(data.targets.filter { $0 == 1 }.count) / Double(max(data.targets.count, 1))
        return "Data: \(data.name), \(data.targets.count) rows of \(data.features) features and a 0/1 target, "
            + "\(data.targetName) (1 in \(Format.percent(ones, 0)) of the rows, so answering the more common class "
            + "everywhere would score about \(Format.fixed(max(ones, 1 - ones), 2))). The network (Lesson 1's) "
            + "predicts the target from the features. "
            + "Bayesian optimisation (Lesson 4) models the score given the configuration, p(y | x). TPE, the "
            + "Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio and Kegl, \"Algorithms for "
            + "hyper-parameter optimization\", 2011) and Optuna's default sampler, turns the question around: it "
            + "models the configuration given the score, p(x | y), with two densities. We let it tune the network's "
            + "learning rate alone (batch \(batchSize), \(hiddenUnits) hidden units, \(epochs) epochs on \(rows) training rows, scored by "
            + "the accuracy on \(validationRows) validation rows) for 15 trials, and look inside before trial 16. "
            + "Its first 10 trials are random (startup trials: there is nothing to model yet)."
    }

    /// Validation accuracy against learning rate, good and bad trials marked, y* drawn.
    static func scoresChart(_ s: Snapshot) -> String {
        let good = s.rates(s.split.good), bad = s.rates(s.split.bad)
        let all = good + bad
        let threshold = s.step.threshold ?? .nan
        let xr = Axis.usableRange(covering: [1e-4, 1], scale: .log10, padding: 0)
        let yr = Axis.range(covering: all.map(\.y) + [threshold], padding: 0.08)
        var canvas = Canvas(width: 78, height: 12, xRange: xr, xScale: .log10, yRange: yr)
        if let row = canvas.row(of: threshold)?.row {
            for column in 0..<canvas.xAxis.cells where column % 2 == 0 { canvas.set(column: column, row: row, mark: "-") }
        }
        for p in bad { canvas.plot(x: p.x, y: p.y, mark: "x") }
        for p in good { canvas.plot(x: p.x, y: p.y, mark: "G") }
        return canvas.render(title: "The first \(s.n) trials: validation accuracy against learning rate",
                             xLabel: "learning rate (log scale)", yLabel: "accuracy",
                             legend: [("G", "good (accuracy >= y*)"), ("x", "bad"),
                                      ("-", "y* = \(Format.fixed(threshold, 3))")])
    }

    static func splitStory(_ s: Snapshot) -> String {
        let scored = s.result.scoredTrials
        let failed = s.n - scored
        var text = "The split: after n = \(s.n) trials, gamma(n) = min(ceil(\(Format.compact(s.settings.goodFraction)) "
            + "x \(s.n)), \(s.settings.maxGood)) = \(s.settings.goodCount(s.n)) "
            + (s.settings.goodCount(s.n) == 1 ? "trial is" : "trials are") + " good: "
            + "\(s.split.good.count == 1 ? "the best one" : "the \(s.split.good.count) best"), "
            + "down to y* = \(Format.fixed(s.step.threshold ?? .nan, 3)), the score of the worst good trial. "
            + "The other \(s.split.bad.count) are bad"
        let threshold = s.step.threshold ?? .nan
        let tiedBad = s.split.bad.filter { s.result.trials[$0 - 1].score == threshold }.count
        if tiedBad > 0 {
            text += " (\(tiedBad) of them also scored exactly y*: equal scores are ranked by trial number, as "
                + "Optuna's stable sort does, so the earlier "
                + (s.split.good.count == 1 ? "trial is good)" : "trials are good)")
        }
        text += failed > 0 ? ", among them \(Format.counted(failed, "trial")) that diverged (a diverged trial is "
            + "evidence against its region, so it always joins the bad group)." : "."
        text += " In the paper's notation, for a score y to minimise, l(x) = p(x | y < y*) and g(x) = p(x | y >= y*); "
            + "for an accuracy, which we maximise, good means y >= y*."
        return text
    }

    /// l(x) and g(x) over the learning rate with the trials as marks under them, and the
    /// log ratio on the same axis below, with the proposal marked.
    static func densityChart(_ s: Snapshot) -> String {
        let grid = logGrid(1e-4, 1)
        let l = grid.map { exp(s.good.logDensity([$0])) }, g = grid.map { exp(s.bad.logDensity([$0])) }
        let ratio = s.logRatio(grid)
        let xr = Axis.usableRange(covering: grid, scale: .log10, padding: 0)
        let top = Axis.range(covering: l + g + [0], padding: 0.05)
        let bottom = Axis.range(covering: ratio, padding: 0.05)
        let margin = max(Canvas(width: 78, height: 10, xRange: xr, xScale: .log10, yRange: top).leftMargin,
                         Canvas(width: 78, height: 6, xRange: xr, xScale: .log10, yRange: bottom).leftMargin)
        var upper = Canvas(width: 78, height: 10, xRange: xr, xScale: .log10, yRange: top, minimumMargin: margin)
        var lower = Canvas(width: 78, height: 6, xRange: xr, xScale: .log10, yRange: bottom, minimumMargin: margin)
        let column = upper.xAxis.cell(of: s.proposedRate)
        if let column {
            for r in 0..<10 { upper.set(column: column, row: r, mark: "|") }
            for r in 0..<6 { lower.set(column: column, row: r, mark: "|") }
        }
        upper.drawLine(Array(zip(grid, g)).map { (x: $0.0, y: $0.1) }, mark: "g")
        upper.drawLine(Array(zip(grid, l)).map { (x: $0.0, y: $0.1) }, mark: "l")
        // The trials as marks on the bottom row: where each group's kernels sit.
        for p in s.rates(s.split.bad) { upper.plot(x: p.x, y: top.lowerBound, mark: "x") }
        for p in s.rates(s.split.good) { upper.plot(x: p.x, y: top.lowerBound, mark: "G") }
        lower.drawLine(Array(zip(grid, ratio)).map { (x: $0.0, y: $0.1) }, mark: "*")
        var text = upper.render(title: "TPE's two densities (per unit of ln x) and their log ratio before trial "
                                    + "\(s.n + 1)", yLabel: "density")
        text += "\n" + lower.render(xLabel: "learning rate (log scale)", yLabel: "log l(x) - log g(x)",
                                    legend: [("l", "l(x), fitted to the good trials"), ("g", "g(x), fitted to the bad"),
                                             ("G", "good trial"), ("x", "bad trial"),
                                             ("|", "proposal: \(Format.compact(s.proposedRate, significantDigits: 3))")],
                                    axisMarks: column == nil ? [] : [(x: s.proposedRate, mark: Character("^"))])
        return text
    }

    static func ratioStory(_ s: Snapshot) -> String {
        let grid = logGrid(1e-4, 1, count: 1001)
        let ratio = s.logRatio(grid)
        let peak = Statistics.indexOfMaximum(ratio) ?? 0
        let gammaValue = Double(s.step.goodCount) / Double(max(s.n, 1))
        let proposed = s.step.logRatio ?? .nan
        let decades = abs(log10(s.proposedRate) - log10(grid[peak]))
        return "The proposal: TPE drew \(s.settings.candidates) candidates from l(x) and kept the one with the largest "
            + "l(x) / g(x): learning rate \(Format.compact(s.proposedRate, significantDigits: 4)), where "
            + "log l - log g = \(Format.fixed(proposed, 3)). On a fine grid over the whole range the ratio peaks at "
            + "\(Format.compact(grid[peak], significantDigits: 4)) (log ratio \(Format.fixed(ratio[peak], 3))), "
            + "\(Format.fixed(decades, 2)) decades away: TPE maximises over its draws, not over the range, so it keeps "
            + "exploring around the good trials. Why the ratio: the paper shows that the expected improvement over y* "
            + "is EI(x) proportional to (gamma + (1 - gamma) g(x) / l(x))^-1, with gamma = p(y at least as good as y*) = "
            + "\(s.step.goodCount)/\(s.n) = \(Format.fixed(gammaValue, 3)) here"
            // With every trial good, 1 - gamma = 0 and the expression is 1 for every x.
            + (s.step.goodCount < s.n
                ? ", which grows with l(x) / g(x): look where good trials are dense and bad ones sparse."
                : ". With every trial good, 1 - gamma = 0 and the expression is 1 whatever x: it points nowhere, and "
                    + "g(x) has no bad trials to fit (for gamma below 1 it grows with l(x) / g(x)).")
            + " No Gaussian process, no matrix: each candidate costs "
            + "one kernel per trial. (A Parzen estimator, or kernel density estimate, puts a small bump on every "
            + "observation and adds them up, plus a wide prior bump so no region gets zero density.)"
    }

    /// gamma(n) for a few n: the size of the good group.
    static func gammaTable(_ settings: TPESettings) -> String {
        var table = Table(columns: [.init("trials n"), .init("good gamma(n)"), .init("bad"), .init("good share")])
        for n in [10, 15, 20, 50, 100, 250, 300, 1_000] {
            let good = settings.goodCount(n)
            table.addRow(["\(n)", "\(good)", "\(n - good)", Format.percent(Double(good) / Double(n))])
        }
        // The first n whose good group is full: from there on it stops growing.
        var full = 1
        while settings.goodCount(full) < settings.maxGood && full < 1_000_000 { full += 1 }
        let optuna = settings.goodFraction == 0.1 && settings.maxGood == 25
            ? "Optuna's default_gamma" : "Optuna's default_gamma uses 0.1 and 25"
        return table.render() + "\n" + Prose.wrap("gamma(n) = min(ceil(\(Format.compact(settings.goodFraction)) n), "
            + "\(settings.maxGood)) (\(optuna)); from \(Format.grouped(full)) trials on the good group stays at "
            + "\(settings.maxGood), so l(x) sharpens around the very best.", indent: "  ")
    }

    static let multivariateIntroduction = "With several hyperparameters TPE can model each one on its own "
        + "(independent TPE: one l and one g per hyperparameter, each proposed value the best of its own candidates; "
        + "the 2011 paper's algorithm and Optuna 4's default) or all at once (multivariate TPE, Falkner, Klein and "
        + "Hutter 2018, Optuna 5's default: every kernel spans all hyperparameters, so it can follow interactions). "
        + "Which is better here? Both, on a 2-D and a 6-D test function (a formula with a known minimum that "
        + "stands in for a training: a trial costs microseconds, and how far a search ended from the best is "
        + "known exactly), with the same seeds:"

    static func variantsTable(_ rows: [(TestProblem, PairedComparison)]) -> String {
        var table = Table(columns: [.init("problem", alignment: .left), .init("trials"), .init("independent"),
                                    .init("multivariate"), .init("mv won"), .init("ind. won"), .init("p")])
        for (problem, c) in rows {
            table.addRow([problem.name, "\(problem.trials)", Format.compact(c.medianFirst), Format.compact(c.medianSecond),
                          "\(c.secondWins)/\(c.pairings.count)", "\(c.firstWins)/\(c.pairings.count)",
                          Format.compact(c.pValue)])
        }
        return table.render() + "\n" + Prose.wrap("independent, multivariate: median simple regret over seeds; "
            + "mv won, ind. won: seeds where that variant ended lower; p: sign test", indent: "  ")
    }

    static func variantsStory(_ rows: [(TestProblem, PairedComparison)]) -> String {
        let parts = rows.map { "on \($0.0.name) (\($0.0.summary)), \($0.1.verdict)" }
        var text = "Simple regret is the true value at the configuration a search ends with minus the true minimum "
            + "(lower is better). By it, " + parts.joined(separator: "; ") + ". (\"2 real\": two real-valued "
            + "hyperparameters, each any number in its range.)"
        if let note = rows.first?.1.smallSampleNote { text += " " + note }
        return text + " The sign test counts seeds: if both variants were equally good each seed would be a coin toss, "
            + "and p is the chance of a split at least this uneven."
    }
}
