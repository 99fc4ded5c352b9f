// BayesLessonReport.swift
//
// What this file teaches: how to read Bayesian optimisation's decisions from its own
// numbers. Which length scale the data prefer and what the others would have done;
// why a point was chosen (expected improvement's exploitation and exploration terms);
// how the exploration settings move the next point. Every claim is computed here.

import Foundation
import GaussianProcesses
import HyperSearch
import LabMath
import LessonKit
import TextCharts

public enum BayesLessonReport {
    /// `count` evenly spaced points of [0, 1], ends included.
    public static func unitGrid(_ count: Int) -> [Double] {
        (0..<count).map { Double($0) / Double(count - 1) }
    }

    /// One line about a guided step: where, why (EI's two terms), what came back.
    /// `bounds` are the searcher's hyperparameter bounds: a length scale fitted at one
    /// of their ends is pointed out.
    public static func stepLine(_ step: BayesianOptimizationStep, x: Double, value: Double, xLabel: String = "x",
                                bounds: HyperparameterBounds = .unitCube) -> String {
        guard let mean = step.predictedMean, let sd = step.predictedStandardDeviation else {
            return "Trial \(step.number) (initial design): \(xLabel) = \(Format.fixed(x, 4)), f = \(Format.fixed(value, 3))."
        }
        var text = "Trial \(step.number)"
        if let h = step.hyperparameters, let incumbent = step.incumbent {
            text += " (fitted kernel: length scale " + h.lengthScales.map { Format.compact($0) }.joined(separator: ", ")
                + lengthScaleBoundNote(h.lengthScales, bounds: bounds.lengthScale)
                + ", signal variance \(Format.compact(h.signalVariance)), noise variance \(Format.compact(h.noiseVariance)), "
                + "in the unit cube and normalised units; best so far \(Format.fixed(incumbent, 3)))"
        }
        text += ": the model predicted \(Format.fixed(mean, 3)) (sd \(Format.fixed(sd, 3))) at "
            + "\(xLabel) = \(Format.fixed(x, 4))"
        if let terms = step.expectedImprovement {
            text += "; expected improvement \(Format.scientific(terms.total, 2)) = exploitation "
                + "\(Format.scientific(terms.exploitation, 2)) + exploration \(Format.scientific(terms.exploration, 2))"
            if terms.exploitation <= 0 {
                text += " (the mean there is no better than the best value so far: the point was chosen for its uncertainty)"
            } else if terms.exploitation >= terms.exploration {
                text += " (mostly exploitation: the mean there already beats the best value so far)"
            } else {
                text += " (mostly exploration)"
            }
        }
        return text + ". The true value there: \(Format.fixed(value, 3))."
    }

    /// " (the lower end of its range ...)" when a fitted length scale sits on a bound
    /// (within 0.1%, the optimiser's tolerance in log space), "" otherwise.
    static func lengthScaleBoundNote(_ lengthScales: [Double], bounds: ClosedRange<Double>) -> String {
        if lengthScales.contains(where: { $0 <= bounds.lowerBound * 1.001 }) {
            return " (the lower end of its allowed range: the likelihood wanted it shorter still, i.e. these few points "
                + "do not look related to each other)"
        }
        if lengthScales.contains(where: { $0 >= bounds.upperBound / 1.001 }) {
            return " (the upper end of its allowed range: the points look like one smooth trend)"
        }
        return ""
    }

