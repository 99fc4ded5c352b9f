// RandomReport.swift
//
// What this file teaches: turning a random search into statements a student can check.
// It only formats: every number comes from main.swift's computations, and every
// comparison ("most of the draws", "never beaten") is an explicit test on them.

import Experiments
import HyperSearch
import LabMath
import LessonKit
import TextCharts

enum RandomReport {
    /// One row per decade: the measured shares, and the trials each share means.
    static func decadeTable(edges: [Double], uniform: [Double], logUniform: [Double], trials: Int) -> String {
        var table = Table(columns: [.init("learning rate", alignment: .left), .init("uniform"), .init("log-uniform"),
                                    .init("in \(Format.counted(trials, "trial")): uniform"), .init("log-uniform")])
        for (i, label) in Decades.labels(edges).enumerated() {
            table.addRow([label, Format.percent(uniform[i]), Format.percent(logUniform[i]),
                          Format.fixed(uniform[i] * Double(trials), 1), Format.fixed(logUniform[i] * Double(trials), 1)])
        }
        return table.render()
    }

    /// What uniform sampling wastes, from the measured decade shares.
    static func decadeStory(edges: [Double], uniform: [Double], logUniform: [Double], trials: Int) -> String {
        let labels = Decades.labels(edges)
        guard let first = uniform.first, let last = uniform.last, uniform.count >= 2 else { return "" }
        return "Uniform sampling put \(Format.percent(last)) of the draws in the top decade \(labels.last!) and "
            + "\(Format.percent(first)) in the bottom one \(labels.first!): with \(Format.counted(trials, "trial")), "
            + "\(Format.fixed(first * Double(trials), 1)) expected trials below \(Format.compact(edges[1])), so the "
            + "small learning rates, where Adam often works best, would hardly be tried. Log-uniform sampling gives "
            + "every decade the same share (\(Format.percent(logUniform.min() ?? .nan)) to "
            + "\(Format.percent(logUniform.max() ?? .nan)) measured), which is what `scale: .log` asks for."
    }

    /// Mean score against one hyperparameter, the best trial marked.
    static func scatter(_ result: SearchResult, parameter: String, scale: AxisScale) -> String {
        var points: [(x: Double, y: Double)] = []
        for trial in result.trials {
            guard let y = trial.score, let x = trial.configuration[parameter]?.number else { continue }
            points.append((x, y))
        }
        var chart = ScatterPlot(title: "Mean CV accuracy against \(parameter)\(scale == .log10 ? " (log scale)" : "")",
                                xLabel: parameter, yLabel: "mean accuracy")
        chart.xScale = scale
        chart.add("trial", points: points, mark: "o")
        if let best = result.best, let y = best.score, let x = best.configuration[parameter]?.number {
            chart.highlight(x: x, y: y, label: "best trial")
        }
        return chart.render()
    }

    /// Every trial's mean score ('o') and the best so far ('*') against the trial
    /// number. The incumbent is drawn as steps (it only changes at a trial that beats
    /// it) and the y axis spans the trials' scores, so a flat incumbent is seen against
    /// the trials that failed to beat it.
    static func trajectory(_ result: SearchResult) -> String {
        let scores = result.trials.map { $0.score ?? .nan }
        let incumbent = LineChart.runningBest(scores, better: result.direction == .maximize ? .higher : .lower)
        var canvas = Canvas(width: 78, height: 10, xRange: 1...Double(max(2, scores.count)),
                            yRange: Axis.range(covering: scores, padding: 0.08))
        canvas.xAxis.integerTicks = true
        for (k, score) in scores.enumerated() { canvas.plot(x: Double(k + 1), y: score, mark: "o") }
        canvas.drawLine(LineChart.staircase(incumbent), mark: "*")
        return canvas.render(title: "Incumbent trajectory: best mean accuracy so far", xLabel: "trial",
                             yLabel: "mean accuracy",
                             legend: [("*", "best so far (the incumbent)"), ("o", "the trial's own score")])
    }

