// KeepingReport.swift
//
// What this file teaches: two habits that make a tuning result worth keeping. Report a
// score the search never saw (the winner's own score is optimistic, and more so the
// more trials it beat), and keep the search in a file that survives an interruption.
// This file words the numbers of steps 5 and 6 and the exercises; it computes nothing
// the lesson relies on.

import Experiments
import HyperSearch
import LabMath
import LessonKit
import TextCharts

enum KeepingReport {
    static func optimismIntroduction(rows: Int, counts: [Int], epochs: Int, seeds: Int) -> String {
        "A search reports its winner's cross-validated score, but that score won because it was high: among many "
            + "configurations some are lucky on the validation folds. Nested cross-validation measures by how much. "
            + "The \(rows) training rows are cut into 3 outer folds; inside each outer fold's training part, a whole "
            + "random search runs with its own 3-fold cross-validation (the inner CV); its winner is then trained on "
            + "the outer training part and scored on the outer fold, rows the search never saw. The optimism is the "
            + "winner's inner CV score minus that held-out score (positive: the search flattered its winner). We "
            + "measure it after " + counts.map(String.init).joined(separator: ", ") + " trials (the incumbent of one "
            + "search at each count), over \(Format.counted(seeds, "seed")) of new folds and draws, with "
            + "\(epochs)-epoch trainings to afford it (--optimism-seeds for more)."
    }

    /// A signed optimism with 3 decimals that keeps its sign when it rounds to zero
    /// ("-0.000"), so that a median printed next to "negative for 1 seed" agrees.
    static func signed(_ x: Double) -> String {
        let text = Format.signed(x, 3)
        return text == "0.000" && x != 0 ? (x < 0 ? "-" : "+") + text : text
    }

    static func optimismTable(_ curve: [OptimismPoint]) -> String {
        var table = Table(columns: [.init("trials"), .init("inner CV"), .init("held-out"), .init("optimism: median"),
                                    .init("quartiles"), .init("seeds > 0")])
        for point in curve {
            let values = point.optimism.compactMap { $0 }
            table.addRow(["\(point.trials)", Format.fixed(point.meanInnerScore, 3), Format.fixed(point.meanHeldOutScore, 3),
                          signed(point.medianOptimism),
                          signed(point.lowerQuartileOptimism) + " to " + signed(point.upperQuartileOptimism),
                          "\(values.filter { $0 > 0 }.count)/\(values.count)"])
        }
        return table.render() + "\n" + Prose.wrap("inner CV and held-out: mean accuracy of the winners over outer folds "
            + "and seeds; optimism per seed = mean over outer folds of (inner CV - held-out)", indent: "  ")
    }

    /// The median optimism by number of trials, its quartile band and every seed's value.
    static func optimismChart(_ curve: [OptimismPoint]) -> String {
        let x = curve.map { Double($0.trials) }
        var chart = BandChart(x: x, mean: curve.map(\.medianOptimism), lower: curve.map(\.lowerQuartileOptimism),
                              upper: curve.map(\.upperQuartileOptimism))
        chart.title = "The winner's optimism (inner CV minus held-out accuracy) by number of trials"
        chart.xScale = .log10
        chart.height = 10
        chart.xLabel = "trials of the search (log scale)"
        chart.yLabel = "optimism"
        chart.meanName = "median over seeds"
        chart.bandName = "quartiles"
        chart.observationName = "one seed"
        chart.observations = curve.flatMap { point in point.optimism.compactMap { $0.map { (x: Double(point.trials), y: $0) } } }
        return chart.render()
    }

    static func optimismStory(_ curve: [OptimismPoint]) -> String {
        guard let first = curve.first, let last = curve.last else { return "" }
        let lastValues = last.optimism.compactMap { $0 }
        let positive = lastValues.filter { $0 > 0 }.count, negative = lastValues.filter { $0 < 0 }.count
        let p = Statistics.signTestPValue(wins: positive, losses: negative)
        var text = "With \(Format.counted(first.trials, "trial")) there is no choice, so the gap there (median "
            + "\(signed(first.medianOptimism))) is not flattery"
            + (first.medianOptimism < 0
                ? ": the refit trains on all the outer training rows, each inner fold on only part of them, and more "
                    + "rows usually score better."
                : ": it is how one configuration's inner CV score differs from its held-out score.")
            + " What choosing adds is the change from there. "
        // Growth: paired by seed, the optimism at the most trials against at one trial.
        let pairs = zip(first.optimism, last.optimism).compactMap { a, b in a.flatMap { a in b.map { (a, $0) } } }
        let grew = pairs.filter { $0.1 > $0.0 }.count, shrank = pairs.filter { $0.1 < $0.0 }.count
        let growth = Statistics.signTestPValue(wins: grew, losses: shrank)
        text += "From \(Format.counted(first.trials, "trial")) to \(last.trials) the median optimism went from "
            + "\(signed(first.medianOptimism)) to \(signed(last.medianOptimism)); seed by seed it "
            + "grew in \(grew) and shrank in \(shrank) of \(pairs.count) (sign test p \(Format.pValue(growth))"
            + (growth < 0.05 ? ": the more trials, the more the winner's score flattered it)."
                : ": not conclusive with these seeds; --optimism-seeds 20 for a sharper answer).")
        text += " After \(last.trials) trials the winners' inner CV accuracy averaged \(Format.fixed(last.meanInnerScore, 3)) "
            + "and their held-out accuracy \(Format.fixed(last.meanHeldOutScore, 3)); the optimism was positive for "
            + "\(positive) of \(lastValues.count) seeds and negative for \(negative) (sign test p \(Format.pValue(p))). "
            + heldOutGain(from: first.meanHeldOutScore, to: last.meanHeldOutScore) + " General advice "
            + "(Cawley and Talbot 2010, \"On over-fitting in model selection and subsequent selection bias in "
            + "performance evaluation\"): report a score no choice has looked at, nested CV's held-out score or one "
            + "test-set score, never the winner's own."
        return text
    }

