// ComparisonReport.swift
//
// What this file teaches: how to compare tuning methods at equal compute. Every
// method gets the same number of epochs (not the same number of trials, which would
// flatter the ones that stop trials early), on the same seeds; the incumbent is drawn
// against the epochs spent, as a median with its quartiles over seeds; the networks
// chosen are scored once on the test rows, and a sign test says whether any
// difference is more than luck.

import Experiments
import Foundation
import HyperSearch
import LabMath
import TextCharts

enum ComparisonReport {
    /// What step 5 runs. Successive halving there is the scheduler's default, brackets
    /// of eta^s_max trials (Li et al.'s n for the most aggressive bracket), not step 2's
    /// single bracket of all `stepTwoTrials`; the text says so.
    static func intro(budget: Int, maxEpochs: Int, seeds: Int, eta: Int, sMax: Int, stepTwoTrials: Int) -> String {
        let bracketTrials = Fidelity.power(eta, sMax)
        var text = "Five methods, each given \(budget) epochs (one Hyperband loop, "
            + "\(Format.fixed(Double(budget) / Double(maxEpochs), 1)) full trainings' worth): random search with full "
            + "training; successive halving and Hyperband (brackets repeated while epochs remain); median pruning; and "
            + "Bayesian optimisation (3 space-filling trials, spread by a Latin hypercube: each hyperparameter's "
            + "range, on its own scale (log here), is cut into 3 equal parts and each part gets one trial; then a "
            + "Gaussian process chooses) with full training."
        text += " Successive halving here uses its default bracket, eta^s_max = \(eta)^\(sMax) = "
            + "\(bracketTrials) trials on the first rung"
            + (bracketTrials == stepTwoTrials ? " (as in step 2)" : ", not step 2's \(stepTwoTrials)")
            + ", and starts a new bracket of \(bracketTrials) whenever one ends, so its trial count below adds up "
            + "over brackets and its rungs rank trials among \(bracketTrials)."
        return text + " The incumbent is the best trial trained to all "
            + "\(maxEpochs) epochs; a score after fewer epochs is an estimate, not a result. Each of \(seeds) seeds "
            + "brings a new split, new initial weights and new draws, shared by all five; a trial stopped by the "
            + "budget stays unfinished. The chosen network is scored once on the test rows. The charts and the table "
            + "give medians and quartiles over the seeds: a quarter of the seeds ended below the first quartile, a "
            + "quarter above the third."
    }

    /// Short column names for the methods.
    static func shortName(_ method: String) -> String {
        switch method {
        case "random search": return "random"
        case "successive halving": return "halving"
        case "median pruning": return "pruning"
        case "Bayesian optimisation": return "BO"
        default: return method
        }
    }

    /// Test accuracy of each method's chosen network, one row per seed.
    static func seedTable(_ c: Comparison) -> String {
        var table = Table(columns: [.init("seed")] + c.methods.map { .init(shortName($0)) })
        for (k, seed) in c.seeds.enumerated() {
            table.addRow([String(seed)] + c.outcomes.map { $0[k].test.map { Format.fixed($0, 3) } ?? "-" })
        }
        return "Test accuracy of the network each method chose:\n" + table.render()
    }

    /// One band chart per method, on a common y range: the incumbent's validation
    /// accuracy against epochs spent, median and quartiles over seeds.
    static func bands(_ c: Comparison) -> String {
        let x = (1...c.budget).map(Double.init)
        let curves = c.methods.indices.map { m in (c.quantileCurve(m, 0.25), c.quantileCurve(m, 0.5), c.quantileCurve(m, 0.75)) }
        // Zoomed to the second half of the budget, where the methods differ; earlier,
        // lower values are drawn at the bottom edge ('v').
        let late = curves.flatMap { ($0.0 + $0.2).suffix(c.budget / 2) }.filter(\.isFinite)
        let low = ((late.min() ?? 0) * 100).rounded(.down) / 100 - 0.01
        let high = min(1, ((late.max() ?? 1) * 100).rounded(.up) / 100 + 0.01)
        var charts: [String] = []
        for (m, method) in c.methods.enumerated() {
            var chart = BandChart(x: x, mean: curves[m].1, lower: curves[m].0, upper: curves[m].2)
            chart.title = "\(method): incumbent's validation accuracy, \(c.seeds.count) seeds"
            chart.height = 6
            chart.yRange = low...max(high, low + 0.01)
            chart.meanName = "median"
            chart.bandName = "quartiles"
            chart.observationName = ""
            chart.xLabel = m == c.methods.count - 1 ? "epochs spent" : ""
            charts.append(clippedLegend(dropObservationLegend(chart.render()), low: chart.yRange!.lowerBound,
                                        high: chart.yRange!.upperBound))
        }
        return charts.joined(separator: "\n")
    }

