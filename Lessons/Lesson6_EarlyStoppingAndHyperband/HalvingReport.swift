// HalvingReport.swift
//
// What this file teaches: how to read successive halving, Hyperband and pruning after
// the fact: which trials each rung kept, what that cost against full training, and
// whether the trial that would have won was among those stopped. Step 1 trained every
// configuration to R, so "would have won" is measured, not guessed.

import Experiments
import HyperSearch
import LabMath
import TextCharts

enum HalvingReport {
    static func halvingIntro(eta: Int, trials: Int, plan: BracketPlan) -> String {
        "Successive halving (Jamieson and Talwalkar 2016) starts many trials on few epochs and spends the rest on "
            + "the promising ones. A rung is a checkpoint: every trial that reaches it has trained the same number "
            + "of epochs and is ranked there; the best 1/eta (eta, the reduction factor, is \(eta) here) are "
            + "promoted and resume training to the next rung, eta times longer; the others stop for good. Ties go to "
            + "the earlier trial, and a diverged trial is never promoted. The same \(trials) configurations as in "
            + "step 1 (the same random searcher), planned before anything runs (a promoted trial resumes, so it "
            + "pays only for its extra epochs). The plan is one bracket: one run of successive halving, labelled by "
            + "s, its number of halvings (s=\(plan.s) here; step 3 runs several brackets). Rung i trains "
            + "R / eta^(s - i) epochs, rounded to the nearest epoch, and of the k trials that reach a rung the best "
            + "floor(k / eta) go on:"
    }

    /// The curves as far as successive halving trained them, marked by how far each
    /// got; the eventual winner's unseen remainder (from step 1) dotted. The legend
    /// names only marks the chart shows: a trial stopped early is drawn over the longer
    /// ones (which pass through the same first epochs), and one whose scores all fall
    /// below the zoomed range appears as 'v' on the bottom edge.
    static func funnel(_ result: MultiFidelityResult, truth: GroundTruth) -> String {
        let R = result.maxResource
        // Zoomed to the trials promoted at least once (and the winner's remainder):
        // those stopped at the first rung fall below, drawn as 'v' on the bottom edge.
        let firstRung = result.rungs.first?.epochs ?? R
        var shown = result.trials.filter { $0.epochs > firstRung }.flatMap(\.scores)
        if let winner = truth.winner { shown += truth.result.trials[winner - 1].scores }
        let low = ((shown.min() ?? 0) * 20).rounded(.down) / 20
        var canvas = Canvas(width: 78, height: 14, xRange: 1...Double(R), yRange: min(low, 0.95)...1)
        canvas.xAxis.integerTicks = true
        let marks: [Character] = [".", "o", "+", "x", "*", "#", "%"]
        let rungEpochs = result.rungs.map(\.epochs)
        var counts = [Int](repeating: 0, count: rungEpochs.count)
        // The winner's remainder first, so that the trials' own marks stay on top.
        var remainder: (mark: Character, name: String)?
        if let winner = truth.winner, let trial = result.trials.first(where: {
            $0.configuration == truth.result.trials[winner - 1].configuration }), trial.epochs < R {
            let full = truth.result.trials[winner - 1].scores
            let rest = (trial.epochs...full.count).map { (x: Double($0), y: full[$0 - 1]) }
            canvas.drawLine(rest, mark: ":")
            remainder = (":", "what trial \(trial.number) would have done (step 1)")
        }
        // Longest first: the short curves, stopped early, are drawn last, on top.
        func rung(of trial: MultiFidelityTrial) -> Int { rungEpochs.lastIndex { $0 <= trial.epochs } ?? 0 }
        for trial in result.trials.sorted(by: { ($0.epochs, $0.number) > ($1.epochs, $1.number) }) {
            counts[rung(of: trial)] += 1
            let mark = trial.epochs >= R ? "@" : marks[min(rung(of: trial), marks.count - 1)]
            canvas.drawLine(trial.scores.enumerated().map { (x: Double($0.offset + 1), y: $0.element) }, mark: mark)
        }
        let visible = Set((0..<canvas.yAxis.cells).flatMap { row in
            (0..<canvas.xAxis.cells).map { canvas.mark(column: $0, row: row) }
        })
        var legend: [(mark: Character, name: String)] = []
        if let remainder, visible.contains(remainder.mark) { legend.append(remainder) }
        var hidden: [String] = []
        for (i, epochs) in rungEpochs.enumerated() where counts[i] > 0 && epochs < R {
            let mark = marks[min(i, marks.count - 1)], name = "stopped at \(epochs) (\(counts[i]))"
            if visible.contains(mark) { legend.append((mark, name)) } else { hidden.append(name) }
        }
        let finished = counts.last ?? 0
        if visible.contains("@") { legend.append(("@", "trained \(R) epochs (\(finished))")) }
        else if finished > 0 { hidden.append("trained \(R) epochs (\(finished))") }
        if visible.contains("v") {
            legend.append(("v", "below \(Format.fixed(low, 2))" + (hidden.isEmpty ? "" : ": " + hidden.joined(separator: ", "))))
        } else if !hidden.isEmpty {
            legend.append((" ", "hidden under other marks: " + hidden.joined(separator: ", ")))
        }
        return canvas.render(title: "Successive halving: each trial as far as it was trained", xLabel: "epoch",
                             yLabel: "accuracy", legend: legend)
    }

