// BayesDefaultsReport.swift
//
// What this file teaches (step 4 of Lesson 4): what each of the library's defaults
// (`BayesianOptimization.Settings.standard`) does, seen on the same Forrester run as
// the first settings (`.legacy`): the fitted length scale against the prior's most
// likely value, the signal variance fixed at 1, the noise a short run may read into
// the scores, the worst observation as the prior mean, the Yeo-Johnson transform's
// lambda, log expected improvement where plain EI underflows, the plug-in incumbent and
// the share of proposals on a face of the box. It only formats: the runs happen in
// DefaultsSteps.swift.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GaussianProcesses
import HyperSearch
import LabMath
import TextCharts

enum BayesDefaultsReport {
    /// The most likely value of a log-normal prior on a length scale, as the fit uses
    /// it (the log density of l itself, so the mode exp(location - scale^2)).
    static func mostLikely(_ prior: LogNormalPrior) -> Double {
        exp(prior.location - prior.scale * prior.scale)
    }

    /// exp(scale): the factor one standard deviation of log l moves a length scale by.
    static func oneStandardDeviationFactor(_ prior: LogNormalPrior) -> Double { exp(prior.scale) }

    /// Step 4's opening, before the settings table.
    static let introduction = """
        Steps 1 to 3 ran the searcher with `settings: .legacy`, its first settings. Its defaults, `.standard`, make \
        these choices differently (the table is read off the two settings):
        """

    /// Why each default of `new` (`.standard`) is what it is, with its reference; the
    /// numbers come from the length-scale prior for d = 1 and the settings themselves.
    static func reasons(lengthScalePrior: LogNormalPrior, old legacySettings: BayesianOptimization.Settings,
                        new newSettings: BayesianOptimization.Settings) -> String {
        let priorMode = mostLikely(lengthScalePrior)
        return """
            Why, one default at a time. A prior on the length scale (Hvarfner, Hellsten and Nardi, 2024; BoTorch's \
            default since): before any data, log l is normal with mean sqrt(2) + log(d) / 2 and variance 3, so the most \
            likely l is 0.205 sqrt(d) (\(Format.compact(priorMode)) here, d = 1: a log-normal's mode is \
            exp(mean - variance), while its median, exp(mean), is \(Format.compact(exp(lengthScalePrior.location))) \
            here), and one standard deviation of log l \
            moves it \(Format.fixed(oneStandardDeviationFactor(lengthScalePrior), 1))-fold. The \
            fit then maximises the marginal likelihood times this prior, the MAP estimate (maximum a posteriori), \
            rather than the likelihood alone, which readily explains a few points by a wiggle through each or a \
            straight line. The signal variance is fixed at \
            \(Format.compact(newSettings.hyperparameterBounds.signalVariance.lowerBound)) on the standardised scores \
            (BoTorch): one number fewer to fit from a handful of points. The prior mean, where the posterior returns \
            far from the data, is the worst score seen instead of the average (De Ath, Fieldsend and Everson, 2020): \
            an unexplored corner of the box is no longer promising just because nothing is known there. The scores are \
            modelled after a Yeo-Johnson transform (HEBO, Cowen-Rivers et al., 2022): for standardised scores y, \
            psi(y) = ((y + 1)^lambda - 1) / lambda above 0 and -((1 - y)^(2 - lambda) - 1) / (2 - lambda) below, with \
            lambda fitted so that the transformed scores look as normal as possible (lambda = 1 changes nothing); the \
            order of the scores is kept. The search climbs log expected improvement (Ament et al., 2023): the same best \
            point, but where plain EI underflows to exactly 0 (smaller than the smallest number a Double holds), log EI \
            is still a finite number with a slope. And EI's incumbent f* is the best posterior mean at the evaluated \
            points, the plug-in incumbent (Picheny et al., 2013), not the best, possibly lucky, observation. To find \
            the acquisition's peak, `.standard` scores \(newSettings.candidateCount) random candidates and refines the \
            best \(newSettings.refinements) by gradient ascent (as Ax's acquisition optimiser restarts 20 times); \
            `.legacy` scores \(legacySettings.candidateCount) and refines \(legacySettings.refinements). The noise per \
            trial and the recommendation rule are step 6's subject. The same search as step 1's, same seed, with `.standard`:
            """
    }

