// ShowdownReport.swift
//
// What this file teaches: how to report a race between tuners honestly. Medians and
// quartiles over seeds rather than one lucky run; every tuner compared with the same
// baseline (random search) seed by seed, with an exact sign test; "better" said only
// when the test says so, and ties reported as ties. Every number comes from the races
// main.swift ran.

import Experiments
import HyperSearch
import LabMath
import LessonKit
import TextCharts

enum ShowdownReport {
    static func contendersIntroduction(cheapBO: Bool, seeds: Int) -> String {
        "Five tuners race on the test functions (a sixth, Hyperband, needs epochs and joins on the network in "
            + "step 3): manual (a fixed plan written before the search: every hyperparameter in the middle of "
            + "its range, then one at a time to a quarter and three quarters of it, then to the eighths, ...), grid "
            + "(as many values per hyperparameter as the budget allows, at the centres of equal cells), random, TPE "
            + "and Bayesian optimisation (BO: a Gaussian process with expected improvement, Lesson 4), each with the "
            + "library's defaults"
            + (cheapBO ? ", except that BO looks for its next point more cheaply (500 random candidates instead of "
                + "2,000, the best 2 refined instead of 5, 2 restarts of its likelihood fit instead of 3): the price "
                + "of \(seeds) seeds within the lesson's time (--bo-search default runs the library's search)" : "")
            + ". Equal compute means the same number of trials for every tuner on a test function (the grid takes "
            + "the largest grid that fits, so it may use fewer). After each trial a tuner's result is its incumbent, "
            + "the best trial so far by the scores it saw. Manual and grid do not depend on the seed: on Branin and "
            + "Hartmann-6 they end at the same point every time; categorical Branin reshuffles with each seed which "
            + "level stands for which value, so there their regret varies too."
    }

    /// The problems, their budgets and what each stands for.
    static func problemTable(_ problems: [TestProblem]) -> String {
        var table = Table(columns: [.init("problem", alignment: .left), .init("hyperparameters", alignment: .left),
                                    .init("trials"), .init("grid shape"), .init("minimum")])
        for p in problems {
            let shape = Plans.gridShape(p.space, trials: p.trials)
            table.addRow([p.name, p.summary, "\(p.trials)", shape.map(String.init).joined(separator: "x"),
                          Format.fixed(p.minimum, 4)])
        }
        return table.render() + "\n" + Prose.wrap("hyperparameters: real, any number in a range; categorical, one of "
            + "a few unordered levels", indent: "  ")
    }

    /// Median regret with quartile bands (for random search and the leader) by trial.
    static func regretChart(_ s: Standings, baseline: Int) -> String {
        var chart = convergence(s, baseline: baseline,
                                title: "\(s.problem): median regret over \(s.races[0].count) seeds (log scale)",
                                xLabel: "trial", yLabel: "regret")
        chart.yScale = .log10
        chart.floor = 1e-6
        return chart.render()
    }

    /// Every tuner's median curve over seeds, point i at compute i + 1, with quartile
    /// bands for random search and the leader (the other tuner with the best final median).
    static func convergence(_ s: Standings, baseline: Int, title: String, xLabel: String,
                            yLabel: String) -> ConvergenceChart {
        // The longest curve sets the axis (a grid or a plan may end before the budget).
        let length = s.races.map { $0.first?.curve.count ?? 0 }.max() ?? 0
        var chart = ConvergenceChart(title: title, xLabel: xLabel, yLabel: yLabel, x: (0..<length).map { Double($0 + 1) })
        for c in s.contenders.indices {
            let q = s.quartileCurves(c)
            chart.lines.append(.init(name: s.contenders[c].name, mark: s.contenders[c].mark, median: q.median,
                                     lower: q.lower, upper: q.upper))
        }
        chart.bands = [baseline] + (s.leader(excluding: [baseline]).map { [$0] } ?? [])
        return chart
    }

