// BayesExplorationReport.swift
//
// What this file teaches (steps 3 and 4 of Lesson 4): how the acquisition function's
// settings move the next trial (exploration against exploitation), and when they
// cannot; what happens when the objective ignores its arguments; how to tell when a
// model has nothing left to say (expected improvement tiny everywhere); and what the
// fitted noise variance claims against the noise the folds show. It only formats:
// every number comes from main.swift's run.

import GaussianProcesses
import HyperSearch
import LabMath
import TextCharts

extension BayesLessonReport {
    /// Where one acquisition setting would look next, on a fine grid of the 1-D cube.
    struct ChoiceRow: Sendable {
        let setting: String
        let next: Double
        let mean: Double
        let standardDeviation: Double
        /// The distance from `next` to the nearest observation.
        let nearestObservation: Double
    }

    static func explorationTable(_ rows: [ChoiceRow]) -> String {
        var table = Table(columns: [.init("acquisition", alignment: .left), .init("next x"), .init("mean there"),
                                    .init("sd there"), .init("to nearest obs.")])
        for r in rows {
            table.addRow([r.setting, Format.fixed(r.next, 3), Format.fixed(r.mean, 3), Format.fixed(r.standardDeviation, 3),
                          Format.fixed(r.nearestObservation, 3)])
        }
        return table.render()
    }

    /// The smallest value of an acquisition's knob (kappa or xi, searched on a grid) at
    /// which its pick leaves the neighbourhood of the best observation, and where it goes.
    struct PickThreshold: Sendable {
        /// The values searched, e.g. 0, 0.1, ..., 30.
        let searched: ClosedRange<Double>
        let step: Double
        /// "Leaving" means a pick farther than this from the best observation.
        let radius: Double
        /// The first value whose pick left, its pick, the sd and mean there; nil if none did.
        let first: (value: Double, next: Double, standardDeviation: Double, mean: Double)?
    }

    /// Compares the picks with the smallest and the largest sd, then says where the
    /// balance tips (`threshold`) and why the fitted model of step 1 could not show it.
    ///
    /// - Parameters:
    ///   - bestObservation: x of the best observation the model was fitted to.
    ///   - fitted: step 1's fitted model on the same points: its length scale, whether
    ///     that is on the lower bound, the largest distance of any of its LCB picks
    ///     (over the same kappas) from the best observation, and at how many of
    ///     `gridCount` points its sd is within 5% of the prior's.
    static func explorationStory(_ rows: [ChoiceRow], bestObservation: Double, threshold: PickThreshold,
                                 fitted: (lengthScale: Double, onLowerBound: Bool, largestDistance: Double,
                                          atPrior: Int, gridCount: Int)) -> String {
        guard let surest = rows.min(by: { $0.standardDeviation < $1.standardDeviation }),
              let leastSure = rows.max(by: { $0.standardDeviation < $1.standardDeviation }) else { return "" }
        var text: String
        if surest.next == leastSure.next {
            text = "All settings in the table pick the same point, x = \(Format.fixed(surest.next, 3))."
        } else {
            text = "Of these picks, '\(surest.setting)' has the smallest sd (\(Format.fixed(surest.standardDeviation, 3)) at "
                + "x = \(Format.fixed(surest.next, 3)), mean \(Format.fixed(surest.mean, 3))): it goes where the mean looks "
                + "best. '\(leastSure.setting)' has the largest (\(Format.fixed(leastSure.standardDeviation, 3)) at x = "
                + "\(Format.fixed(leastSure.next, 3)), mean \(Format.fixed(leastSure.mean, 3))): it pays for uncertainty, at "
                + "the price of a worse expected value."
        }
        let kappas = "kappa from \(Format.compact(threshold.searched.lowerBound)) to "
            + "\(Format.compact(threshold.searched.upperBound)) in steps of \(Format.compact(threshold.step))"
        if let first = threshold.first {
            text += " Trying every \(kappas): up to kappa = \(Format.compact(first.value - threshold.step)) the lower "
                + "confidence bound picks a point within \(Format.compact(threshold.radius)) of the best observation "
                + "(x = \(Format.fixed(bestObservation, 3))); at kappa = \(Format.compact(first.value)) it jumps to "
                + "x = \(Format.fixed(first.next, 3)), where the sd is \(Format.fixed(first.standardDeviation, 3)) and the "
                + "mean only \(Format.fixed(first.mean, 3)): with that much weight on the sd, the chance of a much lower "
                + "value there outweighs the mean's promise near the best point."
        } else {
            text += " Trying every \(kappas): the lower confidence bound never picks a point farther than "
                + "\(Format.compact(threshold.radius)) from the best observation (x = \(Format.fixed(bestObservation, 3)))."
        }
        text += " With the hyperparameters step 1 fitted to the same points (length scale "
            + "\(Format.compact(fitted.lengthScale))\(fitted.onLowerBound ? ", the lower end of its range" : "")), the same "
            + "kappas move the pick at most \(Format.fixed(fitted.largestDistance, 3)) from the best observation"
        if fitted.largestDistance <= threshold.radius {
            text += ": its sd is within 5% of the prior's at \(fitted.atPrior) of the \(fitted.gridCount) grid points, so "
                + "uncertainty is nearly the same everywhere away from the observations, and the point next to the best "
                + "observation, where the mean is also low, wins for every kappa. That is why this step fixes the "
                + "hyperparameters."
        } else {
            text += ": with these data the fitted model shows the shift too."
        }
        return text
    }