    /// The legend gains "v below ..." ("^ above ...") when the plot area shows the
    /// canvas's clipping marks: values outside the zoomed range drawn at its edge.
    static func clippedLegend(_ text: String, low: Double, high: Double) -> String {
        var lines = text.components(separatedBy: "\n")
        // Plot rows start with an optional tick label and the axis, '+' or '|'.
        let plotted = lines.compactMap { line -> Substring? in
            let trimmed = line.drop { $0 == " " || $0.isNumber || $0 == "." || $0 == "-" }
            return trimmed.first == "+" || trimmed.first == "|" ? trimmed.dropFirst() : nil
        }
        var extra = ""
        if plotted.contains(where: { $0.contains("v") }) { extra += "   v below \(Format.fixed(low, 2))" }
        if plotted.contains(where: { $0.contains("^") }) { extra += "   ^ above \(Format.fixed(high, 2))" }
        if !extra.isEmpty, let last = lines.indices.last { lines[last] += extra }
        return lines.joined(separator: "\n")
    }

    /// The band chart's legend without its (unused) observations entry.
    static func dropObservationLegend(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        // The legend is the last line: "o " (no name), then "   * median ...".
        if let last = lines.last, let range = last.range(of: "o    ") {
            lines[lines.count - 1] = last.replacingCharacters(in: range, with: "")
        }
        return lines.joined(separator: "\n")
    }

    static func summaryTable(_ c: Comparison) -> String {
        var table = Table(columns: [.init("method", alignment: .left), .init("trials"), .init("epochs"), .init("examples"),
                                    .init("valid. acc."), .init("test acc."), .init("test quartiles")])
        for (m, method) in c.methods.enumerated() {
            let outcomes = c.outcomes[m]
            let trials = Statistics.median(outcomes.map { Double($0.result.trials.count) })
            let epochs = Statistics.median(outcomes.map { Double($0.result.totalCost.epochs) })
            let examples = Statistics.median(outcomes.map { Double($0.result.totalCost.examples) })
            let valid = outcomes.map { $0.result.best?.score(afterEpochs: $0.result.maxResource) ?? .nan }
            let tests = c.tests(m)
            table.addRow([shortName(method), Format.fixed(trials, trials == trials.rounded() ? 0 : 1), Format.fixed(epochs, 0),
                          Format.grouped(Int(examples.rounded())), median(valid), median(tests),
                          quartiles(tests)])
        }
        return "Medians over seeds:\n" + table.render()
    }

    static func median(_ values: [Double]) -> String {
        values.contains(where: \.isNaN) ? "-" : Format.fixed(Statistics.median(values), 3)
    }

    static func quartiles(_ values: [Double]) -> String {
        values.contains(where: \.isNaN) ? "-"
            : Format.fixed(Statistics.quantile(values, 0.25), 3) + " to " + Format.fixed(Statistics.quantile(values, 0.75), 3)
    }

    static func signTestIntro(_ c: Comparison) -> String {
        var text = "Each method against \(c.methods[0]), seed by seed, on test accuracy: a sign test counts the seeds "
            + "each won (ties dropped); if both were equally good each seed would be a coin toss, and p is the chance "
            + "of a split at least this uneven."
        if c.methods.count >= 2, let note = c.pairedWithBaseline(1).smallSampleNote { text += " " + note }
        return text
    }

    /// Each method against the first (random search), seed by seed, on test accuracy.
    static func signTests(_ c: Comparison) -> [String] {
        (1..<max(1, c.methods.count)).map { m in
            let paired = c.pairedWithBaseline(m)
            return "\(c.methods[m]): \(paired.verdict); median difference " + Format.signed(paired.medianDifference, 3)
                + " (\(shortName(c.methods[m])) minus \(shortName(c.methods[0])))."
        }
    }