    /// When the incumbent changed, in a sentence.
    static func trajectoryStory(_ result: SearchResult, rows: Int? = nil) -> String {
        let improvements = result.trajectory.enumerated().filter { index, point in
            point.incumbent != nil && (index == 0 || point.incumbent != result.trajectory[index - 1].incumbent)
        }.map { $0.element }
        guard let first = improvements.first?.incumbent, let last = improvements.last?.incumbent else {
            return "No trial produced a score, so there is no incumbent."
        }
        // A change of incumbent by less than half a validation row in one fold is a tie
        // (SearchLessonReport.tieThreshold), as step 4 calls such a lead.
        func score(_ number: Int) -> Double? { result.trials.first { $0.number == number }?.score }
        let folds = result.trials.lazy.compactMap { $0.evaluation.foldScores?.count }.first
        let threshold = rows.flatMap { r in folds.map { SearchLessonReport.tieThreshold(rows: r, folds: $0) } } ?? 0
        func tied(_ a: Double, _ b: Double) -> Bool { a == b || abs(a - b) < threshold }
        // The closest any later trial came (it may share the incumbent's row of the chart).
        let later = result.trials.filter { $0.number > last }.compactMap { t in t.score.map { (t.number, $0) } }
        let closest = result.direction == .maximize ? later.max { $0.1 < $1.1 } : later.min { $0.1 < $1.1 }
        let closestText = closest.map { c in
            score(last).map { tied(c.1, $0) } == true
                ? " (trial \(c.0) tied it, at \(Format.fixed(c.1, 3)))"
                : " (the closest, trial \(c.0), scored \(Format.fixed(c.1, 3)))"
        } ?? ""
        if later.isEmpty && improvements.count == 1 {
            return "Trial \(first) is the only scored trial, so it is the incumbent."
        }
        if improvements.count == 1 {
            return "Trial \(first)'s score was never beaten: the incumbent stayed flat from trial \(first) on, and "
                + "no later trial beat it\(closestText)."
        }
        var lastChange = "trial \(last)"
        if let previous = improvements.dropLast().last?.incumbent, let a = score(last), let b = score(previous),
           tied(a, b) {
            lastChange += " (which only tied trial \(previous): less than half a validation row ahead, the same "
                + "number of rows right)"
        }
        let after = later.isEmpty ? ", the last trial." : "; no trial after that beat it\(closestText)."
        return "The incumbent changed \(Format.counted(improvements.count - 1, "time")) after trial \(first), last at "
            + lastChange + after
    }

    /// The lesson's summary, from this run's numbers.
    static func summary(_ result: SearchResult, edges: [Double], uniform: [Double], logUniform: [Double],
                        articleSize: Int) -> [String] {
        var points = ["With lists, as in the article, random search is a shuffled grid: it stopped after the "
                      + "\(Format.counted(articleSize, "configuration")) the lists allow."]
        if let first = uniform.first, let firstLog = logUniform.first, let label = Decades.labels(edges).first {
            points.append("Uniform draws left the bottom decade of learning rates, \(label), almost empty "
                          + "(\(Format.percent(first))); log-uniform draws gave it \(Format.percent(firstLog)).")
        }
        let counts = SearchReport.distinctValues(result)
        let scored = result.trials.count
        let repeated = counts.filter { $0.count < scored }
        if repeated.isEmpty {
            points.append("This search tried \(SearchNarration.distinctValues(result)) distinct values: every trial "
                          + "was a new value of every hyperparameter.")
        } else {
            points.append("This search tried \(SearchNarration.distinctValues(result)) distinct values in \(scored) "
                          + "trials: " + repeated.map(\.name).joined(separator: " and ") + " repeated some values (few "
                          + "whole numbers to draw from, so draws collide by chance"
                          + (repeated.contains { $0.name == "hiddenUnits" }
                             ? ", and for hiddenUnits the log scale piles draws on the small ones" : "")
                          + "), the others were new in every trial.")
        }
        // A grid within the same budget: k values per hyperparameter with k^d <= budget.
        if counts.count > 1 {
            let d = counts.count
            var k = 1
            while (0..<d).reduce(1, { product, _ in product * (k + 1) }) <= scored { k += 1 }
            let next = Array(repeating: "\(k + 1)", count: d).joined(separator: " x ")
            let nextSize = (0..<d).reduce(1) { product, _ in product * (k + 1) }
            points.append("A grid over \(d) hyperparameters within \(Format.counted(scored, "trial")) could give each only "
                          + "\(Format.counted(k, "value")) (\(next) = \(nextSize) is already more).")
        }
        points.append("Cross-validation scores every configuration on the same folds, with the scaler fitted inside "
                      + "each fold; the mean ranks the trials, and the standard error of a lead, from the fold-by-fold "
                      + "differences, says how much the ranking means.")
        points.append("The winner is refitted on all training rows and the test set is scored once, at the end.")
        return points
    }