    /// Final regret per tuner: median, quartiles, trials, and the sign test against the baseline.
    static func finalTable(_ s: Standings, baseline: Int) -> String {
        var table = Table(columns: [.init("tuner", alignment: .left), .init("trials"), .init("median"),
                                    .init("quartiles"), .init("b/w/t vs random"), .init("p")])
        for c in s.contenders.indices {
            let finals = s.finals(c)
            let trials = Statistics.median(s.races[c].map { Double($0.trials) })
            let versus = c == baseline ? ("--", "--") : {
                let v = s.comparison(c, against: baseline)
                return ("\(v.secondWins)/\(v.firstWins)/\(v.ties)", Format.compact(v.pValue))
            }()
            table.addRow([s.contenders[c].name, Format.compact(trials), Format.compact(Statistics.median(finals)),
                          Format.compact(Statistics.quantile(finals, 0.25)) + " - "
                            + Format.compact(Statistics.quantile(finals, 0.75)), versus.0, versus.1])
        }
        return table.render() + "\n" + Prose.wrap("final simple regret over seeds: the median, and the quartiles "
            + "(a quarter of the seeds ended below the first, a quarter above the second); b/w/t: seeds where the "
            + "tuner ended better than, worse than or equal to random search; p: sign test", indent: "  ")
    }

    /// Who led, and which tuners did better or worse than random search by the sign test.
    /// - Parameter explain: say in full why TPE and random search can tie (the first
    ///   time); later problems get the short form.
    static func finalStory(_ s: Standings, baseline: Int, explain: Bool = true) -> String {
        guard let leader = s.leader() else { return "" }
        let name = s.contenders.map(\.name)
        var better: [String] = [], worse: [String] = [], unclear: [String] = []
        for c in s.contenders.indices where c != baseline {
            switch verdict(s.comparison(c, against: baseline)) {
            case true?: better.append(name[c])
            case false?: worse.append(name[c])
            case nil: unclear.append(name[c])
            }
        }
        var text = "\(s.problem) (\(s.summary)): the lowest median regret after \(s.races[leader].first?.trials ?? 0) "
            + "trials is \(name[leader])'s, \(Format.compact(Statistics.median(s.finals(leader))))."
        if !better.isEmpty { text += " Better than random search by the sign test (p < 0.05): \(list(better))." }
        if !worse.isEmpty { text += " Worse than random search: \(list(worse))." }
        if !unclear.isEmpty { text += " Not distinguishable from random search: \(list(unclear))." }
        if let runnerUp = s.leader(excluding: [leader]) {
            let duel = s.comparison(leader, against: runnerUp)
            text += " The leader against the runner-up, \(name[runnerUp]): \(duel.verdict)."
        }
        return text + (sharedStartNote(s, baseline: baseline, explain: explain).map { " " + $0 } ?? "")
    }

    /// Why TPE and random search tie so often: TPE's startup trials are random draws
    /// and, with the same seed, random search's own (compared here, seed by seed). Nil
    /// when they never drew the same opening.
    static func sharedStartNote(_ s: Standings, baseline: Int, onTest: Bool = false, explain: Bool = true) -> String? {
        guard let tpe = s.contenders.firstIndex(where: { $0.name == "TPE" }), tpe != baseline else { return nil }
        let startup = TPESettings().startupTrials
        let seeds = s.races[tpe].count, same = s.sharedOpening(tpe, baseline, count: startup)
        guard same > 0 else { return nil }
        let ties = s.comparison(tpe, against: baseline, onTest: onTest).ties
        let tied = "TPE tied random search on \(ties) of \(seeds)"
        if s.races[tpe].allSatisfy({ $0.trials <= startup }) {
            return "TPE's searches here had at most \(startup) trials, all of them startup trials (random draws, "
                + "before any model), and they were the very configurations random search drew with the same seed "
                + "on \(same) of \(seeds) seeds: on this budget TPE is random search (\(tied))."
        }
        if !explain {
            return "(TPE's first \(startup) trials were again random search's on \(same) of \(seeds) seeds; \(tied).)"
        }
        return "TPE's first \(startup) trials are startup trials, random draws before any model, and with the same "
            + "seed they were random search's own first \(startup) on \(same) of \(seeds) seeds: the two searches are "
            + "one until trial \(startup + 1), so a seed where neither finds better later ends in a tie (\(tied))."
    }