    /// The choices two settings make, read off the settings themselves.
    static func settingsTable(old: BayesianOptimization.Settings, new: BayesianOptimization.Settings) -> String {
        func describe(_ s: BayesianOptimization.Settings) -> [String] {
            let signal = s.hyperparameterBounds.signalVariance
            let rule: String
            switch s.recommendationRule {
            case .bestObservation: rule = "best observation"
            case .posteriorMean: rule = "best posterior mean"
            case .automatic: rule = "posterior mean if noisy"
            }
            return [s.usesDimensionScaledPrior ? "MAP, log-normal prior" : "maximum likelihood",
                    signal.lowerBound == signal.upperBound ? "fixed at \(Format.compact(signal.lowerBound))"
                        : "fitted, \(Format.compact(signal.lowerBound)) to \(Format.compact(signal.upperBound))",
                    s.priorMeanIsWorstObservation ? "the worst score" : "the scores' average",
                    s.transformsScores ? "Yeo-Johnson transformed" : "as observed",
                    s.optimizesLogAcquisition ? "log expected improvement" : "expected improvement",
                    s.incumbentIsBestPosteriorMean ? "best posterior mean" : "best observation",
                    s.usesFoldNoise ? "fold standard errors" : "none (one shared)",
                    rule, "\(s.refinements)"]
        }
        let choices = ["length scales", "signal variance", "prior mean (far away)", "scores modelled",
                       "acquisition climbed", "incumbent f*", "noise per trial", "recommendation",
                       "acquisition refinements"]
        var table = Table(columns: [.init("choice", alignment: .left), .init(".legacy (steps 1-3)", alignment: .left),
                                    .init(".standard (the default)", alignment: .left)])
        for (k, row) in zip(describe(old), describe(new)).enumerated() { table.addRow([choices[k], row.0, row.1]) }
        return table.render()
    }

    /// One Forrester search of step 4: its settings' name, the searcher after the run,
    /// every (x, f(x)) in order, and its first fitted model with its transform.
    struct Run {
        let name: String
        let searcher: BayesianOptimization
        let observed: [(x: Double, y: Double)]
        let firstFit: (model: GaussianProcessRegressor, transform: PowerTransform?)

        var guided: [BayesianOptimizationStep] { searcher.steps.filter { !$0.isInitialDesign } }
        var best: (x: Double, y: Double) { observed.min { $0.y < $1.y }! }
    }

    /// Each guided trial of both runs: where it went, what it found, the fitted length
    /// scale and noise variance (marked at an end of their range, and the noise also
    /// when near the top: at least half of it, as step 8 counts it).
    static func trialTable(_ runs: [Run]) -> String {
        var table = Table(columns: [.init("trial"), .init("settings", alignment: .left), .init("next x"), .init("f(x)"),
                                    .init("length scale"), .init("noise variance")])
        let count = runs.map { $0.guided.count }.min() ?? 0
        for k in 0..<count {
            for (r, run) in runs.enumerated() {
                let step = run.guided[k]
                guard let h = step.hyperparameters else { continue }
                let bounds = run.searcher.hyperparameterBounds
                let l = h.lengthScales[0], noise = h.noiseVariance
                let lMark = BayesLessonReport.isOnLowerBound(l, bounds.lengthScale) ? " (lowest)"
                    : BayesLessonReport.isOnUpperBound(l, bounds.lengthScale) ? " (highest)" : ""
                let noiseMark = BayesLessonReport.isOnLowerBound(noise, bounds.noiseVariance) ? " (floor)"
                    : BayesLessonReport.isOnUpperBound(noise, bounds.noiseVariance) ? " (top)"
                    : BayesLessonReport.isNearUpperBound(noise, bounds.noiseVariance) ? " (near top)" : ""
                let point = run.observed[step.number - 1]
                table.addRow([r == 0 ? "\(step.number)" : "", run.name, Format.fixed(point.x, 3), Format.fixed(point.y, 3),
                              Format.compact(l) + lMark, Format.compact(noise) + noiseMark])
            }
        }
        return table.render()
    }