    /// On each seed: the best configuration random search trained to R, and what
    /// successive halving did with it (its first bracket starts the same configurations).
    static func lostWinners(_ c: Comparison, eta: Int) -> String {
        guard let random = c.methods.firstIndex(of: "random search"),
              let halving = c.methods.firstIndex(of: "successive halving") else { return "" }
        var seen = 0, ties = 0, lost: [String] = []
        for k in c.seeds.indices {
            let full = c.outcomes[random][k].result, halved = c.outcomes[halving][k].result
            let R = full.maxResource
            guard let best = full.best, let bestScore = best.score(afterEpochs: R),
                  let trial = halved.trials.first(where: { $0.configuration == best.configuration }) else { continue }
            seen += 1
            guard trial.epochs < R else { continue }
            // What the same bracket took to R instead.
            let bracket = halved.rungs.first { $0.trials.contains(trial.number) }?.bracket
            let kept = halved.trials.filter { t in
                t.epochs >= R && halved.rungs.contains { $0.bracket == bracket && $0.trials.contains(t.number) }
            }.compactMap { $0.score(afterEpochs: R) }.max()
            if let kept, kept >= bestScore { ties += 1; continue }
            let rung = halved.rungs.last { $0.trials.contains(trial.number) }
            let place = rung.flatMap { HalvingReport.rankInRung(trial.number, $0, halved) }
            lost.append("seed \(c.seeds[k]), cut after \(Format.counted(trial.epochs, "epoch"))"
                        + (place.map { r in " at rank \(r) of \(rung!.trials.count)" } ?? "")
                        // As step 2 prints it (the difference of the 3-decimal scores):
                        // at step 2's seed it is the same number (0.956 - 0.911 = 0.045,
                        // not the 0.044 of the unrounded 0.0444).
                        + (kept.map { ", \(Fidelity.printedDifference(bestScore, $0)) better than what its bracket "
                            + "kept" } ?? ""))
        }
        var text = "Did halving throw away what full training found best? On \(seen) of \(c.seeds.count) seeds "
            + "successive halving started random search's best configuration (the same draws)."
        if ties > 0 {
            text += " On \(ties) it cut it but took another trial to \(c.outcomes[0][0].result.maxResource) epochs "
                + "that ends at least as high (nothing lost)."
        }
        if lost.isEmpty { return text + " It never lost it to a worse trial." }
        return text + " It lost it to a worse trial on \(lost.count): " + lost.joined(separator: "; ") + ". "
            + (lost.count == 1 ? "There" : "Each time") + " the configuration looked worse early than the trials "
            + "promoted over it, and ended better."
    }

    /// What halving's choice did to full training's winner, judged as step 2 judges it:
    /// by the final score (HalvingReport.keptBest), so that a different configuration
    /// ending at the same score is a tie, not a loss.
    static func keptOrLost(_ halving: MultiFidelityResult, truth: GroundTruth) -> String {
        guard let chosen = halving.best, let winner = truth.winner else { return "lost full training's winner" }
        if chosen.configuration == truth.result.trials[winner - 1].configuration { return "kept full training's winner" }
        return HalvingReport.keptBest(chosen, truth: truth)
            ? "kept full training's best score (a tie with trial \(winner))" : "lost full training's winner"
    }

    static func summary(truth: GroundTruth, ranks: [Fidelity.EarlyRanking], halving: MultiFidelityResult,
                        fullRun: MultiFidelityResult, comparison: Comparison) -> [String] {
        var points: [String] = []
        if let first = ranks.first, let rho = first.correlation, let last = ranks.last, let rhoLast = last.correlation {
            points.append("How well early epochs predict the final ranking (1 would be perfect): rank correlation "
                          + "\(Format.fixed(rho, 2)) after 1 epoch, \(Format.fixed(rhoLast, 2)) after \(last.epochs).")
        }
        points.append("Successive halving trained \(Format.grouped(halving.totalCost.epochs)) epochs instead of "
                      + "\(Format.grouped(fullRun.totalCost.epochs)) and " + keptOrLost(halving, truth: truth)
                      + " in step 2.")
        points.append("Hyperband's brackets hedge the choice of the first rung; its table is known before it runs.")
        for m in 1..<comparison.methods.count {
            points.append("At \(comparison.budget) epochs, \(comparison.methods[m]) against \(comparison.methods[0]): "
                          + comparison.pairedWithBaseline(m).verdict + ".")
        }
        points.append("Compare at equal epochs, over seeds, on held-out data; never by counting trials.")
        return points
    }

    // MARK: Checks for the exercises

    static func bracketCheck(_ plans: [BracketPlan]) -> String {
        let list = plans.map { "s = \($0.s): \(Format.counted($0.rungs[0].trials, "trial")) on \($0.rungs[0].epochs) epochs" }
        return "\(Format.counted(plans.count, "bracket")): " + list.joined(separator: "; ")
            + "; one loop trains \(Format.grouped(plans.reduce(0) { $0 + $1.epochs })) epochs (step 3's table)."
    }

    static func rungCheck(_ plan: BracketPlan) -> String {
        "rungs " + plan.rungs.map { "\($0.trials) x \($0.epochs)" }.joined(separator: ", ")
            + " (trials x epochs), \(Format.grouped(plan.epochs)) epochs in all (step 2's table)."
    }

    static func seedsCheck(_ seeds: Int) -> String {
        // The fewest wins, out of more than half, that the two-sided test calls significant.
        let needed = (seeds / 2 + 1...seeds).first { Statistics.signTestPValue(wins: $0, losses: seeds - $0) < 0.05 }
            ?? seeds
        return "\(needed) of \(seeds) (p " + Format.pValue(Statistics.signTestPValue(wins: needed, losses: seeds - needed))
            + "; \(needed - 1) gives p " + Format.pValue(Statistics.signTestPValue(wins: needed - 1, losses: seeds - needed + 1))
            + "). Ties are dropped, so with ties fewer wins can be enough."
    }
}
