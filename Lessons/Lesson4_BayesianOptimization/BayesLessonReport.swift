// BayesLessonReport.swift
//
// What this file teaches: how to read Bayesian optimisation's decisions from its own
// numbers (steps 1 and 2 of Lesson 4). Why a point was chosen (expected improvement's
// exploitation and exploration terms), which fitted hyperparameters sit on the edge of
// their range and what that means, where the model is wrong and why it falls back to
// the data mean far from the observations, and what a length scale 10 times shorter or
// longer would have done. It only formats: every number comes from main.swift's run.

import Experiments
import GaussianProcesses
import HyperSearch
import LabMath
import LessonKit
import TextCharts

enum BayesLessonReport {
    /// `count` evenly spaced points of [0, 1], ends included.
    static func unitGrid(_ count: Int) -> [Double] {
        (0..<count).map { Double($0) / Double(count - 1) }
    }

    /// Which edge-of-range notes have been explained in full already, so that later
    /// trial lines can say "(the floor of its range)" without repeating why.
    struct ExplainedNotes {
        var lowerLengthScale = false
        var upperLengthScale = false
        var noiseFloor = false
        var noiseCeiling = false
    }

    /// One line about a guided step: the fitted kernel, where it looked, why (EI's two
    /// terms), and what came back. A hyperparameter fitted at an end of its range
    /// (`bounds`) is pointed out, in full the first time (`notes` remembers).
    static func stepLine(_ step: BayesianOptimizationStep, x: Double, value: Double, xLabel: String = "x",
                         bounds: HyperparameterBounds = .unitCube, notes: inout ExplainedNotes) -> String {
        guard let mean = step.predictedMean, let sd = step.predictedStandardDeviation else {
            return "Trial \(step.number) (initial design): \(xLabel) = \(Format.fixed(x, 4)), f = \(Format.fixed(value, 3))."
        }
        var text = "Trial \(step.number)"
        if let h = step.hyperparameters, let incumbent = step.incumbent {
            text += " (fitted kernel: length scale " + h.lengthScales.map { Format.compact($0) }.joined(separator: ", ")
                + lengthScaleBoundNote(h.lengthScales, bounds: bounds.lengthScale, notes: &notes)
                + ", signal variance \(Format.compact(h.signalVariance)), noise variance \(Format.compact(h.noiseVariance))"
                + noiseBoundNote(h.noiseVariance, bounds: bounds.noiseVariance, notes: &notes)
                + "; best so far \(Format.fixed(incumbent, 3)))"
        }
        text += ": the model predicted \(Format.fixed(mean, 3)) (sd \(Format.fixed(sd, 3))) at "
            + "\(xLabel) = \(Format.fixed(x, 4))"
        if let terms = step.expectedImprovement {
            text += "; expected improvement \(Format.scientific(terms.total, 2)) = exploitation "
                + "\(Format.scientific(terms.exploitation, 2)) + exploration \(Format.scientific(terms.exploration, 2))"
            text += " (" + balance(terms) + ")"
        }
        return text + ". The true value there: \(Format.fixed(value, 3))."
    }

    /// Why expected improvement chose a point, from the sizes of its two terms.
    static func balance(_ terms: ExpectedImprovementTerms) -> String {
        if terms.exploitation <= 0 {
            return "the mean there is no better than the best value so far: the point was chosen for its uncertainty"
        }
        return terms.exploitation >= terms.exploration
            ? "mostly exploitation: the mean there already beats the best value so far"
            : "mostly exploration"
    }

    /// A fitted value counts as on a bound within 0.1%, the optimiser's tolerance in log space.
    static func isOnLowerBound(_ value: Double, _ bounds: ClosedRange<Double>) -> Bool {
        value <= bounds.lowerBound * 1.001
    }

    static func isOnUpperBound(_ value: Double, _ bounds: ClosedRange<Double>) -> Bool {
        value >= bounds.upperBound / 1.001
    }

    /// At or near the top of the range: at least half its maximum. A fitted noise
    /// variance of 0.93 of the top says nearly what the top says (most of the variation
    /// is noise), though `isOnUpperBound` does not count it. Steps 4, 5 and 8 use it.
    static func isNearUpperBound(_ value: Double, _ bounds: ClosedRange<Double>) -> Bool {
        value >= 0.5 * bounds.upperBound
    }

