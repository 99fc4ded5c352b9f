// OldAgainstNewReport.swift
//
// What this file teaches (step 8 of Lesson 4): how to judge a change of defaults. One
// run proves nothing, so the old (`.legacy`) and new (`.standard`) settings search the
// same problems with the same seeds, and each seed is a paired comparison; the sign
// test says whether the split of wins could be luck. Next to the scores, what the
// guided proposals did: how many had a coordinate on a face of the box, and how often
// the fit called as much of the scores noise as its range allows. It only formats:
// the searches run in DefaultsSteps.swift.

import Experiments
import HyperSearch
import LabMath
import LessonKit
import TextCharts

/// The old and the new defaults on one problem, seed by seed.
struct OldAgainstNew {
    let problem: String
    /// Evaluations (or trials) per search.
    let budget: Int
    /// What each seed's number is: "regret" (lower is better) or "accuracy".
    let measure: String
    /// first: the old defaults, second: the new.
    var comparison: PairedComparison
    /// Guided proposals, those with a coordinate on a face, and guided fits with the
    /// noise variance at or near the top of its range (at least half of it); [old, new].
    var guided = [0, 0], onFace = [0, 0], noiseAtTop = [0, 0]

    init(problem: String, budget: Int, measure: String, direction: OptimizationDirection) {
        self.problem = problem
        self.budget = budget
        self.measure = measure
        comparison = PairedComparison(firstName: "the old defaults", secondName: "the new defaults", direction: direction)
    }

    /// One seed: both settings' results, and their searchers after the run.
    mutating func add(old: Double, new: Double, searchers: [BayesianOptimization]) {
        comparison.pairings.append(.init(first: old, second: new))
        for (k, searcher) in searchers.prefix(2).enumerated() {
            let proposals = OldAgainstNew.proposals(searcher)
            guided[k] += proposals.guided
            onFace[k] += proposals.onFace
            noiseAtTop[k] += proposals.noiseAtTop
        }
    }

    /// A searcher's guided proposals, those with a coordinate exactly on a face of the
    /// cube (0 or 1), and those whose fit put the noise variance at or near the top of its
    /// range: at least half its maximum, the threshold of step 5's note, so that fits at
    /// 0.93 of the top count too (within 0.1% of it, the test for "on the bound", they
    /// would not).
    static func proposals(_ searcher: BayesianOptimization) -> (guided: Int, onFace: Int, noiseAtTop: Int) {
        let guided = searcher.steps.filter { !$0.isInitialDesign }
        let onFace = guided.filter { searcher.encoding.encode($0.configuration).contains { $0 == 0 || $0 == 1 } }.count
        let top = guided.filter { step in
            step.hyperparameters.map {
                BayesLessonReport.isNearUpperBound($0.noiseVariance, searcher.hyperparameterBounds.noiseVariance)
            } ?? false
        }.count
        return (guided.count, onFace, top)
    }

    /// The sign test's verdict, with "neither set of defaults" rather than "neither
    /// method": both are the same method.
    var verdict: String {
        let verdict = comparison.verdict, generic = "neither method"
        return verdict.hasPrefix(generic) ? "neither set of defaults" + verdict.dropFirst(generic.count) : verdict
    }

    /// "new better", "old better" or "neither" by the sign test at the 5% level.
    var winner: String {
        guard comparison.pValue < 0.05 else { return "neither" }
        return comparison.secondWins > comparison.firstWins ? "new" : "old"
    }
}

enum OldAgainstNewReport {
    /// Step 8's opening: the problems, their seeds and budgets, and each one's measure.
    static func introduction(forrester: (seeds: Int, evaluations: Int), camel: BenchmarkFunction,
                             box camelBox: [ClosedRange<Double>], seeds camelSeeds: Int, budget camelBudget: Int) -> String {
        """
        Step 4 compared the two settings on one seed, one draw of luck. Here they search the same problems with the \
        same seeds, and each seed is a paired comparison: the Forrester function (\(forrester.seeds) seeds, \
        step 1's \(forrester.evaluations) evaluations); the six-hump camel function, (4 - 2.1 x1^2 + \
        x1^4 / 3) x1^2 + x1 x2 + (4 x2^2 - 4) x2^2 on \
        \(camelBox.map { "[\(Format.compact($0.lowerBound)), \(Format.compact($0.upperBound))]" }.joined(separator: " x ")), \
        with six local minima, two of them global (\(Format.fixed(camel.minimum, 4))), \(camelSeeds) seeds of \
        \(camelBudget) evaluations; and step 7's network, with its seeds, objectives and budget. On a test function \
        a seed's number is the regret, the value at the recommended point minus the true minimum (lower is \
        better); on the network, the best mean CV accuracy found (higher is better), the best observation for both \
        settings: step 6's caution applies, it flatters both searches, not necessarily equally.
        """
    }

    /// The line above the proposal table.
    static let proposalLead = """
        What their guided proposals did: how many had a coordinate exactly on a face of the box (its lowest or \
        highest value), and at how many the fit put the noise variance at or near the top of its range (at least \
        half of it):
        """

    /// Seeds, the medians over seeds (old, new), the split of wins and the sign test's
    /// p, one row per problem.
    static func resultTable(_ rows: [OldAgainstNew]) -> String {
        var table = Table(columns: [.init("problem (budget)", alignment: .left), .init("seeds"), .init("measure"),
                                    .init("old"), .init("new"), .init("new-old-tie"), .init("p")])
        for r in rows {
            let c = r.comparison
            let decimals = r.measure == "accuracy" ? 3 : 4
            table.addRow(["\(r.problem) (\(r.budget))", "\(c.pairings.count)", r.measure,
                          Format.fixed(c.medianFirst, decimals), Format.fixed(c.medianSecond, decimals),
                          "\(c.secondWins)-\(c.firstWins)-\(c.ties)", Format.compact(c.pValue)])
        }
        return table.render()
    }

