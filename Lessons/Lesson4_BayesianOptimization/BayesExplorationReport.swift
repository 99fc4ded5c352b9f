// BayesExplorationReport.swift
//
// What this file teaches (steps 3 and 5 of Lesson 4): how the acquisition function's
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

    /// Step 3's settings, in the table's order: the mean alone, EI without and with a
    /// margin, two LCBs, then --kappa's and --xi's if given. xi is in units of the
    /// observed values' standard deviation `valuesSd`, as the searcher reads it.
    static func acquisitionSettings(valuesSd sd: Double, kappa: Double?, xi: Double?) -> [(String, AcquisitionFunction)] {
        var settings: [(String, AcquisitionFunction)] = [
            ("LCB, kappa = 0 (mean only)", .confidenceBound(kappa: 0)), ("EI, xi = 0", .expectedImprovement(xi: 0)),
            ("EI, xi = 1 sd", .expectedImprovement(xi: sd)), ("LCB, kappa = 2", .confidenceBound(kappa: 2)),
            ("LCB, kappa = 10", .confidenceBound(kappa: 10)),
        ]
        if let kappa { settings.append(("LCB, kappa = \(Format.compact(kappa)) (--kappa)", .confidenceBound(kappa: kappa))) }
        if let xi { settings.append(("EI, xi = \(Format.compact(xi)) sd (--xi)", .expectedImprovement(xi: xi * sd))) }
        return settings
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

    /// An acquisition's picks as its knob (kappa or xi) grows over evenly spaced values:
    /// the pick first drifts (a grid step at a time), then may jump to another region.
    /// A jump is a move of more than `jumpDistance` between neighbouring values; crossing
    /// a fixed radius around the best observation is not one (a slow drift can cross it).
    struct PickJump: Sendable {
        /// The knob's values, ascending and evenly spaced (e.g. 0, 0.1, ..., 30).
        let values: [Double]
        /// For each value: the pick (x), and the posterior mean and sd there.
        let picks: [Double]
        let means: [Double]
        let standardDeviations: [Double]
        let jumpDistance: Double

        /// The first index whose pick lies more than `jumpDistance` from the previous
        /// value's pick; nil if the picks only drift.
        var jump: Int? {
            picks.indices.dropFirst().first { abs(picks[$0] - picks[$0 - 1]) > jumpDistance }
        }

        /// The largest distance of any pick from `x`.
        func farthest(from x: Double) -> Double { picks.map { abs($0 - x) }.max() ?? .nan }
    }

    /// The pick at index `i` of `grid` (where `prediction` was made), and its distance
    /// to the nearest of the `observed` x.
    static func choice(_ setting: String, index i: Int, grid: [Double], prediction p: GaussianProcessPrediction,
                       observed: [Double]) -> ChoiceRow {
        ChoiceRow(setting: setting, next: grid[i], mean: p.mean[i], standardDeviation: p.standardDeviation[i],
                  nearestObservation: observed.map { abs($0 - grid[i]) }.min() ?? .nan)
    }

    /// The picks at the grid indices `chosen`, one per knob value, read off `prediction`;
    /// a jump is a move of more than 0.05.
    static func pickJump(values: [Double], chosen: [Int], grid: [Double], prediction p: GaussianProcessPrediction)
        -> PickJump {
        PickJump(values: values, picks: chosen.map { grid[$0] }, means: chosen.map { p.mean[$0] },
                 standardDeviations: chosen.map { p.standardDeviation[$0] }, jumpDistance: 0.05)
    }

    /// "kappa from 0 to 30 in steps of 0.1".
    static func searched(_ jump: PickJump, knob: String) -> String {
        guard let first = jump.values.first, let last = jump.values.last, jump.values.count >= 2 else { return knob }
        return "\(knob) from \(Format.compact(first)) to \(Format.compact(last)) in steps of "
            + "\(Format.compact(jump.values[1] - first))"
    }

    /// Where the drift ends and the jump lands: "is x = A at kappa = 0 and x = B at
    /// kappa = 4.2; at kappa = 4.3 it jumps to x = C", or nil without a jump.
    static func jumpPhrase(_ jump: PickJump, knob: String) -> String? {
        guard let j = jump.jump else { return nil }
        let start = "x = \(Format.fixed(jump.picks[0], 3)) at \(knob) = \(Format.compact(jump.values[0]))"
        let before = j - 1 == 0 ? start
            : start + " and x = \(Format.fixed(jump.picks[j - 1], 3)) at \(knob) = \(Format.compact(jump.values[j - 1]))"
        return "is " + before + "; at \(knob) = \(Format.compact(jump.values[j])) it jumps to x = "
            + "\(Format.fixed(jump.picks[j], 3))"
    }

    /// Compares the picks with the smallest and the largest sd, then says where the
    /// balance tips (where the LCB's pick jumps as kappa grows) and why the fitted model
    /// of step 1 could not show it.
    ///
    /// - Parameters:
    ///   - bestObservation: x of the best observation the model was fitted to.
    ///   - kappas: the LCB's picks over kappa with the fixed hyperparameters.
    ///   - fitted: step 1's fitted model on the same points: its length scale, whether
    ///     that is on the lower bound, its LCB picks over the same kappas, and at how
    ///     many of `gridCount` points its sd is within 5% of the prior's.
    static func explorationStory(_ rows: [ChoiceRow], bestObservation: Double, kappas: PickJump,
                                 fitted: (lengthScale: Double, onLowerBound: Bool, picks: PickJump,
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
        let best = "the best observation at x = \(Format.fixed(bestObservation, 3))"
        text += " Trying every \(searched(kappas, knob: "kappa")): the lower confidence bound's pick "
        if let j = kappas.jump, let phrase = jumpPhrase(kappas, knob: "kappa") {
            let worse = kappas.means[j] > kappas.means[j - 1]
            text += phrase + ", \(Format.fixed(abs(kappas.picks[j] - bestObservation), 3)) from \(best) (before the jump "
                + "it drifted no farther than \(Format.fixed(kappas.picks[..<j].map { abs($0 - bestObservation) }.max()!, 3))"
                + "), where the sd is \(Format.fixed(kappas.standardDeviations[j], 3)) and the mean "
                + (worse ? "only " : "") + "\(Format.fixed(kappas.means[j], 3))"
            text += worse ? ": with that much weight on the sd, the chance of a much lower value there outweighs the "
                + "mean's promise near the best point." : "."
        } else {
            text += "never jumps: it stays within \(Format.fixed(kappas.farthest(from: bestObservation), 3)) of \(best)."
        }
        let farthest = fitted.picks.farthest(from: bestObservation)
        text += " With the hyperparameters step 1 fitted to the same points (length scale "
            + "\(Format.compact(fitted.lengthScale))\(fitted.onLowerBound ? ", the lower end of its range" : "")), the same "
            + "kappas move the pick at most \(Format.fixed(farthest, 3)) from the best observation"
        if let j = fitted.picks.jump {
            text += ", and it jumps at kappa = \(Format.compact(fitted.picks.values[j])): with these data the fitted model "
                + "shows the shift too."
        } else if farthest <= fitted.picks.jumpDistance {
            text += " and never jumps: its sd is within 5% of the prior's at \(fitted.atPrior) of the \(fitted.gridCount) "
                + "grid points, so uncertainty is nearly the same everywhere away from the observations, and the point "
                + "next to the best observation, where the mean is also low, wins for every kappa. That is why this step "
                + "fixes the hyperparameters."
        } else {
            text += ", drifting without a jump."
        }
        return text
    }

    /// Step 5's opening: what is wrong with the article's bayes_opt objective.
    static let articleBugStory = """
        The article's bayes_opt example passes `f=lambda x: model.evaluate(X_test, y_test, verbose=0)[1]` with \
        bounds for learning_rate and batch_size. As written it does not run: bayes_opt calls \
        f(learning_rate=..., batch_size=...), which a lambda with one parameter named x rejects with a TypeError, \
        and that model was never compiled, which Keras's evaluate() rejects too. Repair just those two and a \
        subtler bug remains: the function ignores its arguments. It never builds a network with the proposed \
        learning rate and batch size, never trains, and scores a fixed untrained model on the *test* set.
        """

    /// What a model fitted to the article's constant objective learned: `flatness` is
    /// the spread of its mean over the learning-rate range.
    static func flatModelStory(flatness: Double) -> String {
        """
        Running Bayesian optimisation on that objective for 6 trials confirms it: the fitted model's mean \
        \(flatness == 0 ? "does not vary at all" : "varies by only " + Format.scientific(flatness, 1)) across the \
        whole learning-rate range, a flat line, so expected improvement is driven by the standard deviation alone.
        """
    }

    /// The line before step 5's search: each trial trains, and why `.legacy` here.
    static func doneRightLead(epochs: Int) -> String {
        "Done right, each trial trains the network with its learning rate (3-fold CV, \(epochs) epochs). The "
            + "searcher keeps `.legacy` here, so that its model is the textbook one of steps 1 to 3; step 6 gives the "
            + "same trials to `.standard`:"
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
    /// trial's mean over k folds is uncertain by its standard error, fold std /
    /// sqrt(k - 1) (the tables' fold std is the population one, dividing by k; the
    /// standard error divides the sample std, dividing by k - 1, by sqrt(k), which is
    /// the same number; the folds share training rows, so this is only a rough guide).
    /// Divided by the scores' standard deviation and squared, that is the noise variance
    /// in the model's normalised units. The verdict goes by direction: the model's noise
    /// far below the median trial's (more than 10 times), far above, or of the same order.
    static func noiseNote(model: GaussianProcessRegressor, bounds: ClosedRange<Double>, foldSpreads: [Double],
                          folds: Int) -> String {
        let noise = model.hyperparameters.noiseVariance
        var text = "The model's fitted noise variance is \(Format.compact(noise)) in normalised units"
        let range = "(\(Format.compact(bounds.lowerBound)) to \(Format.compact(bounds.upperBound)))"
        if isOnLowerBound(noise, bounds) {
            text += ", the floor of its allowed range \(range): it takes every mean score as exact"
        } else if isOnUpperBound(noise, bounds) {
            text += ", the top of its allowed range \(range): it calls all of the differences noise"
        } else if isNearUpperBound(noise, bounds) {
            text += ", near the top of its allowed range \(range): it calls most of the differences between the trials "
                + "noise"
        }
        text += "."
        guard let low = foldSpreads.min(), let high = foldSpreads.max(), folds >= 2, model.targetScale > 0 else {
            return text
        }
        let root = Double(folds - 1).squareRoot()
        let implied = { (spread: Double) in (spread / root / model.targetScale) * (spread / root / model.targetScale) }
        text += " What the folds say: the trials' fold standard deviations run from \(Format.fixed(low, 3)) to "
            + "\(Format.fixed(high, 3)). That std divides by the number of folds; the standard error of a mean of "
            + "\(folds) scores is the sample std (dividing by \(folds) - 1) over sqrt(\(folds)), which comes to std / "
            + "sqrt(\(folds - 1)) = \(Format.fixed(low / root, 3)) to \(Format.fixed(high / root, 3)). Divided by the "
            + "scores' sd (\(Format.fixed(model.targetScale, 3))) and squared, that is a noise variance of about "
            + "\(Format.compact(implied(low))) to \(Format.compact(implied(high))) in the model's units"
        // The verdict compares with the median trial's, not the least noisy one's: a model
        // far below most trials' noise believes the scores too much, whatever one trial says.
        let typical = Statistics.median(foldSpreads.map(implied))
        text += implied(low) >= 1 ? " (1 or more: each trial's mean is uncertain by as much as the scores differ)"
            : ""
        text += ", \(Format.compact(typical)) for the median trial."
        if noise < 0.1 * typical {
            text += " The folds disagree with the model: it believes the scores far more than they allow"
                + (noise < implied(low) ? " (its noise is below every trial's)" : "")
                + ", so it may chase differences that are only luck."
        } else if noise > 10 * typical {
            text += " The folds disagree with the model the other way: it calls more of the differences noise than "
                + (noise > 10 * implied(high) ? "even the noisiest trial's folds show." : "most trials' folds show.")
        } else if isNearUpperBound(noise, bounds) && implied(low) >= 1 {
            text += " The folds agree with the model: both say most of the differences between these trials are noise."
        } else {
            text += " The folds roughly agree with the model (within a factor of 10 of the median trial's)."
        }
        return text
    }

    /// Step 5's notes under its picture: a flat acquisition (if it is) and the fitted
    /// noise against the folds' (`foldSpreads`, 3 folds); none before any guided trial.
    static func learningRateNotes(_ searcher: BayesianOptimization, grid: [Double], foldSpreads: [Double]) throws
        -> [String] {
        guard let model = searcher.model, let incumbent = searcher.steps.last?.incumbent else { return [] }
        let flat = try flatAcquisitionNote(model: model, grid: grid, incumbent: incumbent, direction: .maximize)
        return (flat.map { [$0] } ?? [])
            + [noiseNote(model: model, bounds: searcher.hyperparameterBounds.noiseVariance, foldSpreads: foldSpreads,
                         folds: 3)]
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