    /// " (the lower end of its allowed range ...)" when a fitted length scale sits on a
    /// bound, "" otherwise; the reason is given the first time only.
    static func lengthScaleBoundNote(_ lengthScales: [Double], bounds: ClosedRange<Double>,
                                     notes: inout ExplainedNotes) -> String {
        if lengthScales.contains(where: { isOnLowerBound($0, bounds) }) {
            defer { notes.lowerLengthScale = true }
            return notes.lowerLengthScale ? " (the lower end of its range)"
                : " (the lower end of its allowed range: the likelihood wanted it shorter still, i.e. these few points "
                    + "do not look related to each other)"
        }
        if lengthScales.contains(where: { isOnUpperBound($0, bounds) }) {
            defer { notes.upperLengthScale = true }
            return notes.upperLengthScale ? " (the upper end of its range)"
                : " (the upper end of its allowed range: the points look like one smooth trend)"
        }
        return ""
    }

    /// " (the floor of its range ...)" when the fitted noise variance sits on a bound,
    /// "" otherwise; the reason is given the first time only.
    static func noiseBoundNote(_ noise: Double, bounds: ClosedRange<Double>, notes: inout ExplainedNotes) -> String {
        if isOnLowerBound(noise, bounds) {
            defer { notes.noiseFloor = true }
            return notes.noiseFloor ? " (its floor)"
                : " (the floor of its allowed range, \(Format.compact(bounds.lowerBound)): the model takes every "
                    + "observation as exact)"
        }
        if isOnUpperBound(noise, bounds) {
            defer { notes.noiseCeiling = true }
            return notes.noiseCeiling ? " (its ceiling)"
                : " (the top of its allowed range, \(Format.compact(bounds.upperBound)): the model calls all of the "
                    + "variation noise)"
        }
        return ""
    }

    /// Where the true function leaves the model's 2 sd band on `grid`, as sentences
    /// (nil when it never does). For a minimisation, truth *below* the band is the
    /// costly error (a good region the model rates too low); above it is harmless.
    /// The worst miss is usually far from the data, where the posterior has fallen back
    /// to its prior: a zero mean on normalised targets, i.e. the observations' average.
    static func bandMisses(model: GaussianProcessRegressor, grid: [Double], truth: (Double) -> Double) throws -> String? {
        let p = try model.predict(Matrix(rows: grid.count, columns: 1, elements: grid))
        let error = grid.indices.map { truth(grid[$0]) - p.mean[$0] }
        let outside = grid.indices.filter { abs(error[$0]) > 2 * p.standardDeviation[$0] }
        guard let first = outside.first, let last = outside.last else { return nil }
        let worst = outside.max { abs(error[$0]) < abs(error[$1]) }!
        let low = model.targets.min() ?? .nan, high = model.targets.max() ?? .nan
        var text = "Notice that the true function leaves the 2 sd band at \(outside.count) of the \(grid.count) grid points "
            + "between x = \(Format.fixed(grid[first], 3)) and x = \(Format.fixed(grid[last], 3)); at x = "
            + "\(Format.fixed(grid[worst], 3)) the model predicts \(Format.fixed(p.mean[worst], 2)) with 2 sd = "
            + "\(Format.fixed(2 * p.standardDeviation[worst], 2)) where the truth is \(Format.fixed(truth(grid[worst]), 2))."
        text += " " + priorReversion(model: model, mean: p.mean[worst], standardDeviation: p.standardDeviation[worst],
                                     at: grid[worst])
        text += " The band's width comes from a signal variance fitted to the \(model.count) values seen so far, all "
            + "between \(Format.fixed(low, 3)) and \(Format.fixed(high, 3)): nothing in them hints at values that far out."
        let below = outside.filter { error[$0] < 0 }
        if let a = below.first, let b = below.last {
            text += " At \(below.count) of these points (x = \(Format.fixed(grid[a], 3)) to \(Format.fixed(grid[b], 3))) the "
                + "truth lies *below* the band: the model rates that region worse than it is, so expected improvement, "
                + "which trusts the model, undervalues it."
        } else {
            text += " All of them lie above the band, where the function is worse than predicted: for a minimisation "
                + "that mistake costs nothing."
        }
        return text
    }

    /// Why the prediction at `x` is what it is, when it is (within 5% of the scores'
    /// spread) the prior's: far from the observations the posterior reverts to a zero
    /// mean in normalised units, which is the average of the observed values, with the
    /// prior's standard deviation sqrt(signal variance) x the scores' standard deviation.
    static func priorReversion(model: GaussianProcessRegressor, mean: Double, standardDeviation: Double,
                               at x: Double) -> String {
        let priorSd = model.hyperparameters.signalVariance.squareRoot() * model.targetScale
        let tolerance = 0.05 * model.targetScale
        let nearest = (0..<model.count).map { abs(model.inputs[$0, 0] - x) }.min() ?? .nan
        guard abs(mean - model.targetMean) <= tolerance, abs(standardDeviation - priorSd) <= tolerance else {
            return "There, \(Format.fixed(nearest, 3)) from the nearest observation, the model still leans on the data."
        }
        return "There, \(Format.fixed(nearest, 3)) from the nearest observation "
            + "(\(Format.compact(nearest / model.hyperparameters.lengthScales[0])) length scales), the model has fallen "
            + "back to its prior: a zero mean on the normalised values, which in the values' own units is their average, "
            + "\(Format.fixed(model.targetMean, 3)) for these \(model.count) (the prediction: "
            + "\(Format.fixed(mean, 3))), and the prior's sd, sqrt(signal variance) x the values' sd = "
            + "\(Format.fixed(priorSd, 3)) (the prediction's: \(Format.fixed(standardDeviation, 3)))."
    }