    /// Whether halving kept the configuration that full training found best, and what
    /// each cost.
    static func keptWinnerStory(_ result: MultiFidelityResult, truth: GroundTruth, fullCost: SearchCost) -> String {
        let cost = result.totalCost
        var text = "Successive halving spent \(Format.grouped(cost.epochs)) epochs and \(Format.grouped(cost.examples)) "
            + "training examples, \(Format.percent(Double(cost.epochs) / Double(fullCost.epochs), 0)) of full "
            + "training's \(Format.grouped(fullCost.epochs)) epochs."
        guard let chosen = result.best, let winner = truth.winner else {
            return text + " No trial reached the last rung."
        }
        let winnerTrial = truth.result.trials[winner - 1]
        let R = result.maxResource
        let chosenScore = chosen.score(afterEpochs: R)!
        if chosen.configuration == winnerTrial.configuration {
            return text + " It chose trial \(chosen.number)\(tieNote(chosen, result)), the same configuration full "
                + "training found best "
                + "(\(Format.fixed(chosenScore, 3))): here halving kept the winner"
                + (cost.epochs < fullCost.epochs ? " at a fraction of the cost."
                    : !result.rungs.isEmpty && result.rungs.allSatisfy({ $0.s == 0 })
                        ? ", at full training's cost: with one rung (s = 0) nothing was halved."
                    : ", at no saving.")
        }
        let final = winnerTrial.score(afterEpochs: R)!
        if chosenScore >= final {
            return text + " It chose trial \(chosen.number)\(tieNote(chosen, result)), which ends at "
                + "\(Format.fixed(chosenScore, 3)), as high as "
                + "full training's winner (trial \(winner)): a tie, nothing lost."
        }
        text += " It chose trial \(chosen.number) at \(Format.fixed(chosenScore, 3))\(tieNote(chosen, result)); full "
            + "training's winner, trial "
            + "\(winner) at \(Format.fixed(final, 3)), "
        if let seen = result.trials.first(where: { $0.configuration == winnerTrial.configuration }) {
            let rung = result.rungs.last { $0.trials.contains(seen.number) }
            let place = rung.flatMap { rankInRung(seen.number, $0, result) }
            text += "was cut after \(Format.counted(seen.epochs, "epoch"))"
            if let place, let rung {
                text += ", where it ranked \(place) of \(rung.trials.count) and only \(rung.promoted.count) went on"
            }
            text += ". Aggressive halving threw away the eventual winner: a slow starter looks like a poor trial "
                + "when it is judged early. The cost of that: \(Fidelity.printedDifference(final, chosenScore)) of "
                + "validation accuracy."
        } else {
            text += "was never started by halving."
        }
        return text
    }

    /// " (tied with trial 4, which ends at the same score; a tie goes to the earlier
    /// trial)", or "" when no other trial trained to R ends at the chosen one's score.
    static func tieNote(_ chosen: MultiFidelityTrial, _ result: MultiFidelityResult) -> String {
        let R = result.maxResource, score = chosen.score(afterEpochs: R)
        let others = result.trials.filter { $0.number != chosen.number && score != nil && $0.score(afterEpochs: R) == score }
        guard !others.isEmpty else { return "" }
        let names = others.map { "\($0.number)" }
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return " (tied with trial" + (names.count == 1 ? " " : "s ") + list
            + ", which end" + (names.count == 1 ? "s" : "") + " at the same score; a tie goes to the earlier trial)"
    }

    /// The 1-based place of trial `number` among the trials of `rung`, by their score there.
    static func rankInRung(_ number: Int, _ rung: RungRecord, _ result: MultiFidelityResult) -> Int? {
        let scored = rung.trials.compactMap { n in result.trials[n - 1].score(afterEpochs: rung.epochs).map { (n, $0) } }
        let order = scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
        return order.firstIndex(of: number).map { $0 + 1 }
    }

