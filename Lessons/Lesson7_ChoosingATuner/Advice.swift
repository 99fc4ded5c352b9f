// Advice.swift
//
// What this file teaches: "which tuner when", written from the measurements. Each
// situation (few or many hyperparameters, noisy scores, a categorical hyperparameter,
// cheap or expensive trials) gets a sentence built from this run's medians and sign
// tests, so a different seed or budget can change it. Advice the run did not measure is
// labelled "General advice" and names its source.

import Experiments
import HyperSearch
import LabMath
import TextCharts

extension ShowdownReport {
    /// One bullet per situation.
    static func whichToUseWhen(_ standings: [Standings], network: Standings, baseline: Int, networkBaseline: Int,
                               timing: Bool) -> [String] {
        func table(_ name: String) -> Standings? { standings.first { $0.problem == name } }
        var bullets: [String] = []
        if let s = table("Branin") { bullets.append("Few hyperparameters (" + measured(s, baseline: baseline)) }
        if let s = table("Hartmann-6") {
            let shape = s.races.indices.first { s.contenders[$0].name == "grid" }.map { g in
                " A grid of \(Format.counted(Int(Statistics.median(s.races[g].map { Double($0.trials) })), "point")) "
                    + "tries at most 2 values of each of 6 hyperparameters, some only 1."
            } ?? ""
            bullets.append("Many hyperparameters (" + measured(s, baseline: baseline) + shape)
        }
        if let clean = table("Branin"), let noisy = table("noisy Branin") {
            bullets.append("Noisy scores (" + measured(noisy, baseline: baseline) + " " + noiseEffect(clean, noisy))
        }
        if let s = table("categorical Branin") {
            var text = "A categorical hyperparameter (" + measured(s, baseline: baseline)
            if let tpe = s.contenders.firstIndex(where: { $0.name == "TPE" }),
               let bo = s.contenders.firstIndex(where: { $0.name == "BO" }) {
                text += " TPE (a categorical kernel) against BO (one-hot coordinates in a Gaussian process: a "
                    + "categorical with k levels becomes k coordinates, 1 for its level and 0 for the others): "
                    + s.comparison(tpe, against: bo).verdict + "."
            }
            bullets.append(text)
        }
        bullets.append(costAdvice(standings, network: network, timing: timing))
        bullets.append("The network (three hyperparameters, every trial a training): "
                       + networkSentence(network, baseline: networkBaseline))
        if let hyperband = network.contenders.firstIndex(where: { $0.name == "Hyperband" }) {
            bullets.append(earlyStopping(network, hyperband: hyperband, baseline: networkBaseline))
        }
        bullets.append("General advice, not measured here: with hundreds of trials a Gaussian process's fit grows with "
                       + "the cube of the number of trials and TPE's proposals only linearly (Bergstra et al. 2011), so "
                       + "TPE and random search stay cheap where BO slows down; and early stopping pays when a few "
                       + "epochs already rank configurations as the last epoch does (Li et al. 2018; Lesson 6 measures "
                       + "that rank correlation), with TPE or BO proposing the configurations (BOHB, Falkner, Klein and "
                       + "Hutter 2018).")
        return bullets
    }

    /// "name, summary): the leader ..., which tuners beat random search."
    static func measured(_ s: Standings, baseline: Int) -> String {
        let name = s.contenders.map(\.name)
        guard let leader = s.leader() else { return "\(s.problem)): no result." }
        let better = s.contenders.indices.filter { $0 != baseline && verdict(s.comparison($0, against: baseline)) == true }
        var text = "\(s.problem), \(s.summary)): in this run \(name[leader]) had the lowest median regret, "
            + "\(Format.compact(Statistics.median(s.finals(leader)))), after \(Format.counted(s.races[leader].first?.trials ?? 0, "trial"))."
        if let runnerUp = s.leader(excluding: [leader]) {
            let duel = s.comparison(leader, against: runnerUp)
            text += verdict(duel) == true ? " It beat the runner-up, \(name[runnerUp]), by the sign test (p "
                + "\(Format.pValue(duel.pValue)))." : " Against the runner-up, \(name[runnerUp]), the sign test cannot "
                + "tell (p \(Format.pValue(duel.pValue))): both are candidates."
        }
        text += better.isEmpty ? " No tuner beat random search by the sign test."
            : " Better than random search: " + list(better.map { name[$0] }) + "."
        return text
    }

    /// What early stopping bought on the network: more trials for the same epochs, and
    /// whether the chosen network tested better than random search's.
    static func earlyStopping(_ s: Standings, hyperband: Int, baseline: Int) -> String {
        let started = Statistics.median(s.races[hyperband].map { Double($0.trials) })
        let plain = Statistics.median(s.races[baseline].map { Double($0.trials) })
        let versus = s.comparison(hyperband, against: baseline, onTest: true)
        let outcome: String
        switch verdict(versus) {
        case true?: outcome = "it tested better than random search"
        case false?: outcome = "it tested worse than random search"
        case nil: outcome = "the sign test cannot tell it from random search"
        }
        return "Early stopping (Hyperband, on the network): for the same epochs "
            + "Hyperband started a median of \(Format.compact(started)) trials against random search's "
            + "\(Format.compact(plain)); on test accuracy " + outcome + " (better/worse/tied "
            + "\(versus.secondWins)/\(versus.firstWins)/\(versus.ties), p \(Format.pValue(versus.pValue)))."
    }