    /// "After 10 evaluations the old defaults' best point is x = ... with f = ... (gap
    /// ... above the minimum); the new defaults' is x = ... with f = ... (...)."
    static func outcome(old: Run, new: Run) -> String {
        func point(_ run: Run) -> String {
            "x = \(Format.fixed(run.best.x, 4)) with f = \(Format.fixed(run.best.y, 4)) (a gap of "
                + BayesLessonReport.gapText(run.best.y - TestFunctions.forresterMinimum) + ")"
        }
        return "After \(Format.counted(old.observed.count, "evaluation")) the old defaults' best point is \(point(old)); "
            + "the new defaults' is \(point(new))."
    }

    /// "from 0.01 to 0.139" or "0.5 at every trial".
    static func range(_ values: [Double]) -> String {
        guard let low = values.min(), let high = values.max() else { return "-" }
        return low == high ? "\(Format.compact(low)) at every trial"
            : "from \(Format.compact(low)) to \(Format.compact(high))"
    }

    /// What the two fits did with the length scale, the signal variance and the noise,
    /// and what the new model makes of the best first observation.
    static func fitStory(old: Run, new: Run, priorMode: Double) throws -> String {
        func values(_ run: Run, _ read: (KernelHyperparameters) -> Double) -> [Double] {
            run.guided.compactMap { $0.hyperparameters.map(read) }
        }
        let oldBounds = old.searcher.hyperparameterBounds, newBounds = new.searcher.hyperparameterBounds
        let oldScales = values(old) { $0.lengthScales[0] }, newScales = values(new) { $0.lengthScales[0] }
        let oldLowest = oldScales.filter { BayesLessonReport.isOnLowerBound($0, oldBounds.lengthScale) }.count
        var text = "Fitted length scales at the guided trials: old \(range(oldScales))"
        if oldLowest > 0 {
            text += " (\(oldLowest) of \(oldScales.count) at the lower end of its range, "
                + "\(Format.compact(oldBounds.lengthScale.lowerBound)))"
        }
        text += ", new \(range(newScales)); the prior's most likely value is \(Format.compact(priorMode)). The old fit's "
            + "signal variance ran \(range(values(old) { $0.signalVariance })), the new one's is "
            + "\(range(values(new) { $0.signalVariance }))."
        // Fits at or near the top (at least half of it, as step 8 counts them); when
        // some are only near it, the sentence says so and gives their range.
        let newNoise = values(new) { $0.noiseVariance }
        let high = newNoise.filter { BayesLessonReport.isNearUpperBound($0, newBounds.noiseVariance) }
        let atTop = high.filter { BayesLessonReport.isOnUpperBound($0, newBounds.noiseVariance) }.count
        let oldHigh = values(old) { $0.noiseVariance }.filter {
            BayesLessonReport.isNearUpperBound($0, oldBounds.noiseVariance)
        }.count
        guard high.count > oldHigh else { return text }
        let top = newBounds.noiseVariance.upperBound, signal = newBounds.signalVariance
        let spread = high.min() == high.max() ? Format.compact(high[0])
            : "from \(Format.compact(high.min()!)) to \(Format.compact(high.max()!))"
        let ofSignal = signal.lowerBound == signal.upperBound && signal.lowerBound == top ? ", as much noise as signal" : ""
        text += atTop == high.count
            ? " The new fit put its noise variance at the top of its range (\(Format.compact(top))\(ofSignal))"
            : " The new fit put its noise variance at or near the top of its range (at least half of its maximum, "
                + "\(Format.compact(top))\(ofSignal); here \(spread))"
        text += " at \(high.count) of \(newNoise.count) trials, the old at \(oldHigh): it explains a handful of values as a "
            + "smooth curve plus noise rather than as a function that passes through each of them."
        // What that does to the best of the first observations.
        let first = Array(new.observed.prefix(new.firstFit.model.count))
        guard let best = first.min(by: { $0.y < $1.y }) else { return text }
        let p = try new.firstFit.model.predict(Matrix([[best.x]]))
        let mean = new.firstFit.transform.map { $0.inverse(p.mean[0]) } ?? p.mean[0]
        // How much of the observation's lead over the prior mean the posterior keeps.
        let fit = new.firstFit
        let priorMean = fit.transform.map { $0.inverse(fit.model.targetMean) } ?? fit.model.targetMean
        let kept = (priorMean - mean) / (priorMean - best.y)
        text += " Its first model's mean at the best first observation, f(\(Format.fixed(best.x, 3))) = "
            + "\(Format.fixed(best.y, 3)), is \(Format.fixed(mean, 3))"
        guard kept.isFinite, kept < 0.95 else { return text + "." }
        return text + ": it keeps \(Format.percent(max(0, kept), 0)) of that value's lead over the prior mean "
            + "(\(Format.fixed(priorMean, 3)), see below) and takes the rest for noise, "
            + (kept < 0.5 ? "most" : "part") + " of that good value for luck."
    }