    /// Where the true function leaves the model's 2 sd band on `grid`, as sentences
    /// (nil when it never does). For a minimisation, truth *below* the band is the
    /// costly error (a good region the model rates too low); above it is harmless.
    public static func bandMisses(model: GaussianProcessRegressor, grid: [Double], truth: (Double) -> Double) throws -> String? {
        let p = try model.predict(Matrix(rows: grid.count, columns: 1, elements: grid))
        let error = grid.indices.map { truth(grid[$0]) - p.mean[$0] }
        let outside = grid.indices.filter { abs(error[$0]) > 2 * p.standardDeviation[$0] }
        guard let first = outside.first, let last = outside.last else { return nil }
        let worst = outside.max { abs(error[$0]) < abs(error[$1]) }!
        let low = model.targets.min() ?? .nan, high = model.targets.max() ?? .nan
        var text = "Notice that the true function leaves the 2 sd band at \(outside.count) of the \(grid.count) grid points "
            + "between x = \(Format.fixed(grid[first], 3)) and x = \(Format.fixed(grid[last], 3)); at x = "
            + "\(Format.fixed(grid[worst], 3)) the model predicts \(Format.fixed(p.mean[worst], 2)) with 2 sd = "
            + "\(Format.fixed(2 * p.standardDeviation[worst], 2)) where the truth is \(Format.fixed(truth(grid[worst]), 2)). "
            + "The band's width comes from a signal variance fitted to the \(model.count) values seen so far, all between "
            + "\(Format.fixed(low, 3)) and \(Format.fixed(high, 3)): nothing in them hints at values that far out."
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

    /// The same 1-D Forrester search repeated over `seeds` seeds: the gap to the true
    /// minimum for each, and how many ended in the global basin (within 0.05 of 0.7572).
    public static func forresterOverSeeds(seeds: [UInt64], initPoints: Int, nIter: Int) throws -> (gaps: [Double], inGlobalBasin: Int) {
        let space = try SearchSpace([.real("x", low: 0, high: 1)])
        let objective = Objective(name: "Forrester", direction: .minimize) { c in .score(TestFunctions.forrester(try c.double("x"))) }
        var gaps: [Double] = []
        var inBasin = 0
        for seed in seeds {
            var tuner = try Tuner(searcher: BayesianOptimization(space: space, direction: .minimize, initPoints: initPoints,
                                                                 nIter: nIter, settings: .legacy, seed: seed),
                                  objective: objective, budget: .trials(initPoints + nIter))
            let best = try tuner.run().best!
            gaps.append(best.score! - TestFunctions.forresterMinimum)
            if abs(try best.configuration.double("x") - 0.757_249) < 0.05 { inBasin += 1 }
        }
        return (gaps, inBasin)
    }

    /// How many of `xs` lie within `tolerance` of an earlier one: a search that keeps
    /// returning to the same place has stopped learning anything new.
    public static func repeatedPoints(_ xs: [Double], tolerance: Double) -> Int {
        xs.indices.filter { i in xs[..<i].contains { abs($0 - xs[i]) <= tolerance } }.count
    }

    /// The end of step 1: the best point, the same search over other seeds, and a note
    /// when guided trials kept landing on points already tried.
    public static func forresterStory(best: (x: Double, y: Double), evaluations: Int,
                                      overSeeds: (gaps: [Double], inGlobalBasin: Int), firstSeed: UInt64,
                                      repeatedPoints: Int) -> String {
        let gap = best.y - TestFunctions.forresterMinimum
        let seeds = overSeeds.gaps.count
        var text = "After \(Format.counted(evaluations, "evaluation")) the best point is x = \(Format.fixed(best.x, 4)) with "
            + "f = \(Format.fixed(best.y, 4)), " + gapText(gap)
            + " above the true minimum. One run is one draw of luck, so we repeated the same search (same budget, seeds "
            + "\(firstSeed) to \(firstSeed &+ UInt64(seeds - 1))): \(overSeeds.inGlobalBasin) of \(seeds) runs ended within "
            + "0.05 of the global minimum's x, and the median gap in f was "
            + gapText(Statistics.median(overSeeds.gaps)) + "."
        if repeatedPoints > 0 {
            text += " In this run \(Format.counted(repeatedPoints, "trial")) landed within 0.001 of an earlier one: once "
                + "the model is sure where the minimum is, expected improvement keeps pointing there, and further trials "
                + "add little. A real search would stop when expected improvement falls below a threshold."
        }
        return text
    }

    /// A gap to the minimum with 4 decimals, or "less than 0.0001" rather than 0.0000.
    static func gapText(_ gap: Double) -> String {
        gap < 1e-4 ? "less than 0.0001" : Format.fixed(gap, 4)
    }

    /// The same observations under three length scales: log marginal likelihood, the
    /// mean band half-width (2 sd, averaged over the grid), and the largest error of the
    /// mean against the truth between the first and the last observation.
    public struct LengthScaleRow: Sendable {
        public let label: String
        public let lengthScale: Double
        public let logMarginalLikelihood: Double
        public let meanHalfWidth: Double
        public let largestError: Double
    }

    public static func lengthScaleComparison(inputs: Matrix, targets: [Double], fitted: KernelHyperparameters,
                                             kernel: Kernel, grid: [Double],
                                             truth: (Double) -> Double) throws -> [(LengthScaleRow, GaussianProcessRegressor)] {
        let variants: [(String, Double)] = [("10 x shorter", 0.1), ("fitted", 1), ("10 x longer", 10)]
        return try variants.map { label, factor in
            let h = fitted.scalingLengthScales(by: factor)
            let model = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: kernel, hyperparameters: h)
            let p = try model.predict(Matrix(rows: grid.count, columns: 1, elements: grid))
            let halfWidth = Statistics.mean(p.standardDeviation.map { 2 * $0 })
            // The error between the first and the last observation only: beyond them the
            // model extrapolates, and any length scale can miss there.
            let low = (0..<inputs.rows).map { inputs[$0, 0] }.min() ?? 0
            let high = (0..<inputs.rows).map { inputs[$0, 0] }.max() ?? 1
            let error = zip(grid, p.mean).filter { $0.0 >= low && $0.0 <= high }.map { abs($1 - truth($0)) }.max() ?? .nan
            return (LengthScaleRow(label: label, lengthScale: h.lengthScales[0], logMarginalLikelihood: model.logMarginalLikelihood,
                                   meanHalfWidth: halfWidth, largestError: error), model)
        }
    }

    public static func lengthScaleTable(_ rows: [LengthScaleRow]) -> String {
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

    /// What the three length scales show. `bounds`: the fit's range for the length
    /// scale; a variant outside it could not have been chosen by the fit.
    public static func lengthScaleStory(_ rows: [LengthScaleRow], bounds: ClosedRange<Double> = 1e-2...1e2) -> String {
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
        if fitted.lengthScale <= bounds.lowerBound * 1.001 {
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

    /// The lesson's summary, from the run's numbers.
    public static func summary(forresterRegret: Double, forresterTrials: Int, fittedLengthScale: Double,
                               learningRate: (value: Double, score: Double)?, comparison: PairedComparison?) -> [String] {
        var points = [
            "A Gaussian process turns a few observations into a mean and an uncertainty everywhere; the acquisition "
                + "function turns those into the next trial.",
            "On the Forrester function, \(forresterTrials) trials ended \(Format.fixed(forresterRegret, 4)) above the global minimum.",
            "The length scale decides how far an observation's influence reaches; the marginal likelihood chose "
                + "\(Format.compact(fittedLengthScale)) for that data.",
            "Expected improvement = exploitation + exploration; xi and kappa shift the balance.",
        ]
        if let lr = learningRate {
            points.append("Tuned properly (the objective trains with the configuration it is given), the learning rate "
                          + "search chose \(Format.compact(lr.value)) at mean CV accuracy \(Format.fixed(lr.score, 3)).")
        }
        if let c = comparison {
            points.append("Against \(c.firstName) with the same budget over \(Format.counted(c.pairings.count, "seed")), \(c.verdict).")
        }
        return points
    }
}