    /// The end of step 1: the best point, the same search over other seeds, and a note
    /// when guided trials kept landing on points already tried.
    ///
    /// - Parameters:
    ///   - repeated: the same search with each of `seeds` (in order): their
    ///     gaps to the true minimum, and how many ended within 0.05 of the global
    ///     minimiser, 0.757249 (Forrester, Sobester and Keane, 2008).
    ///   - observedXs: this run's evaluated points, in order.
    static func forresterStory(best: (x: Double, y: Double), evaluations: Int, repeated: [MinimizationResult],
                               seeds runSeeds: [UInt64], observedXs: [Double]) -> String {
        let overSeeds = (gaps: repeated.map { $0.value - TestFunctions.forresterMinimum },
                         inGlobalBasin: repeated.filter { abs($0.x[0] - 0.757_249) < 0.05 }.count)
        let repeatedPoints = repeatedPoints(observedXs, tolerance: 0.001)
        let gap = best.y - TestFunctions.forresterMinimum
        let seeds = overSeeds.gaps.count
        let seedRange = "\(runSeeds.first.map { "\($0)" } ?? "-") to \(runSeeds.last.map { "\($0)" } ?? "-")"
        var text = "After \(Format.counted(evaluations, "evaluation")) the best point is x = \(Format.fixed(best.x, 4)) with "
            + "f = \(Format.fixed(best.y, 4)), " + gapText(gap)
            + " above the true minimum. One run is one draw of luck, so we repeated the same search (same budget, seeds "
            + "\(seedRange)): \(overSeeds.inGlobalBasin) of \(seeds) runs ended within "
            + "0.05 of the global minimum's x, and the median gap in f was "
            + gapText(Statistics.median(overSeeds.gaps)) + "."
        if repeatedPoints > 0 {
            text += " In this run \(Format.counted(repeatedPoints, "trial")) landed within 0.001 of an earlier one: once "
                + "the model is sure where the minimum is, expected improvement keeps pointing there, and further trials "
                + "add little. A real search would stop when expected improvement falls below a threshold."
        }
        return text
    }

    /// How many of `xs` lie within `tolerance` of an earlier one: a search that keeps
    /// returning to the same place has stopped learning anything new.
    static func repeatedPoints(_ xs: [Double], tolerance: Double) -> Int {
        xs.indices.filter { i in xs[..<i].contains { abs($0 - xs[i]) <= tolerance } }.count
    }

    /// A gap to the minimum with 4 decimals, or "less than 0.0001" rather than 0.0000.
    static func gapText(_ gap: Double) -> String {
        gap < 1e-4 ? "less than 0.0001" : Format.fixed(gap, 4)
    }
}

// MARK: - Step 2, the length scale

extension BayesLessonReport {
    /// One model of step 2's comparison, measured: its log marginal likelihood, the
    /// mean band half-width (2 sd, averaged over the grid), and the largest error of
    /// the mean against the truth between the first and the last observation.
    struct LengthScaleRow: Sendable {
        let label: String
        let lengthScale: Double
        let logMarginalLikelihood: Double
        let meanHalfWidth: Double
        let largestError: Double

        init(label: String, model: GaussianProcessRegressor, grid: [Double], truth: (Double) -> Double) throws {
            let p = try model.predict(Matrix(rows: grid.count, columns: 1, elements: grid))
            // The error between the first and the last observation only: beyond them the
            // model extrapolates, and any length scale can miss there.
            let xs = (0..<model.count).map { model.inputs[$0, 0] }
            let low = xs.min() ?? 0, high = xs.max() ?? 1
            self.label = label
            lengthScale = model.hyperparameters.lengthScales[0]
            logMarginalLikelihood = model.logMarginalLikelihood
            meanHalfWidth = Statistics.mean(p.standardDeviation.map { 2 * $0 })
            largestError = zip(grid, p.mean).filter { $0.0 >= low && $0.0 <= high }.map { abs($1 - truth($0)) }.max() ?? .nan
        }
    }