    /// What the guided proposals did, per problem and settings.
    static func proposalTable(_ rows: [OldAgainstNew]) -> String {
        var table = Table(columns: [.init("problem", alignment: .left), .init("guided"), .init("on face old"),
                                    .init("new"), .init("noise high old"), .init("new")])
        func share(_ part: Int, _ whole: Int) -> String {
            "\(part) (\(whole == 0 ? "-" : Format.percent(Double(part) / Double(whole), 0)))"
        }
        for r in rows {
            table.addRow([r.problem, "\(r.guided[1])", share(r.onFace[0], r.guided[0]), share(r.onFace[1], r.guided[1]),
                          share(r.noiseAtTop[0], r.guided[0]), share(r.noiseAtTop[1], r.guided[1])])
        }
        return table.render()
    }

    /// `part / whole`, 0 for an empty whole.
    static func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    /// "Seed by seed, old against new: 0.772 against 0.770, ...": for a row of at most
    /// 5 seeds (the ones a small-sample note follows), the numbers its wins and ties
    /// count, with decimals enough (3 for accuracy, 4 for regret, more if needed) that a
    /// pair counted as a win does not print as equal. Nil for more seeds.
    static func seedBySeed(_ r: OldAgainstNew) -> String? {
        let pairs = r.comparison.pairings
        guard !pairs.isEmpty, pairs.count <= 5 else { return nil }
        var decimals = r.measure == "accuracy" ? 3 : 4
        while decimals < 8 && pairs.contains(where: { $0.first != $0.second
                                                        && Format.fixed($0.first, decimals) == Format.fixed($0.second, decimals) }) {
            decimals += 1
        }
        return "Seed by seed, old against new: " + pairs.map {
            "\(Format.fixed($0.first, decimals)) against \(Format.fixed($0.second, decimals))"
        }.joined(separator: ", ") + "."
    }

    /// One verdict per problem, then what the split of verdicts says, what the old
    /// defaults' share of proposals on a face of the box means where it is large, and
    /// the cause where a problem's new fits often put the noise at or near the top of its range.
    static func story(_ rows: [OldAgainstNew]) -> String {
        // Each verdict with its own small-sample note, so a note is never read as another row's.
        var text = rows.map { r in
            "\(r.problem) (\(r.measure)): \(r.verdict)." + (r.comparison.smallSampleNote.map { " (" + $0 + ")" } ?? "")
                + (seedBySeed(r).map { " " + $0 } ?? "")
                + (r.guided == [0, 0] && !r.comparison.pairings.isEmpty
                    ? " (No guided proposals: both settings ran the same initial design, so this row compares nothing.)"
                    : "")
        }.joined(separator: " ")
        let counts = ["new", "old", "neither"].map { w in rows.filter { $0.winner == w }.count }
        text += " Over these \(Format.counted(rows.count, "problem")), the new defaults did better on \(counts[0]), the "
            + "old on \(counts[1]), and neither clearly on \(counts[2])."
        if counts[0] > 0 && counts[1] > 0 {
            text += " Neither set of defaults is best everywhere: that is why the library chooses them by a rule with a "
                + "reference rather than by the problems it happens to be tested on."
        }
        // Proposals on a face of the box: where nothing is observed the variance is largest,
        // so expected improvement is drawn to the faces (boundary over-exploration, Siivola,
        // Vehtari, Vanhatalo, Gonzalez and Andersen, 2018).
        let facing = rows.filter { r in
            r.guided[0] > 0 && r.guided[1] > 0 && share(r.onFace[0], r.guided[0]) >= 0.2
                && share(r.onFace[0], r.guided[0]) >= 2 * share(r.onFace[1], r.guided[1])
        }
        if !facing.isEmpty {
            text += " The old defaults put a coordinate on a face of the box in " + Prose.list(facing.map { r in
                "\(Format.percent(share(r.onFace[0], r.guided[0]), 0)) of their guided proposals on \(r.problem) (the new "
                    + "\(Format.percent(share(r.onFace[1], r.guided[1]), 0)))"
            }) + ". Far from the data a model falls back to its prior mean with its largest variance, so with the "
                + "average as prior mean an unexplored face looks promising to expected improvement (boundary "
                + "over-exploration, Siivola et al., 2018). One of the new defaults aims at this: with the worst score as "
                + "prior mean (step 4), an unexplored face looks bad instead. (The new defaults change several things at "
                + "once; these counts do not say which of them made the difference.)"
        }
        for r in rows where r.winner == "old" && r.guided[1] > 0
            && Double(r.noiseAtTop[1]) >= 0.25 * Double(r.guided[1]) && r.noiseAtTop[1] > r.noiseAtTop[0] {
            text += " On \(r.problem) the new fits put the noise variance at or near the top of its range for "
                + "\(Format.percent(Double(r.noiseAtTop[1]) / Double(r.guided[1]), 0)) of the guided proposals (the old "
                + "for \(Format.percent(Double(r.noiseAtTop[0]) / Double(max(r.guided[0], 1)), 0))), a likely cause: with only "
                + "\(r.budget) evaluations, the new model often reads the few values as noise around a smooth curve, as in "
                + "step 4, and doubts the good ones."
        }
        return text
    }
}