    /// The prior mean far from the data, the transform, the plug-in incumbent and the
    /// proposals on a face of the box, for the two runs.
    static func modelStory(old: Run, new: Run) -> String {
        let count = new.firstFit.model.count
        let first = new.observed.prefix(count).map(\.y)
        var text = "Far from the data the old first model returns to the average of its \(count) scores, "
            + "\(Format.fixed(old.firstFit.model.targetMean, 3)); the new one to "
        let newPriorMean = new.firstFit.transform.map { $0.inverse(new.firstFit.model.targetMean) }
            ?? new.firstFit.model.targetMean
        text += "\(Format.fixed(newPriorMean, 3))" + (Format.fixed(newPriorMean, 3) == Format.fixed(first.max() ?? .nan, 3)
            ? ", the worst of them." : ".")
        if let t = new.firstFit.transform, let best = first.min() {
            let transformed = first.map(t.transform)
            let before = (best - t.mean) / t.scale
            let after = (t.transform(best) - Statistics.mean(transformed)) / Statistics.standardDeviation(transformed)
            text += " Yeo-Johnson's lambda, fitted to those \(count) scores, is \(Format.fixed(t.lambda, 2))"
            if let last = new.searcher.scoreTransform, let model = new.searcher.model {
                text += " (\(Format.fixed(last.lambda, 2)) for the model before the last trial, fitted to "
                    + "\(model.count))"
            }
            text += t.lambda > 1 ? ": above 1, it pulls in the scores below their mean and stretches those above"
                : t.lambda < 1 ? ": below 1, it pulls in the scores above their mean and stretches those below"
                : ": exactly 1, it leaves them as they are"
            text += ". The best score, \(Format.fixed(best, 3)), lies \(Format.fixed(abs(before), 2)) sd "
                + "\(before < 0 ? "below" : "above") the mean before the transform and \(Format.fixed(abs(after), 2)) "
                + "after it."
        }
        if let last = new.guided.last, let incumbent = last.incumbent {
            let seen = new.observed.prefix(last.number - 1).map(\.y).min() ?? .nan
            let plugIn = new.searcher.scoreTransform.map { $0.inverse(incumbent) } ?? incumbent
            text += " Before the last trial, the new incumbent f* (the best posterior mean at the evaluated points) was "
                + "\(Format.fixed(plugIn, 3)) in f's units, "
                + (Format.fixed(plugIn, 3) == Format.fixed(seen, 3) ? "the best observation itself to 3 decimals."
                    : "where the best observation was \(Format.fixed(seen, 3)).")
        }
        let faces = [old, new].map { run in
            run.guided.filter { run.searcher.encoding.encode($0.configuration).contains { $0 == 0 || $0 == 1 } }.count
        }
        return text + " Guided proposals on a face of the box (x = 0 or x = 1): old \(faces[0]) of \(old.guided.count), "
            + "new \(faces[1]) of \(new.guided.count); step 8 counts them over seeds, in two "
            + "dimensions (the camel function) and in three (the network)."
    }