    static func lengthScaleTable(_ rows: [LengthScaleRow]) -> String {
        var table = Table(columns: [.init("length scale", alignment: .left), .init("value"), .init("log likelihood"),
                                    .init("average 2 sd"), .init("worst error inside")])
        for r in rows {
            table.addRow([r.label, Format.compact(r.lengthScale), Format.fixed(r.logMarginalLikelihood, 2),
                          Format.fixed(r.meanHalfWidth, 3), Format.fixed(r.largestError, 3)])
        }
        return table.render() + "\n" + Prose.wrap("average 2 sd: the band's half-width averaged over [0, 1]; worst error "
                                                 + "inside: the largest |mean - truth| between the first and the last "
                                                 + "observation (beyond them every model extrapolates).", indent: "  ")
    }

    /// What the three length scales (10 x shorter, fitted, 10 x longer) show.
    /// `bounds`: the fit's range for the length scale; a variant outside it could not
    /// have been chosen by the fit.
    static func lengthScaleStory(_ rows: [LengthScaleRow], bounds: ClosedRange<Double> = 1e-2...1e2) -> String {
        guard rows.count == 3 else { return "" }
        let (short, fitted, long) = (rows[0], rows[1], rows[2])
        // Printed with 2 decimals: a variant less than 0.005 ahead is not "more likely" on the page.
        let best = rows.max { $0.logMarginalLikelihood < $1.logMarginalLikelihood }!
        let likeliest = best.logMarginalLikelihood - fitted.logMarginalLikelihood < 0.005 ? fitted : best
        var text: String
        if likeliest.label == fitted.label && best.label != fitted.label {
            text = "The fitted length scale, \(Format.compact(fitted.lengthScale)), is as likely as the best of the three "
                + "to two decimals"
        } else if likeliest.label == fitted.label {
            text = "The marginal likelihood is highest for the fitted length scale, \(Format.compact(fitted.lengthScale))"
        } else if !bounds.contains(likeliest.lengthScale) {
            text = "The \(likeliest.label) length scale \(Format.compact(likeliest.lengthScale)) is more likely than the fitted "
                + "one, but it lies outside the range the fit may choose from (\(Format.compact(bounds.lowerBound)) to "
                + "\(Format.compact(bounds.upperBound)))"
        } else {
            text = "Surprisingly, the \(likeliest.label) length scale \(Format.compact(likeliest.lengthScale)) is more likely "
                + "than the fitted \(Format.compact(fitted.lengthScale)): the fit's optimiser, with its few restarts, missed "
                + "the best value this time"
        }
        text += ": log likelihood \(Format.fixed(fitted.logMarginalLikelihood, 2)) (fitted) against "
            + "\(Format.fixed(short.logMarginalLikelihood, 2)) (10 times shorter) and "
            + "\(Format.fixed(long.logMarginalLikelihood, 2)) (10 times longer)."
        if isOnLowerBound(fitted.lengthScale, bounds) {
            text += " The fitted value sits at the lower end of the range the fit may choose from "
                + "(\(Format.compact(bounds.lowerBound)))"
            text += short.logMarginalLikelihood - fitted.logMarginalLikelihood > -0.005
                ? ", and the 10 times shorter one is just as likely: the observations are too far apart for the data to "
                    + "tell short length scales apart."
                : "."
        }
        if short.meanHalfWidth > fitted.meanHalfWidth {
            text += " The short length scale forgets each observation within a short distance, so its band is wider: "
                + "2 sd is \(Format.fixed(short.meanHalfWidth, 3)) on average, against \(Format.fixed(fitted.meanHalfWidth, 3))."
        }
        if long.largestError > 4 * long.meanHalfWidth {
            // Overconfident: the band claims far more certainty than the errors allow.
            text += " The long one is sure of itself: its 2 sd is only \(Format.fixed(long.meanHalfWidth, 3)) on average, "
                + "yet between the observations its mean misses the truth by up to \(Format.fixed(long.largestError, 3)). "
                + "That overconfidence is what the likelihood punishes."
            if long.largestError <= fitted.largestError {
                text += " (Its mean happens to be closer to the truth here than the fitted one's, "
                    + "\(Format.fixed(long.largestError, 3)) against \(Format.fixed(fitted.largestError, 3)): the likelihood "
                    + "rewards an uncertainty that matches the errors, not the smallest error on one function.)"
            }
        } else if long.largestError > fitted.largestError {
            text += " The long one insists on a smoothness the function does not have: its mean misses the truth by up to "
                + "\(Format.fixed(long.largestError, 3)), against \(Format.fixed(fitted.largestError, 3)) for the fitted one."
        }
        return text
    }
}
