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
    /// Forrester et al. (2008): f(x) = (6x - 2)^2 sin(12x - 4) on [0, 1], a standard
    /// 1-D test function with a local minimum near x = 0.14 and the global minimum
    /// -6.0207 at x = 0.7572.
    public static func forrester(_ x: Double) -> Double {
        let t = 6 * x - 2
        return t * t * sin(12 * x - 4)
    }
    public static let forresterMinimum = -6.020_740_055_767_083

    /// `count` evenly spaced points of [0, 1], ends included.
    public static func unitGrid(_ count: Int) -> [Double] {
        (0..<count).map { Double($0) / Double(count - 1) }
    }

    /// One line about a guided step: where, why (EI's two terms), what came back.
    public static func stepLine(_ step: BayesianOptimizationStep, x: Double, value: Double, xLabel: String = "x") -> String {
        guard let mean = step.predictedMean, let sd = step.predictedStandardDeviation else {
            return "Trial \(step.number) (initial design): \(xLabel) = \(Format.fixed(x, 4)), f = \(Format.fixed(value, 3))."
        }
        var text = "Trial \(step.number)"
        if let h = step.hyperparameters, let incumbent = step.incumbent {
            text += " (fitted kernel: length scale " + h.lengthScales.map { Format.compact($0) }.joined(separator: ", ")
                + ", signal variance \(Format.compact(h.signalVariance)), noise variance \(Format.compact(h.noiseVariance)), "
                + "in the unit cube and normalised units; best so far \(Format.fixed(incumbent, 3)))"
        }
        text += ": the model predicted \(Format.fixed(mean, 3)) +/- \(Format.fixed(sd, 3)) at "
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

    /// Where the true function leaves the model's +/- 2 sd band on `grid`, as a sentence
    /// (nil when it never does): the model is confidently wrong there.
    public static func bandMisses(model: GaussianProcessRegressor, grid: [Double], truth: (Double) -> Double) throws -> String? {
        let p = try model.predict(Matrix(rows: grid.count, columns: 1, elements: grid))
        let outside = grid.indices.filter { abs(truth(grid[$0]) - p.mean[$0]) > 2 * p.standardDeviation[$0] }
        guard let first = outside.first, let last = outside.last else { return nil }
        let worst = outside.max { abs(truth(grid[$0]) - p.mean[$0]) < abs(truth(grid[$1]) - p.mean[$1]) }!
        return "Notice that the true function leaves the +/- 2 sd band at \(outside.count) of the \(grid.count) grid points "
            + "between x = \(Format.fixed(grid[first], 3)) and x = \(Format.fixed(grid[last], 3)); at x = "
            + "\(Format.fixed(grid[worst], 3)) the model predicts \(Format.fixed(p.mean[worst], 2)) +/- "
            + "\(Format.fixed(2 * p.standardDeviation[worst], 2)) where the truth is \(Format.fixed(truth(grid[worst]), 2)). "
            + "The model is confidently wrong there, and expected improvement, which trusts it, will not look there soon."
    }

    /// The same 1-D Forrester search repeated over `seeds` seeds: the gap to the true
    /// minimum for each, and how many ended in the global basin (within 0.05 of 0.7572).
    public static func forresterOverSeeds(seeds: [UInt64], initPoints: Int, nIter: Int) throws -> (gaps: [Double], inGlobalBasin: Int) {
        let space = try SearchSpace([.real("x", low: 0, high: 1)])
        let objective = Objective(name: "Forrester", direction: .minimize) { c in .score(forrester(try c.double("x"))) }
        var gaps: [Double] = []
        var inBasin = 0
        for seed in seeds {
            var tuner = try Tuner(searcher: BayesianOptimization(space: space, direction: .minimize, initPoints: initPoints,
                                                                 nIter: nIter, seed: seed),
                                  objective: objective, budget: .trials(initPoints + nIter))
            let best = try tuner.run().best!
            gaps.append(best.score! - forresterMinimum)
            if abs(try best.configuration.double("x") - 0.757_249) < 0.05 { inBasin += 1 }
        }
        return (gaps, inBasin)
    }

    /// The same observations under three length scales: log marginal likelihood, the
    /// mean band half-width, and the largest error of the mean against the truth.
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
            let error = zip(grid, p.mean).map { abs($1 - truth($0)) }.max() ?? .nan
            return (LengthScaleRow(label: label, lengthScale: h.lengthScales[0], logMarginalLikelihood: model.logMarginalLikelihood,
                                   meanHalfWidth: halfWidth, largestError: error), model)
        }
    }

    public static func lengthScaleTable(_ rows: [LengthScaleRow]) -> String {
        var table = Table(columns: [.init("length scale", alignment: .left), .init("value"), .init("log likelihood"),
                                    .init("mean band half-width"), .init("largest error")])
        for r in rows {
            table.addRow([r.label, Format.compact(r.lengthScale), Format.fixed(r.logMarginalLikelihood, 2),
                          Format.fixed(r.meanHalfWidth, 3), Format.fixed(r.largestError, 3)])
        }
        return table.render()
    }

    public static func lengthScaleStory(_ rows: [LengthScaleRow]) -> String {
        guard rows.count == 3 else { return "" }
        let (short, fitted, long) = (rows[0], rows[1], rows[2])
        var text = "The marginal likelihood is highest for the fitted length scale, \(Format.compact(fitted.lengthScale))"
        if fitted.logMarginalLikelihood < max(short.logMarginalLikelihood, long.logMarginalLikelihood) {
            text = "Surprisingly, the fitted length scale \(Format.compact(fitted.lengthScale)) is not the most likely of the three "
                + "(the optimiser stopped at a local optimum)"
        }
        text += ": \(Format.fixed(fitted.logMarginalLikelihood, 2)) against \(Format.fixed(short.logMarginalLikelihood, 2)) "
            + "(10 times shorter) and \(Format.fixed(long.logMarginalLikelihood, 2)) (10 times longer)."
        if short.meanHalfWidth > fitted.meanHalfWidth {
            text += " The short length scale forgets each observation within a short distance, so its band is wider on "
                + "average (\(Format.fixed(short.meanHalfWidth, 3)) against \(Format.fixed(fitted.meanHalfWidth, 3)))."
        }
        if long.largestError > fitted.largestError {
            text += " The long one insists on a smoothness the function does not have: its mean misses the truth by up to "
                + "\(Format.fixed(long.largestError, 3)), against \(Format.fixed(fitted.largestError, 3)) for the fitted one."
        }
        return text
    }

    /// Where each acquisition setting would look next, on a fine grid of the 1-D cube.
    public struct ChoiceRow: Sendable {
        public let setting: String
        public let next: Double
        public let mean: Double
        public let standardDeviation: Double
    }

    public static func exploration(model: GaussianProcessRegressor, incumbent: Double, direction: OptimizationDirection,
                                   settings: [(String, AcquisitionFunction)], grid: [Double]) throws -> [ChoiceRow] {
        let p = try model.predict(Matrix(rows: grid.count, columns: 1, elements: grid))
        return settings.map { name, acquisition in
            let scores = acquisition.evaluate(p, incumbent: incumbent, direction: direction)
            let best = Statistics.indexOfMaximum(scores) ?? 0
            return ChoiceRow(setting: name, next: grid[best], mean: p.mean[best], standardDeviation: p.standardDeviation[best])
        }
    }

    public static func explorationTable(_ rows: [ChoiceRow]) -> String {
        var table = Table(columns: [.init("acquisition", alignment: .left), .init("next x"), .init("mean there"),
                                    .init("sd there")])
        for r in rows {
            table.addRow([r.setting, Format.fixed(r.next, 3), Format.fixed(r.mean, 3), Format.fixed(r.standardDeviation, 3)])
        }
        return table.render()
    }

    /// Compares the most greedy and the most exploring settings of the table.
    public static func explorationStory(_ rows: [ChoiceRow]) -> String {
        guard let greedy = rows.min(by: { $0.standardDeviation < $1.standardDeviation }),
              let curious = rows.max(by: { $0.standardDeviation < $1.standardDeviation }) else { return "" }
        if greedy.standardDeviation == curious.standardDeviation {
            return "All settings pick the same point here: the data leave no doubt where to look."
        }
        var text = "'\(greedy.setting)' picks x = \(Format.fixed(greedy.next, 3)), where the model is surest (sd "
            + "\(Format.fixed(greedy.standardDeviation, 3))): exploitation. '\(curious.setting)' picks x = "
            + "\(Format.fixed(curious.next, 3)), where it is least sure (sd \(Format.fixed(curious.standardDeviation, 3))): "
            + "exploration. Larger xi or kappa buys information at the price of a likely worse next trial."
        let spread = (rows.map(\.next).max() ?? 0) - (rows.map(\.next).min() ?? 0)
        if spread < 0.05 {
            text += " Here all settings pick points within \(Format.fixed(spread, 3)) of each other: this model's "
                + "uncertainty is concentrated near its best observation, so exploring and exploiting point the same way."
        }
        return text
    }

    /// The article's bayes_opt objective scores the *untrained* model on the test set,
    /// ignoring the configuration. We evaluate exactly that for a few configurations
    /// and report the distinct values.
    public static func constantObjectiveStory(values: [Double]) -> String {
        let distinct = values.reduce(into: [Double]()) { if !$0.contains($1) { $0.append($1) } }
        var text = "Scored that way, \(values.count) different configurations all received "
        text += distinct.count == 1 ? "the same number, \(Format.fixed(distinct[0], 4))"
            : "\(distinct.count) distinct values (\(distinct.map { Format.fixed($0, 4) }.joined(separator: ", ")))"
        return text + ". A Gaussian process fitted to a constant learns a flat line: the search would be a random "
            + "search that cannot tell good from bad, and it would use the test set to do it."
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
            points.append("Against \(c.firstName) with the same budget over \(c.pairings.count) seeds, \(c.verdict).")
        }
        return points
    }
}