    /// What searching gained on rows it never saw, worded from the sign of the change
    /// of the winners' held-out accuracy as printed.
    static func heldOutGain(from first: Double, to last: Double) -> String {
        let (a, b) = (Format.fixed(first, 3), Format.fixed(last, 3))
        let change = (Double(b) ?? last) - (Double(a) ?? first)
        if change > 0 {
            return "The held-out accuracy of the winners rose from \(a) to \(b): that is what searching really gained."
        }
        return "The held-out accuracy of the winners "
            + (change < 0 ? "fell from \(a) to \(b): searching gained nothing here."
                          : "stayed at \(a): searching gained nothing measurable here.")
    }

    static func studyIntroduction(trials: Int, interruptAfter: Int) -> String {
        "A long search should survive a closed laptop. A study (the library's `Study`, after Optuna's) writes each "
            + "trial to a JSON Lines file (one JSON object per line: a header naming the search, then one line per "
            + "finished trial) the moment it ends, and asks the system to put it on disk. Rerunning the same code "
            + "resumes: the searcher is rebuilt from its seed and the recorded trials are replayed through it without "
            + "training again. Here TPE tunes the network for \(trials) trials, and we simulate a crash after "
            + "\(Format.counted(interruptAfter, "trial")) saved: trial \(interruptAfter + 1) is trained, and the run "
            + "dies while writing it (its line stops after \(Interruption.bytesWritten) bytes)."
    }

    static func resumeStory(first: StudyResumption, resumed: StudyResumption, callsBefore: Int, callsAfter: Int,
                            finished: SearchResult, interruptAfter: Int, sameBytes: Bool, fileName: String) -> String {
        let numbers = finished.trials.map(\.number)
        let eachOnce = numbers == Array(0..<numbers.count).map { $0 + 1 }
        // Trainings beyond one per trial: the work the crash cost.
        let repeated = callsBefore + callsAfter - finished.trials.count
        var text = "The first run opened \(fileName): \"\(first)\". It trained \(Format.counted(callsBefore, "trial")), "
            + "saved \(interruptAfter) in full and died while writing trial \(interruptAfter + 1). The rerun found: "
            + "\"\(resumed)\". It then trained \(Format.counted(callsAfter, "trial")), so "
            + "\(callsBefore) + \(callsAfter) = \(callsBefore + callsAfter) trainings for the "
            + "\(finished.trials.count) trials in the file"
        text += eachOnce ? ", numbered 1 to \(finished.trials.count), each once." : "; the numbering has gaps or repeats."
        text += repeated == 1
            ? " One training was repeated: the trial being written when the run died was lost and trained again; "
                + "the trials saved in full were replayed, not retrained."
            : " \(Format.counted(repeated, "training")) repeated."
        text += sameBytes
            ? " A study run in one go, without the crash, wrote a byte-for-byte identical file: no result was lost."
            : " A study run in one go wrote a different file: the resumed search is not the uninterrupted one."
        if let best = finished.best, let score = best.score {
            text += " Its best trial is number \(best.number) (\(best.configuration)), validation accuracy "
                + "\(Format.fixed(score, 3))."
        }
        return text + " The export below is RFC 4180 CSV (fields with commas or quotes are quoted, lines end in CRLF), "
            + "which any spreadsheet opens."
    }

    /// The first lines of a text file, each wrapped at 72 columns (continuations indented).
    static func excerpt(_ text: String, title: String, lines: Int) -> String {
        // CSV lines end in CRLF; Swift reads "\r\n" as one character, so normalise first.
        let all = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
        var shown: [String] = []
        for line in all.prefix(lines) {
            var rest = Substring(line)
            var first = true
            repeat {
                shown.append((first ? "  " : "      ") + rest.prefix(first ? 72 : 68))
                rest = rest.dropFirst(first ? 72 : 68)
                first = false
            } while !rest.isEmpty
        }
        return Prose.wrap(title) + "\n" + shown.joined(separator: "\n")
    }

    static func fileExcerpt(_ text: String, name: String) -> String {
        let count = text.split(separator: "\n").count
        return excerpt(text, title: "\(name), the first 2 of its \(count) lines (each is one line in the file, "
                       + "wrapped here):", lines: 2)
    }

    static func csvExcerpt(_ text: String, name: String) -> String {
        excerpt(text, title: "\(name), exported with StudyCSV.export, its first 4 lines (wrapped here):", lines: 4)
    }
}