    /// The article's bayes_opt objective scores the *untrained* model on the test set,
    /// ignoring the configuration. We evaluate exactly that for a few configurations
    /// and report the distinct values.
    static func constantObjectiveStory(values: [Double]) -> String {
        let distinct = values.reduce(into: [Double]()) { if !$0.contains($1) { $0.append($1) } }
        var text = "Scored that way, \(values.count) different configurations all received "
        text += distinct.count == 1 ? "the same number, \(Format.fixed(distinct[0], 4))"
            : "\(distinct.count) distinct values (\(distinct.map { Format.fixed($0, 4) }.joined(separator: ", ")))"
        return text + ". A Gaussian process fitted to a constant learns a flat line: the search would be a random "
            + "search that cannot tell good from bad, and it would use the test set to do it."
    }

    /// What the fitted noise variance claims, against the noise the folds show: each
    /// trial's mean over k folds is uncertain by its standard error, about fold std /
    /// sqrt(k - 1) (the fold std is the population one, ddof 0; the folds share training
    /// rows, so this is only a rough guide). Divided by the scores' standard deviation
    /// and squared, that is the noise variance in the model's normalised units.
    static func noiseNote(model: GaussianProcessRegressor, bounds: ClosedRange<Double>, foldSpreads: [Double],
                          folds: Int) -> String {
        let h = model.hyperparameters
        var text = "The model's fitted noise variance is \(Format.compact(h.noiseVariance)) in normalised units"
        if isOnLowerBound(h.noiseVariance, bounds) {
            text += ", the floor of its allowed range (\(Format.compact(bounds.lowerBound)) to "
                + "\(Format.compact(bounds.upperBound))): it takes every mean score as exact"
        } else if isOnUpperBound(h.noiseVariance, bounds) {
            text += ", the top of its allowed range: it calls all of the differences noise"
        }
        text += "."
        guard let low = foldSpreads.min(), let high = foldSpreads.max(), folds >= 2, model.targetScale > 0 else {
            return text
        }
        let root = Double(folds - 1).squareRoot()
        let implied = { (spread: Double) in (spread / root / model.targetScale) * (spread / root / model.targetScale) }
        text += " The folds disagree, though: the trials' fold standard deviations run from \(Format.fixed(low, 3)) to "
            + "\(Format.fixed(high, 3)), so each mean over \(folds) folds is uncertain by roughly std / sqrt(\(folds - 1)) = "
            + "\(Format.fixed(low / root, 3)) to \(Format.fixed(high / root, 3)); divided by the scores' sd "
            + "(\(Format.fixed(model.targetScale, 3))) and squared, that is a noise variance of about "
            + "\(Format.compact(implied(low))) to \(Format.compact(implied(high))) in the model's units."
        if h.noiseVariance < 0.1 * implied(low) {
            text += " The model believes the scores far more than the folds allow, so it may chase differences that are "
                + "only luck."
        }
        return text
    }

    /// A note when expected improvement is tiny everywhere on `grid` compared with the
    /// spread of the observed scores (at most 5% of it), nil otherwise: how many points
    /// have even the optimistic end of their 2 sd band short of the best score.
    static func flatAcquisitionNote(model: GaussianProcessRegressor, grid: [Double], incumbent: Double,
                                    direction: OptimizationDirection) throws -> String? {
        let p = try model.predict(Matrix(rows: grid.count, columns: 1, elements: grid))
        let ei = AcquisitionFunction.expectedImprovement(xi: 0).evaluate(p, incumbent: incumbent, direction: direction)
        let largest = ei.max() ?? 0
        let spread = (model.targets.max() ?? 0) - (model.targets.min() ?? 0)
        guard spread > 0, largest < 0.05 * spread else { return nil }
        // The optimistic end of the band: mean + 2 sd when maximising, mean - 2 sd when minimising.
        let hopeless = grid.indices.filter { i in
            let optimistic = p.mean[i] + (direction == .maximize ? 2 : -2) * p.standardDeviation[i]
            return !direction.isBetter(optimistic, than: incumbent)
        }.count
        return "Expected improvement is tiny everywhere: at most \(Format.scientific(largest, 1)), against a spread of "
            + "\(Format.fixed(spread, 3)) between the trials' scores. At \(hopeless) of the \(grid.count) points drawn, "
            + "even the optimistic end of the 2 sd band does not beat the best score so far, so the model expects little "
            + "gain anywhere. Its choice among such small values is close to arbitrary."
    }
}