    static func hedgeIntro(minEpochs: Int, maxEpochs: Int) -> String {
        "How early should the first rung judge? Too early (a bad minimum resource r) and slow starters are cut; too "
            + "late and little is saved. The same configurations, halved from each first rung in turn (the step 1 "
            + "curves answer every question, so this costs no new training; the cost column is what each would "
            + "train):"
    }

    /// Successive halving from one first rung.
    struct HedgeRow {
        let result: MultiFidelityResult
        var firstRung: Int { result.rungs.first?.epochs ?? result.maxResource }
    }

    static func hedgeTable(_ rows: [HedgeRow], truth: GroundTruth) -> String {
        var table = Table(columns: [.init("first rung"), .init("rungs"), .init("epochs"), .init("examples"),
                                    .init("chosen trial"), .init("its accuracy"), .init("best kept?")])
        for row in rows {
            let chosen = row.result.best
            let kept = chosen.map { keptBest($0, truth: truth) }
            table.addRow([Format.counted(row.firstRung, "epoch"), String(row.result.rungs.count),
                          Format.grouped(row.result.totalCost.epochs), Format.grouped(row.result.totalCost.examples),
                          chosen.map { String($0.number) } ?? "-",
                          chosen.flatMap { $0.score(afterEpochs: row.result.maxResource) }.map { Format.fixed($0, 3) } ?? "-",
                          kept.map { $0 ? "yes" : "no" } ?? "-"])
        }
        return table.render()
    }

    /// True when `chosen` ends as high as full training's winner (the winner itself,
    /// or a tie): nothing was lost by stopping the others early.
    static func keptBest(_ chosen: MultiFidelityTrial, truth: GroundTruth) -> Bool {
        guard let winner = truth.winner, let best = truth.result.trials[winner - 1].score(afterEpochs: truth.result.maxResource),
              let score = chosen.score(afterEpochs: truth.result.maxResource) else { return false }
        return score >= best
    }

    static func hedgeStory(_ rows: [HedgeRow], truth: GroundTruth) -> String {
        let keeping = rows.filter { row in row.result.best.map { keptBest($0, truth: truth) } ?? false }
        guard let cheapest = keeping.min(by: { $0.result.totalCost.epochs < $1.result.totalCost.epochs }) else {
            return "No first rung kept full training's best score here."
        }
        var text = "The cheapest first rung that kept full training's best score here is \(cheapest.firstRung) "
            + "\(cheapest.firstRung == 1 ? "epoch" : "epochs") (\(Format.grouped(cheapest.result.totalCost.epochs)) epochs)."
        if let aggressive = rows.first, aggressive.firstRung != cheapest.firstRung {
            text += " The most aggressive, from \(Format.counted(aggressive.firstRung, "epoch")), did not."
        }
        return text + " Which r is right depends on the problem, and it is not known in advance. Hyperband (Li et al. "
            + "2018) does not bet on one: it runs successive halving in every bracket, from the most aggressive (many "
            + "trials on r epochs) to none at all (a few trials on all R). A bracket is one successive-halving run with "
            + "its own first rung; Li et al. index it by s, the number of halvings."
    }

    static func bracketStory(_ hyperband: Hyperband, trials: Int, maxEpochs: Int) -> String {
        let loop = hyperband.plans.reduce(0) { $0 + $1.epochs }
        let started = hyperband.plans.reduce(0) { $0 + $1.rungs[0].trials }
        var text = "Li et al.'s formulas (Algorithm 1): s_max = floor(log_eta(R / r)) = \(hyperband.plans.count - 1); "
            + "bracket s starts n = ceil((s_max + 1) / (s + 1) x eta^s) trials on r_s = R / eta^s epochs and halves "
            + "them s times. One loop over the brackets starts \(Format.counted(started, "trial")) and trains "
            + "\(Format.grouped(loop)) epochs, as many as \(Format.fixed(Double(loop) / Double(maxEpochs), 1)) full "
            + "trainings."
        if hyperband.plans.count == 1 {
            text += " With s_max = 0 there is one bracket, s = 0, and no halving: Hyperband is then random search "
                + "with every trial trained to R."
        }
        if started <= trials {
            text += " " + (started == 1 ? "Its trial is the first configuration"
                                        : "Its trials are the first \(started) configurations")
                + " of step 1 (the same random searcher), so step 1 knows how " + (started == 1 ? "it ends." : "each of them ends.")
        }
        return text
    }