    /// Where plain EI underflows to exactly 0 on the grid and what log EI says there,
    /// for each run's model before its last trial; a model where it never underflows
    /// is said to be positive everywhere, not lumped in with the others.
    static func logExpectedImprovementStory(names: [String], zeros: [Int], logValues: [[Double]],
                                            smallestPositive: [Double], gridCount: Int) -> String {
        let under = names.indices.filter { zeros[$0] > 0 }, positive = names.indices.filter { zeros[$0] == 0 }
        guard !under.isEmpty else {
            let smallest = smallestPositive.filter(\.isFinite).min() ?? .nan
            return "On each model before its last trial, plain expected improvement is positive at every one of the "
                + "\(gridCount) grid points (its smallest value there is \(Format.scientific(smallest, 1))): it never "
                + "underflows here, so log EI changes nothing on these models."
        }
        var text: String
        if positive.isEmpty {
            text = "On each model before its last trial, plain expected improvement is exactly 0 at "
                + under.map { "\(zeros[$0]) (\(names[$0]))" }.joined(separator: " and ") + " of the \(gridCount) grid "
                + "points: it underflows."
        } else {
            text = "On the \(under.map { names[$0] }.joined(separator: " and ")) model before its last trial, plain "
                + "expected improvement is exactly 0 at \(under.map { "\(zeros[$0])" }.joined(separator: " and ")) of the "
                + "\(gridCount) grid points: it underflows; on the \(positive.map { names[$0] }.joined(separator: " and ")) "
                + "model it is positive at all of them."
        }
        let finite = under.filter { k in logValues[k].allSatisfy(\.isFinite) }
        guard !finite.isEmpty else { return text + " Log EI is not finite there either." }
        text += " Log EI is finite wherever EI is 0: "
        text += finite.map { k in
            "from \(Format.compact(logValues[k].min()!)) to \(Format.compact(logValues[k].max()!)) (\(names[k]))"
        }.joined(separator: ", ")
        return text + ". Where EI is 0 it is flat and gives the acquisition optimiser nothing to climb; log EI still "
            + "ranks those points and has a slope."
    }

    /// The summary's points about the defaults, noisy scores and the comparison over seeds.
    static func summary(newForresterRegret: Double, oldForresterRegret: Double,
                        recommendation: (luckiest: BayesianRecommendation, bestMean: BayesianRecommendation),
                        oldAgainstNew: [OldAgainstNew]) -> [String] {
        let (luckiest, bestMean) = recommendation
        return [
            "The library's defaults (.standard) follow stated rules: a dimension-scaled prior on the length scales "
                + "(MAP), a unit signal variance, the worst score as the prior mean, Yeo-Johnson scores, log expected "
                + "improvement and a plug-in incumbent; on step 4's rerun of step 1's search they ended "
                + "\(BayesLessonReport.gapText(newForresterRegret)) above the minimum (the old defaults: "
                + "\(BayesLessonReport.gapText(oldForresterRegret)); over seeds, step 8).",
            "Given each trial's squared standard error as its noise, the model recommends by its posterior mean: "
                + (luckiest.observation == bestMean.observation
                    ? "here the same trial as the best observation (trial \(luckiest.observation))."
                    : "trial \(bestMean.observation), where the best observation is trial \(luckiest.observation)."),
            "Old against new defaults over seeds: " + oldAgainstNew.map { "\($0.problem), \($0.verdict)" }
                .joined(separator: "; ") + ".",
        ]
    }
}
