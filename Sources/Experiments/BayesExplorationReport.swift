// BayesExplorationReport.swift
//
// What this file teaches: how the acquisition function's settings move the next trial
// (exploration against exploitation), what happens when the objective ignores its
// arguments, and how to tell when a model has nothing left to say (expected improvement
// tiny everywhere). As in the rest of the lesson reports, every claim is computed.

import GaussianProcesses
import HyperSearch
import LabMath
import TextCharts

extension BayesLessonReport {
    /// Where each acquisition setting would look next, on a fine grid of the 1-D cube.
    public struct ChoiceRow: Sendable {
        public let setting: String
        public let next: Double
        public let mean: Double
        public let standardDeviation: Double
    }

    /// Maximises each acquisition over `grid` (a plain grid search of the acquisition,
    /// unlike the searcher's random candidates refined by gradient steps).
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

    /// Compares the pick with the smallest sd and the pick with the largest sd.
    ///
    /// - Parameters:
    ///   - bestObservation: the best observation the model was fitted to.
    ///   - searcherPick: where the searcher itself went with the same model (its
    ///     default acquisition), to explain a difference from the grid's choice.
    ///   - gridStep: the spacing of the grid the table was computed on.
    public static func explorationStory(_ rows: [ChoiceRow], bestObservation: Double, searcherPick: Double?,
                                        gridStep: Double) -> String {
        guard let surest = rows.min(by: { $0.standardDeviation < $1.standardDeviation }),
              let leastSure = rows.max(by: { $0.standardDeviation < $1.standardDeviation }) else { return "" }
        var text: String
        if surest.next == leastSure.next {
            text = "All settings pick the same point here: the data leave no doubt where to look."
        } else {
            text = "Of these picks, '\(surest.setting)' has the smallest sd (\(Format.fixed(surest.standardDeviation, 3)) at "
                + "x = \(Format.fixed(surest.next, 3))): it goes where the mean looks best. '\(leastSure.setting)' has the "
                + "largest (\(Format.fixed(leastSure.standardDeviation, 3)) at x = \(Format.fixed(leastSure.next, 3))): it pays "
                + "for uncertainty. Larger xi or kappa buys information at the price of a likely worse next trial."
        }
        let picks = rows.map(\.next)
        let spread = (picks.max() ?? 0) - (picks.min() ?? 0)
        let farthest = picks.map { abs($0 - bestObservation) }.max() ?? 0
        if spread < 0.05 {
            text += " Here all settings pick points within \(Format.fixed(spread, 3)) of each other"
            text += farthest < 0.05
                ? ", all within \(Format.fixed(farthest, 3)) of the best observation so far (x = "
                    + "\(Format.fixed(bestObservation, 3))): on this model no setting found a better bet elsewhere."
                : "."
        }
        if let searcherPick, let ei = rows.first(where: { $0.setting.hasPrefix("EI, xi = 0") }),
           abs(searcherPick - ei.next) > gridStep {
            text += " (The table maximises each acquisition on a grid with steps of \(Format.compact(gridStep)); the "
                + "searcher maximised expected improvement over random candidates refined by gradient steps and went to "
                + "x = \(Format.fixed(searcherPick, 3)). With a length scale this short the acquisition has several "
                + "nearly equal peaks, so the two can differ.)"
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

    /// A note when expected improvement is tiny everywhere on `grid` compared with the
    /// spread of the observed scores (at most 5% of it), nil otherwise, with what the
    /// numbers say about why: how much of the variance the model calls noise, and at
    /// how many points even the optimistic end of its 2 sd band fails to beat the best.
    /// - Parameters:
    ///   - foldSpreads: the fold standard deviations of the trials, the direct evidence
    ///     of how noisy each score is, to set against the fitted noise.
    ///   - noiseFloor: the lower bound of the fitted noise variance.
    public static func flatAcquisitionNote(model: GaussianProcessRegressor, grid: [Double], incumbent: Double,
                                           direction: OptimizationDirection, foldSpreads: [Double],
                                           noiseFloor: Double) throws -> String? {
        let p = try model.predict(Matrix(rows: grid.count, columns: 1, elements: grid))
        let ei = AcquisitionFunction.expectedImprovement(xi: 0).evaluate(p, incumbent: incumbent, direction: direction)
        let largest = ei.max() ?? 0
        let spread = (model.targets.max() ?? 0) - (model.targets.min() ?? 0)
        guard spread > 0, largest < 0.05 * spread else { return nil }
        let h = model.hyperparameters
        let noiseShare = h.noiseVariance / (h.noiseVariance + h.signalVariance)
        // The optimistic end of the band: mean + 2 sd when maximising, mean - 2 sd when minimising.
        let hopeless = grid.indices.filter { i in
            let optimistic = p.mean[i] + (direction == .maximize ? 2 : -2) * p.standardDeviation[i]
            return !direction.isBetter(optimistic, than: incumbent)
        }.count
        var text = "Expected improvement is tiny everywhere: at most \(Format.scientific(largest, 1)), against a spread "
            + "of \(Format.fixed(spread, 3)) between the trials' scores. "
        if noiseShare > 0.5 {
            text += "The fitted noise variance is \(Format.fixed(noiseShare * 100, 0))% of the total (noise "
                + "\(Format.compact(h.noiseVariance)), signal \(Format.compact(h.signalVariance)), normalised units): the "
                + "model treats most of the differences between trials as noise."
        } else {
            text += "The model treats those differences as signal: its fitted noise variance, "
                + "\(Format.compact(h.noiseVariance))\(h.noiseVariance <= noiseFloor * 1.001 ? " (the floor of its range)" : ""), "
                + "is tiny against the signal variance, \(Format.compact(h.signalVariance))"
            if let low = foldSpreads.min(), let high = foldSpreads.max() {
                text += ", although the fold standard deviations in the trial lines (\(Format.fixed(low, 3)) to "
                    + "\(Format.fixed(high, 3))) show that each score is noisy"
            }
            text += "."
        }
        text += " At \(hopeless) of the \(grid.count) points drawn, even the optimistic end of the 2 sd band does not "
            + "beat the best score so far, so the model expects little gain anywhere. Its choice among such small values "
            + "is close to arbitrary."
        return text
    }
}