    static func hyperbandStory(_ result: MultiFidelityResult, truth: GroundTruth) -> String {
        let cost = result.totalCost
        var text = "Hyperband spent \(Format.grouped(cost.epochs)) epochs and \(Format.grouped(cost.examples)) training "
            + "examples on \(Format.counted(result.trials.count, "trial"))."
        guard let best = result.best, let score = best.score(afterEpochs: result.maxResource) else {
            return text + " No trial reached \(result.maxResource) epochs."
        }
        let bracket = result.rungs.last { $0.trials.contains(best.number) && $0.epochs == result.maxResource }
        text += " Its choice: trial \(best.number) at \(Format.fixed(score, 3))\(tieNote(best, result))"
            + (bracket.map { ", from bracket s = \($0.s)." } ?? ".")
        // Its own trials as full training left them (step 1 trained each to R).
        let known = result.trials.compactMap { trial in truth.finalScore(of: trial.configuration).map { (trial, $0) } }
        guard !known.isEmpty else { return text }
        let unknown = result.trials.count - known.count
        let note = unknown == 0 ? "" : unknown == 1 ? " (1 more diverged or was not trained there)"
            : " (\(unknown) more diverged or were not trained there)"
        text += " Step 1 trained \(known.count) of its trials to \(result.maxResource) epochs\(note)"
        // The best of them, the earliest on ties (as the tuner's incumbent).
        var top = known[0]
        for entry in known.dropFirst() where entry.1 > top.1 { top = entry }
        if top.1 <= score {
            text += ": none of them ends better than its choice."
        } else {
            text += "; the best, trial \(top.0.number), ends at \(Format.fixed(top.1, 3)), but Hyperband stopped it "
                + "after \(Format.counted(top.0.epochs, "epoch"))."
        }
        return text
    }

    static func pruningIntro() -> String {
        "Pruning (Optuna's default, the median stopping rule of Google Vizier): every trial aims for all R epochs, "
            + "but after each epoch k its best score so far is compared with the median of the completed trials' "
            + "scores after k epochs; if it is worse, the trial is stopped for good. Nothing is pruned until 5 trials "
            + "have completed (the startup trials). One rule of this library's, not Optuna's, on top: a trial already "
            + "as good as the best completed one is never stopped. The same configurations as step 1:"
    }

    static func pruningTable(_ decisions: [PruningDecision], maxRows: Int) -> String {
        guard !decisions.isEmpty else { return "  (no trial was pruned)" }
        var table = Table(columns: [.init("trial"), .init("stopped after epoch"), .init("its best so far"),
                                    .init("median of completed"), .init("over")])
        for d in decisions.prefix(maxRows) {
            table.addRow([String(d.trial), String(d.epochs), Format.fixed(d.bestScore, 3), Format.fixed(d.median, 3),
                          Format.counted(d.completedTrials, "trial")])
        }
        let more = decisions.count > maxRows ? "\n  ... and \(decisions.count - maxRows) more" : ""
        return table.render() + more
    }

    static func pruningStory(_ result: MultiFidelityResult, decisions: [PruningDecision], truth: GroundTruth,
                             fullCost: SearchCost) -> String {
        let cost = result.totalCost
        var text = "Median pruning stopped \(Format.counted(decisions.count, "trial")) and spent "
            + "\(Format.grouped(cost.epochs)) epochs (\(Format.grouped(cost.examples)) training examples), "
            + "\(Format.percent(Double(cost.epochs) / Double(fullCost.epochs), 0)) of full training."
        if let winner = truth.winner {
            let configuration = truth.result.trials[winner - 1].configuration
            if let pruned = decisions.first(where: { result.trials[$0.trial - 1].configuration == configuration }) {
                text += " It stopped full training's winner (trial \(pruned.trial)) after \(Format.counted(pruned.epochs, "epoch")): "
                    + "its best so far, \(Format.fixed(pruned.bestScore, 3)), was below the median "
                    + "\(Format.fixed(pruned.median, 3))."
            } else {
                text += " It did not stop full training's winner."
            }
            if let chosen = result.best, let score = chosen.score(afterEpochs: result.maxResource),
               let best = truth.result.trials[winner - 1].score(afterEpochs: result.maxResource) {
                text += " Its choice, trial \(chosen.number), ends at \(Format.fixed(score, 3)) (full training's best: "
                    + "\(Format.fixed(best, 3)))."
            }
        }
        return text + " Unlike a rung, pruning judges each trial only against trials that completed before it: "
            + "the first 5 are never pruned, whatever they are worth."
    }
}