    /// Exercise 1: a longer search with the same seed starts with this run's trials.
    /// At the option's maximum (200) it asks for a shorter one instead, whose answer
    /// this run already holds: the best of its first `moreTrials` trials.
    static func moreTrialsExercise(_ result: SearchResult, moreTrials: Int, rerunFlags: String) -> Exercise {
        let n = result.trials.count
        let firstLines = n == 1 ? "the first line of the trial log is" : "the first \(n) lines of the trial log are"
        guard let best = result.best, let score = best.score else {
            return Exercise("Run with --trials \(moreTrials)\(rerunFlags): does any trial produce a score?",
                            check: "the first \(Format.counted(n, "trial")) of the log are this run's (all without a "
                                + "score); a later line with a mean accuracy answers yes.")
        }
        if moreTrials < n {
            let kept = result.trials.filter { $0.number <= moreTrials }.compactMap(\.score)
            let shorter = result.direction == .maximize ? kept.max() : kept.min()
            let answer = best.number <= moreTrials
                ? "no, it stays: this run's best, trial \(best.number), is among them"
                : "yes, it gets worse: this run's best, trial \(best.number), is not among them, and the best of the first "
                    + "\(moreTrials) scores \(Format.fixed(shorter ?? .nan, 3))"
            return Exercise("Run with --trials \(moreTrials)\(rerunFlags) (this run already used the most trials "
                            + "the option allows). Is the best mean accuracy worse than this run's "
                            + "\(Format.fixed(score, 3))?",
                            check: "its trial log is the first \(moreTrials) lines of this run's (the same seed draws the "
                                + "same configurations first), so the best can only stay or get worse; here " + answer + ".")
        }
        return Exercise("Run with --trials \(moreTrials)\(rerunFlags). Does the best mean accuracy improve on this "
                        + "run's \(Format.fixed(score, 3))?",
                        check: firstLines + " this run's (the same seed draws the same configurations first), so the "
                            + "best can only stay or improve: it improved exactly when a '*' appears after trial "
                            + "\(n), and step 4's table then ranks a trial numbered above \(n) first.")
    }

    /// Exercise 2: fewer or more folds, with the predicted direction of the fold
    /// spread computed from this run's median trial mean and row count. The order of
    /// the two medians is a prediction (this run trains neither fold count, so the
    /// check does not state it as a result); their size relative to the binomial
    /// spread is a tendency, and the check says why it can fail.
    static func foldsExercise(_ result: SearchResult, folds: Int, rows: Int, rerunFlags: String) -> Exercise {
        let counts = [2, 10].map { $0 == folds ? 5 : $0 }
        let (few, many) = (counts.min()!, counts.max()!)
        let means = result.trials.compactMap(\.score)
        let p = means.isEmpty ? 0.75 : Statistics.median(means)
        func spread(_ k: Int) -> Double { (p * (1 - p) / (Double(rows) / Double(k))).squareRoot() }
        return Exercise("Predict which prints the larger median fold standard deviation in step 4, --folds \(few) "
                        + "or --folds \(many); then run both\(rerunFlags.isEmpty ? "" : " (with" + rerunFlags + ")").",
                        check: "by the row counts, the \(many)-fold run's median should be the larger; this run "
                            + "trained with \(folds) folds only, so only your two runs can tell whether it is. Each "
                            + "of the \(many)-fold run's folds validates on about "
                            + "\(rows / many) rows instead of \(rows / few), and an accuracy near p = "
                            + "\(Format.fixed(p, 3)) (this run's median trial mean) measured on m rows varies from one "
                            + "sample of rows to another by about sqrt(p(1 - p)/m): \(Format.fixed(spread(many), 3)) "
                            + "against \(Format.fixed(spread(few), 3)), sqrt(\(many)/\(few)) = "
                            + "\(Format.fixed((Double(many) / Double(few)).squareRoot(), 1)) times as much. The printed "
                            + "medians usually come out smaller than these two numbers, but not always: \"std\" is the "
                            + "population standard deviation of only k scores, which falls short of the spread it "
                            + "estimates, the more so the fewer the scores (for 2 folds it is |a - b| / 2, typically about "
                            + "half the spread of one score); yet each fold also trains its own network, and the "
                            + "differences between those k trainings add to the spread. (Its means may also rise a little: "
                            + "each training learns from (k - 1)/k of the rows, "
                            + "\(Format.percent(Double(many - 1) / Double(many), 0)) instead of "
                            + "\(Format.percent(Double(few - 1) / Double(few), 0)).)")
    }