    /// How much the noise raised each tuner's median regret.
    static func noiseEffect(_ clean: Standings, _ noisy: Standings) -> String {
        let parts = clean.contenders.indices.map { c in
            "\(clean.contenders[c].name) \(Format.compact(Statistics.median(clean.finals(c)))) -> "
                + Format.compact(Statistics.median(noisy.finals(c)))
        }
        return "Median regret without and with noise: " + parts.joined(separator: ", ") + ". With noise a tuner can "
            + "keep a configuration that was only lucky; its true value is what the regret counts."
    }

    static func costAdvice(_ standings: [Standings], network: Standings, timing: Bool) -> String {
        let all = standings + [network]
        // A tuner's races in `tables`, found by name (tables may list different tuners).
        func perTrial(_ name: String, _ value: (Race) -> Double, in tables: [Standings]) -> Double {
            let races = tables.flatMap { table in
                table.contenders.firstIndex { $0.name == name }.map { table.races[$0] } ?? []
            }
            return races.reduce(0) { $0 + value($1) } / Double(max(races.reduce(0) { $0 + $1.trials }, 1))
        }
        let (tpe, bo) = ("TPE", "BO")
        let ratio = perTrial(bo, { Double($0.work.candidatesScored) }, in: all)
            / max(perTrial(tpe, { Double($0.work.candidatesScored) }, in: all), 1)
        var text = "Cheap or expensive trials: over the test functions and the network together, BO scored "
            + "\(Format.fixed(ratio, 0)) times as many candidates per trial as TPE and fits a Gaussian process before "
            + "every guided trial. "
        if timing {
            let choosing = perTrial(bo, \.searcherSeconds, in: standings) * 1000
            let formula = perTrial(bo, \.objectiveSeconds, in: standings) * 1000
            let training = perTrial(bo, \.objectiveSeconds, in: [network]) * 1000
            text += "Measured (--timing): choosing took BO \(Format.fixed(choosing, 2)) ms per trial; evaluating a "
                + "test function took \(Format.fixed(formula, 3)) ms, training the network "
                + "\(Format.fixed(training, 1)) ms. "
                + (choosing > formula ? "On the test functions BO spent more time choosing than evaluating; "
                    : "On the test functions evaluating took longer than choosing; ")
                + (training > choosing ? "on the network training cost more than choosing."
                    : "even on the network choosing cost more than training.")
        } else {
            text += "Rerun with --timing for the seconds. "
        }
        return text + " General advice (Snoek, Larochelle and Adams 2012): a model-based tuner pays off when a trial "
            + "costs much more than choosing it, as a real training does; for a cheap objective its model can cost "
            + "more than the trials it saves."
    }

    static func networkSentence(_ s: Standings, baseline: Int) -> String {
        let name = s.contenders.map(\.name)
        let better = s.contenders.indices.filter { $0 != baseline && verdict(s.comparison($0, against: baseline, onTest: true)) == true }
        let worse = s.contenders.indices.filter { $0 != baseline && verdict(s.comparison($0, against: baseline, onTest: true)) == false }
        var text = "over \(Format.counted(s.races[baseline].count, "seed")), "
        if better.isEmpty && worse.isEmpty {
            text += "no tuner's test accuracy differed from random search's by the sign test; more seeds "
                + "(--network-seeds) are needed before choosing among them on this problem."
        } else {
            if !better.isEmpty { text += "better than random search on test accuracy: \(list(better.map { name[$0] })). " }
            if !worse.isEmpty { text += "worse: \(list(worse.map { name[$0] }))." }
        }
        return text
    }

    /// The lesson's summary bullets.
    static func summary(_ standings: [Standings], network: Standings, baseline: Int, networkBaseline: Int,
                        optimism: [OptimismPoint]) -> [String] {
        var points = ["TPE splits the trials at y* into good and bad, fits a Parzen estimator to each (l and g) and "
                      + "proposes the candidate with the largest l(x) / g(x), which maximises expected improvement."]
        let leaders = standings.compactMap { s in s.leader().map { "\(s.problem): \(s.contenders[$0].name)" } }
        points.append("Lowest median regret at equal trials over \(Format.counted(standings.first?.races[0].count ?? 0, "seed")): "
                      + leaders.joined(separator: "; ") + ". Compare tuners over many seeds with a paired test, never "
                      + "on one run.")
        points.append("On the network, \(networkSentence(network, baseline: networkBaseline))")
        if let first = optimism.first, let last = optimism.last {
            points.append("Nested cross-validation measured the winner's optimism (inner CV minus held-out score): "
                          + "median \(Format.signed(first.medianOptimism, 3)) after \(Format.counted(first.trials, "trial")), "
                          + "\(Format.signed(last.medianOptimism, 3)) after \(last.trials). Report a score no choice "
                          + "has looked at.")
        }
        points.append("A study file written trial by trial survives an interruption: rerun the same code and it resumes.")
        return points
    }
}
