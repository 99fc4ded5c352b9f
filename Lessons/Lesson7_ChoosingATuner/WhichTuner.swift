// WhichTuner.swift
//
// What this file teaches: turning a benchmark into advice without saying more than it
// measured. The network race is reported like the test functions (medians, quartiles,
// sign tests against random search, and honestly inconclusive with few seeds); the
// "which tuner when" list then states, for each situation, only what this run's
// numbers show, and marks general advice from the literature as such, with its source.

import Experiments
import HyperSearch
import LabMath
import LessonKit
import TextCharts

extension ShowdownReport {
    static func networkIntroduction(dataset: String, space: SearchSpace, trials: Int, epochs: Int, budget: Int,
                                    seeds: Int) -> String {
        "Now the network on \(dataset), with three hyperparameters: "
            + space.parameters.map(\.name).joined(separator: ", ") + ", all on log scales. Every trial trains "
            + "R = \(epochs) epochs and is scored by its validation accuracy; every tuner gets the same \(budget) "
            + "epochs (\(trials) full trials) on the same split of each seed (new split, new initial weights). The "
            + "search never sees the test rows: they score each tuner's final choice once. Training is the "
            + "expensive part here, so only \(Format.counted(seeds, "seed")) (--network-seeds for more)."
    }

    /// Median validation accuracy of the incumbent by epochs spent, with quartile bands.
    static func accuracyChart(_ s: Standings, baseline: Int, epochsPerTrial: Int) -> String {
        var chart = convergence(s, baseline: baseline,
                                title: "Network: median validation accuracy of the incumbent over "
                                    + Format.counted(s.races[0].count, "seed"),
                                xLabel: "epochs trained (\(epochsPerTrial) per full trial)", yLabel: "accuracy")
        chart.height = 10
        return chart.render()
    }

    /// Final validation and test accuracy per tuner, and the sign test on test accuracy.
    static func networkTable(_ s: Standings, baseline: Int) -> String {
        var table = Table(columns: [.init("tuner", alignment: .left), .init("trials"), .init("validation"),
                                    .init("test"), .init("test quartiles"), .init("b/w/t vs random"), .init("p")])
        for c in s.contenders.indices {
            let tests = s.races[c].map { $0.testAccuracy ?? .nan }.filter { !$0.isNaN }
            let versus = c == baseline ? ("--", "--") : {
                let v = s.comparison(c, against: baseline, onTest: true)
                return ("\(v.secondWins)/\(v.firstWins)/\(v.ties)", Format.compact(v.pValue))
            }()
            table.addRow([s.contenders[c].name, Format.compact(Statistics.median(s.races[c].map { Double($0.trials) })),
                          Format.fixed(Statistics.median(s.finals(c)), 3), Format.fixed(Statistics.median(tests), 3),
                          Format.fixed(Statistics.quantile(tests, 0.25), 3) + " - "
                            + Format.fixed(Statistics.quantile(tests, 0.75), 3), versus.0, versus.1])
        }
        return table.render() + "\n" + Prose.wrap("medians over seeds of the final incumbent's accuracy; "
            + "b/w/t: seeds where the tuner's test accuracy was better than, worse than or equal to random search's",
                                                  indent: "  ")
    }

    static func networkStory(_ s: Standings, baseline: Int, epochs: Int) -> String {
        let name = s.contenders.map(\.name)
        let medianTest = s.contenders.indices.map { c in
            Statistics.median(s.races[c].compactMap(\.testAccuracy))
        }
        let order = s.contenders.indices.sorted { medianTest[$0] > medianTest[$1] || (medianTest[$0] == medianTest[$1] && $0 < $1) }
        let best = order[0]
        let tied = order.filter { medianTest[$0] == medianTest[best] }
        var text = tied.count > 1
            ? "On test accuracy \(list(tied.map { name[$0] })) tie for the highest median, "
                + "\(Format.fixed(medianTest[best], 3))."
            : "The highest median test accuracy is \(name[best])'s, \(Format.fixed(medianTest[best], 3))."
        let verdicts = s.contenders.indices.filter { $0 != baseline }.map { c -> String in
            let v = s.comparison(c, against: baseline, onTest: true)
            return "\(name[c]) \(v.secondWins)/\(v.firstWins)/\(v.ties) (p \(Format.pValue(v.pValue)))"
        }
        text += " Against random search, seed by seed (better/worse/tied): " + verdicts.joined(separator: ", ") + "."
        let conclusive = s.contenders.indices.filter { $0 != baseline && verdict(s.comparison($0, against: baseline, onTest: true)) != nil }
        text += conclusive.isEmpty ? " None of these splits is conclusive at the 5% level." : ""
        if let other = s.contenders.indices.first(where: { $0 != baseline }),
           let note = s.comparison(other, against: baseline, onTest: true).smallSampleNote {
            text += " " + note
        }
        // How much of each search a model chose (TPE starts with 10 random trials, BO with 5);
        // the model-based tuners are listed even when their model never chose (0).
        let guided = s.contenders.indices.compactMap { c -> String? in
            let fits = s.races[c].reduce(0) { $0 + $1.work.modelFits }
            guard fits > 0 || ["TPE", "BO"].contains(name[c]) else { return nil }
            return "\(name[c]) \(Format.compact(Double(fits) / Double(s.races[c].count)))"
        }
        // Early stopping buys configurations: trials started per search.
        let started = s.contenders.indices.map { c in
            "\(name[c]) \(Format.compact(Statistics.median(s.races[c].map { Double($0.trials) })))"
        }
        text += " Trials started per search (median): " + started.joined(separator: ", ") + "."
        if !guided.isEmpty {
            text += " Model-guided proposals per search, on average: " + guided.joined(separator: ", ")
                + " (TPE's first 10 trials are random and BO's first 5 a space-filling start, so with a small budget a model "
                + "chooses only the last few)."
        }
        if let note = sharedStartNote(s, baseline: baseline, onTest: true) { text += " " + note }
        // The winner's score flatters it: validation (what the search saw) against test.
        let gaps = s.contenders.indices.map { c in
            Statistics.median(s.races[c].compactMap { race in race.testAccuracy.map { race.final - $0 } })
        }
        let flattered = gaps.filter { $0 > 0 }.count
        text += " The incumbent's validation accuracy exceeded its test accuracy (median over seeds) for "
            + "\(flattered) of the \(gaps.count) tuners; each tuner's gap, validation minus test, was taken seed by seed "
            + "and its median over seeds ranged from " + Format.signed(gaps.min() ?? .nan, 3) + " to "
            + Format.signed(gaps.max() ?? .nan, 3) + " (so not the table's median validation "
            + "accuracy minus its median test accuracy). Is the score a search reports flattered because it "
            + "was chosen for being high? Step 5 measures that with nested cross-validation."
        return text
    }

    static func hyperbandIntroduction(_ hyperband: Hyperband, budget: Int) -> String {
        "A sixth tuner races here only, because it needs epochs: Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh "
            + "and Talwalkar 2018). Random search proposes the configurations; Hyperband's brackets start many of "
            + "them with a few epochs and resume only the best third of each rung (eta = \(hyperband.eta)) towards "
            + "R = \(hyperband.maxResource) epochs, stopping the rest early (Lesson 6 takes it apart). It gets the "
            + "same \(budget) epochs, so it tries more configurations; its result is still its best trial trained to "
            + "R. Its brackets, known before it runs (one pass of them costs what the table says; the budget buys "
            + "\(Format.fixed(Double(budget) / Double(max(hyperband.plans.reduce(0) { $0 + $1.epochs }, 1)), 1)) "
            + "passes):"
    }
}