    /// true: the second method of the comparison did better; false: worse; nil: the sign
    /// test cannot tell at the 5% level.
    static func verdict(_ c: PairedComparison) -> Bool? {
        c.pValue < 0.05 ? c.secondWins > c.firstWins : nil
    }

    static func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// What each searcher did to choose, summed over problems and seeds; with --timing
    /// the seconds it spent choosing next to the seconds spent evaluating.
    static func workTable(_ standings: [Standings], timing: Bool) -> String {
        guard let first = standings.first else { return "" }
        var columns: [Table.Column] = [.init("tuner", alignment: .left), .init("trials"), .init("models"),
                                       .init("candidates"), .init("per trial")]
        if timing { columns += [.init("choose ms"), .init("evaluate ms")] }
        var table = Table(columns: columns)
        for c in first.contenders.indices {
            let races = standings.flatMap { $0.races[c] }
            let trials = races.reduce(0) { $0 + $1.trials }
            let work = races.reduce(SearcherWork()) { $0 + $1.work }
            var row = [first.contenders[c].name, Format.grouped(trials), Format.grouped(work.modelFits),
                       Format.grouped(work.candidatesScored),
                       Format.compact(Double(work.candidatesScored) / Double(max(trials, 1)))]
            if timing {
                let choosing = races.reduce(0) { $0 + $1.searcherSeconds }
                let evaluating = races.reduce(0) { $0 + $1.objectiveSeconds }
                row += [Format.fixed(1000 * choosing / Double(max(trials, 1)), 3),
                        Format.fixed(1000 * evaluating / Double(max(trials, 1)), 3)]
            }
            table.addRow(row)
        }
        return table.render() + "\n" + Prose.wrap("summed over problems and seeds: models fitted and candidates scored "
            + "to choose the trials, and candidates per trial" + (timing ? "; milliseconds per trial spent choosing "
            + "(suggest and observe) and evaluating" : ""), indent: "  ")
    }

    static func workStory(_ standings: [Standings], timing: Bool) -> String {
        guard let first = standings.first,
              let tpe = first.contenders.firstIndex(where: { $0.name == "TPE" }),
              let bo = first.contenders.firstIndex(where: { $0.name == "BO" }) else { return "" }
        func total(_ c: Int) -> (SearcherWork, Int) {
            let races = standings.flatMap { $0.races[c] }
            return (races.reduce(SearcherWork()) { $0 + $1.work }, races.reduce(0) { $0 + $1.trials })
        }
        let (tpeWork, _) = total(tpe), (boWork, _) = total(bo)
        var text = "The cost of the searcher itself: manual, grid and random search choose without a model. TPE "
            + "fitted \(Format.grouped(tpeWork.modelFits)) pairs of Parzen estimators and scored "
            + "\(Format.grouped(tpeWork.candidatesScored)) candidates, each by one kernel per trial; BO fitted "
            + "\(Format.grouped(boWork.modelFits)) Gaussian processes (each fitted by maximising the marginal "
            + "likelihood, how probable the observed scores are under the kernel's settings with the unknown "
            + "function averaged out, O(n^3) per step for n trials) and scored "
            + "\(Format.grouped(boWork.candidatesScored)) "
            + "candidates by the acquisition, "
            + Format.fixed(Double(boWork.candidatesScored) / Double(max(tpeWork.candidatesScored, 1)), 0)
            + " times as many as TPE."
        if timing {
            let choose = standings.flatMap { $0.races[bo] }.reduce(0) { $0 + $1.searcherSeconds }
            let evaluate = standings.flatMap { $0.races[bo] }.reduce(0) { $0 + $1.objectiveSeconds }
            text += " Measured in this run (--timing): BO spent \(Format.fixed(choose, 2)) s choosing and "
                + "\(Format.fixed(evaluate, 3)) s evaluating the test functions, summed over its searches; step 2 "
                + "runs the seeds on both cores at once, so these sums can exceed the step's own (wall-clock) time."
        } else {
            text += " Run with --timing to see the seconds each tuner spent choosing next to the seconds spent "
                + "evaluating (not printed by default, so that the output stays the same from run to run)."
        }
        return text
    }
}