    /// Exercise 3: other seeds, judged by the lead's paired standard error (or a tie,
    /// when the lead is below half a validation row in one fold). Another seed draws
    /// other configurations (and another split), so the winning configuration always
    /// changes; what can repeat is the verdict on the lead and where the winners lie.
    static func seedsExercise(_ result: SearchResult, rows: Int, rerunFlags: String) -> Exercise {
        let flags = rerunFlags.isEmpty ? "" : ", each with" + rerunFlags
        let task = "Change the seed (--seed 1, 2, 3\(flags)) and note, for each run, the winner's learning-rate "
            + "decade and whether step 4 calls its lead a tie, within two standard errors, or more. (Each seed draws "
            + "new configurations and a new split, so the winning configuration itself is always a new one.)"
        guard let lead = SearchLessonReport.leadOverRunnerUp(result), let se = lead.standardError else {
            return Exercise(task, check: "this run scored fewer than two trials on common folds, so there is no lead "
                            + "to compare; each of your runs' step 4 states its own.")
        }
        let rule = "each run's step 4 says \"tied\" when its lead is below half a validation row in one fold, and "
            + "otherwise \"Within two standard errors\" exactly when its printed lead is below twice its printed "
            + "standard error; here the lead was \(SearchLessonReport.leadText(lead.lead))"
        let verdict: String
        let twice = " against 2 x \(SearchLessonReport.standardErrorText(se))"
        if lead.lead < SearchLessonReport.tieThreshold(rows: rows, folds: lead.folds) {
            verdict = lead.lead == 0 ? ", so this run has no winner to speak of" : ", a tie, so this run has no winner "
                + "to speak of"
        } else {
            switch SearchLessonReport.leadVerdict(lead.lead, standardError: se) {
            case .within: verdict = twice + ": within, so these folds do not establish this run's winner"
            case .aboutTwo: verdict = twice + ": about two, at the edge"
            case .beyond: verdict = twice + ": more"
            }
        }
        return Exercise(task, check: rule + verdict + ". That standard error is about these folds and these "
                        + "candidates; it says nothing about what a search with another seed draws, so even a lead of "
                        + "many standard errors does not make another seed find the same configuration.")
    }

    /// Exercise 4: shares below a rate for a range the lesson did not show, worked out
    /// exactly and measured by drawing.
    static func wideRangeExercise(low: Double, high: Double, below: Double, trials: Int, measuredUniform: Double,
                                  measuredLogUniform: Double) -> Exercise {
        let uniform = Decades.uniformShare(low, below, low: low, high: high)
        let logUniform = Decades.logUniformShare(low, below, low: low, high: high)
        let (a, b, c) = (Format.compact(low), Format.compact(high), Format.compact(below))
        return Exercise("By hand, before reading the check: drawing learning rates from [\(a), \(b)], what share "
                        + "lands below \(c) with uniform sampling, and with log-uniform sampling? How many of "
                        + "\(Format.counted(trials, "trial")) is that?",
                        check: "uniform: (\(c) - \(a)) / (\(b) - \(a)) = \(Format.percent(uniform, 2)); log-uniform: "
                            + "(log \(c) - log \(a)) / (log \(b) - log \(a)) = \(Format.percent(logUniform, 2)); that is "
                            + "\(Format.fixed(uniform * Double(trials), 2)) and \(Format.fixed(logUniform * Double(trials), 2)) "
                            + "of \(Format.counted(trials, "trial")). Drawing 10,000 rates each way, this run measured "
                            + "\(Format.percent(measuredUniform, 2)) and \(Format.percent(measuredLogUniform, 2)).")
    }
}
