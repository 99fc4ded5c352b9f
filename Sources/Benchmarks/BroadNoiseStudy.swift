// BroadNoiseStudy.swift: why Bayesian optimisation trails the peers on two noisy
// variants of the broad benchmark (issue 11, section 3), measured rather than guessed.
//
// `bo-noise-study` runs the noisy variants (the instances, noise, budgets and seeds of
// `bo-broad`; TUNINGLAB_NOISE_SEEDS=60 for more seeds, TUNINGLAB_NOISE_VARIANTS and
// TUNINGLAB_BO_FUNCTIONS to pick rows) under a few settings and prints, per function
// and setting, medians over the seeds of:
//   regret     noise-free regret at the recommendation (the posterior-mean rule)
//   observed   ... at the best observation instead
//   best eval  ... at the best point evaluated (a perfect pick among them)
//   model opt  ... at the minimiser of the posterior mean over the whole box
//   late       ... of the last 10 proposals (how close to the optimum it searches)
//   noise      the fitted shared noise variance, in the model's units
//   true       the true noise variance in the same units (sigma times the transform's
//              slope at the recommendation's score, over the targets' scale, squared)
//   l min      the shortest fitted length scale (unit cube)
//   wins       seeds on which the setting's recommendation beat `standard`'s
// Settings: `standard`; `known-noise`, the searcher *told* the true noise of every
// evaluation (an oracle); `botorch-noise`, BoTorch's LogNormal(-4, 1) noise prior with
// its 1e-4 floor; `prior-no-floor`, the prior alone; `no-transform`, no Yeo-Johnson;
// `average-mean`, the scores' mean as the GP's prior mean instead of the worst;
// `observed-f*`, the best observation as expected improvement's incumbent.
//
// What 60 seeds said (median regret; wins of 60 against standard in brackets):
//                 branin        six-hump-camel  hartmann-3      hartmann-6
//   standard      1.61          1.08            0.0210          0.0409
//   known-noise   1.51 (34)     0.99 (35)       0.0189 (33)     0.0273 (31)
//   botorch-noise 1.68 (32)     1.15 (31)       0.0229 (29)     0.0353 (23)
//   prior-no-fl.  1.79 (31)     1.11 (32)       0.0222 (30)     0.0594 (28)
//   no-transform  1.65 (30)     0.89 (35)       0.0314 (25)     0.0626 (29)
//   average-mean  1.61 (31)     0.84 (37)       0.0239 (28)     0.131 (23)
//   observed-f*   1.55 (35)     0.83 (40)       0.0149 (38)     0.0388 (30)
// 1. The noise is not stuck on its floor: the fitted noise is 0.59 to 0.91 times the
//    true one (median over seeds). The Yeo-Johnson transform is what makes it large:
//    it stretches the bottom of the scores, where the search samples, so at the
//    recommendation the noise is 68% (Branin) and 83% (camel) of the targets'
//    variance instead of 3% without it, and, being stretched most at the bottom, it is underestimated there
//    (without the transform the fit matches the truth, 0.86 to 1.17 times it).
// 2. Yet knowing the noise exactly lowers the medians by 6% to 10% (a third on
//    Hartmann-6) and wins on only 31 to 35 seeds of 60. No other setting of the noise,
//    the transform or the prior mean wins on more than 37 of 60 on any row (camel,
//    average-mean, which loses on both Hartmanns) or is better on every row.
// 3. The recommendation is not the loss: the model's optimum over the whole box is as
//    good as its pick among the evaluated points, and the best observation is no
//    better (1.72 and 1.06 against 1.61 and 1.08). What noise costs is the pick among good
//    points: the best one evaluated has half the regret (0.78 Branin, 0.41 camel) but
//    is not recognisable from 30 scores with noise sd 5.1 (2.7).
// 4. BoTorch's noise prior and floor do not help here and hurt the deterministic
//    functions: with them (`bo-broad-botorch-noise`, 20 seeds) the median regret is
//    worse on 11 of the 16, most where the optimum must be pinned down (Hartmann-3
//    2.8e-5 -> 6.1e-4, camel 1.6e-5 -> 1.1e-4, Hartmann-6 3.9e-4 -> 2.6e-3, Levy
//    0.50 -> 1.97), and 8 of the 14 rows with peer data meet the goal instead of 11.
//    The prior without the floor does the same (Hartmann-3 1.7e-4, Hartmann-6 3.4e-3;
//    9 rows meet it).
// 5. The best observation as incumbent (`observed-f*`, the peers' and the legacy
//    choice) has lower medians on all four noisy rows (1.55, 0.83, 0.0149, 0.0388;
//    35, 40, 38, 30 wins) because a lucky incumbent makes expected improvement
//    explore (its last 10 proposals have a median regret of 8.6 on Branin, against
//    1.9), but on the deterministic functions it brings back the pile-up on the
//    faces (Michalewicz 21% -> 44% of the proposals, Ackley 6% -> 49%, Rastrigin
//    16% -> 74%) and worse regrets on 11 of the 16 (Ackley 1.7 -> 3.3, Michalewicz
//    6.7e-4 -> 2.0e-3): not a default.
// 6. The misses are within the 20-seed medians' own spread. On seeds 20-59
//    (Tests/References/bo_peer_extra_seeds.py) skopt's median on noisy Branin is 1.85
//    (1.22 on seeds 0-19) against our 1.58, and bayes_opt UCB's on the noisy camel
//    1.08 (0.888) against our 1.06; over seeds 0-59 the ratios are 0.92 and 1.05
//    (bootstrap 95% intervals 0.58-1.41 and 0.70-1.42; on seeds 0-19 alone, 0.56-4.0
//    and 0.70-2.4). All four peers were then run on seeds 20-59: over seeds 0-59 the
//    best peer stays the same on both rows (noisy Branin: scikit-optimize 1.75,
//    bayes_opt EI 1.91, UCB 2.00, Optuna TPE 2.10; noisy camel: bayes_opt UCB 1.02,
//    Optuna TPE 1.27, bayes_opt EI 1.28, scikit-optimize 1.28).
// So the defaults stay; `Settings.noiseVariancePrior` keeps BoTorch's prior selectable.

import Foundation
import GaussianProcesses
import HyperSearch
import LabMath

/// One noisy run's diagnostics (see the file header).
struct NoisyRunDiagnostics {
    var regret = 0.0, observed = 0.0, bestEvaluated = 0.0, modelOptimum = 0.0, late = 0.0
    var noise = 0.0, trueNoise = 0.0, shortestLengthScale = 0.0
}

/// Runs `settings` on the noisy variant of `function` for `seed` and measures it.
func noisyRunDiagnostics(_ function: BenchmarkFunction, budget: Int, seed: UInt64,
                         settings: BayesianOptimization.Settings, knownNoise: Bool = false) throws -> NoisyRunDiagnostics {
    let instance = function.instance(seed: seed)
    var noise = SeededGenerator(seed: seed, stream: 1_000 + function.stream)
    let sigma = function.noiseStandardDeviation ?? 0
    let bounds = zip(function.lower, function.upper).map { $0...$1 }
    let result: (x: [Double], value: Double, points: [[Double]], searcher: BayesianOptimization)
    if knownNoise {
        result = try minimizeReportingNoise({ x in instance.evaluate(x) + sigma * noise.nextNormal() }, sigma: sigma,
                                            bounds: bounds, budget: budget, settings: settings, seed: seed)
    } else {
        let run = try BayesianOptimization.minimize({ x in instance.evaluate(x) + sigma * noise.nextNormal() },
                                                    bounds: bounds, budget: budget, noisy: true, settings: settings,
                                                    seed: seed)
        result = (run.x, run.value, run.points, run.searcher)
    }
    let searcher = result.searcher
    func regret(_ x: [Double]) -> Double { instance.evaluate(x) - function.minimum }
    func point(_ c: Configuration) throws -> [Double] { try function.lower.indices.map { try c.double("x\($0 + 1)") } }
    var d = NoisyRunDiagnostics()
    d.regret = regret(result.x)
    if let observed = try searcher.recommendation(by: .bestObservation) { d.observed = regret(try point(observed.configuration)) }
    let regrets = result.points.map(regret)
    d.bestEvaluated = regrets.min() ?? .nan
    d.late = Statistics.median(Array(regrets.suffix(10)))
    // The posterior mean's minimiser over the box: 4,000 random points and the evaluated ones.
    var rng = SeededGenerator(seed: seed, stream: 77)
    let candidates = (0..<4_000).map { _ in searcher.encoding.decode(searcher.encoding.randomPoint(&rng)) }
        + searcher.steps.map(\.configuration)
    if let posterior = try searcher.posterior(at: candidates) {
        var best = 0
        for k in posterior.indices where posterior[k].mean < posterior[best].mean { best = k }
        d.modelOptimum = regret(try point(candidates[best]))
    }
    if let fit = try searcher.fittedToEveryObservation() {
        let h = fit.model.hyperparameters
        d.noise = h.noiseVariance
        d.shortestLengthScale = h.lengthScales.min() ?? .nan
        let slope = fit.transform?.derivative(at: result.value) ?? 1
        let scaled = sigma * slope / fit.model.targetScale
        d.trueNoise = scaled * scaled
    }
    return d
}

/// The defaults with BoTorch's noise model: the LogNormal(-4, 1) prior on the noise
/// variance and its floor of 1e-4 (`LogNormalPrior.botorchNoiseVariance`).
let botorchNoiseSettings: BayesianOptimization.Settings = {
    var settings = BayesianOptimization.Settings.standard
    settings.noiseVariancePrior = .botorchNoiseVariance
    settings.hyperparameterBounds.noiseVariance = 1e-4...1
    return settings
}()

/// `BayesianOptimization.minimize`, except that every evaluation reports the true noise
/// as if it came from two folds, y + sigma and y - sigma (their mean is y, and the
/// squared standard error of that mean, s^2 / 2 with s^2 = (2 sigma)^2 / 2, is sigma^2):
/// the searcher is *told* the noise variance, an oracle for "is the noise estimate the
/// problem?". The recommendation is then by posterior mean (folds show noise).
func minimizeReportingNoise(_ f: ([Double]) -> Double, sigma: Double, bounds: [ClosedRange<Double>], budget: Int,
                            settings: BayesianOptimization.Settings, seed: UInt64) throws
    -> (x: [Double], value: Double, points: [[Double]], searcher: BayesianOptimization) {
    let names = bounds.indices.map { "x\($0 + 1)" }
    let space = try SearchSpace(bounds.enumerated().map { .real(names[$0.offset], low: $0.element.lowerBound,
                                                               high: $0.element.upperBound) })
    let initial = min(BayesianOptimization.defaultInitialPoints(dimensions: bounds.count), budget)
    var searcher = try BayesianOptimization(space: space, direction: .minimize, initPoints: initial,
                                            nIter: budget - initial, settings: settings, seed: seed)
    var points: [[Double]] = []
    for number in 1...budget {
        guard let configuration = try searcher.suggest() else { break }
        let x = try names.map { try configuration.double($0) }
        let y = f(x)
        searcher.observe(Trial(number: number, configuration: configuration,
                               evaluation: Evaluation(outcome: .score(y), foldScores: [y + sigma, y - sigma])))
        points.append(x)
    }
    guard let pick = try searcher.recommendation() else {
        throw SearchError.invalidArgument("every evaluation failed")
    }
    return (try names.map { try pick.configuration.double($0) }, pick.observedScore, points, searcher)
}

/// The settings the study compares, by name (TUNINGLAB_NOISE_VARIANTS=name,name picks).
func noiseStudyVariants() -> [(name: String, settings: BayesianOptimization.Settings)] {
    var variants: [(String, BayesianOptimization.Settings)] = [("standard", .standard), ("known-noise", .standard)]
    let botorch = botorchNoiseSettings
    variants.append(("botorch-noise", botorch))
    var priorOnly = BayesianOptimization.Settings.standard
    priorOnly.noiseVariancePrior = LogNormalPrior.botorchNoiseVariance
    variants.append(("prior-no-floor", priorOnly))
    var untransformed = BayesianOptimization.Settings.standard
    untransformed.transformsScores = false
    variants.append(("no-transform", untransformed))
    var averageMean = BayesianOptimization.Settings.standard
    averageMean.priorMeanIsWorstObservation = false
    variants.append(("average-mean", averageMean))
    var observedIncumbent = BayesianOptimization.Settings.standard
    observedIncumbent.incumbentIsBestPosteriorMean = false
    variants.append(("observed-f*", observedIncumbent))
    let only = ProcessInfo.processInfo.environment["TUNINGLAB_NOISE_VARIANTS"]?.split(separator: ",").map(String.init)
    return variants.filter { only?.contains($0.0) ?? true }
}

func noiseStudyCases(smoke: Bool = false) -> [BenchmarkCase] {
    [BenchmarkCase(name: "bo-noise-study", unit: "settings") {
        let environment = ProcessInfo.processInfo.environment
        let only = environment["TUNINGLAB_BO_FUNCTIONS"]?.split(separator: ",").map(String.init)
        let functions = TestFunctions.suite.filter { $0.noiseStandardDeviation != nil && (only?.contains($0.name) ?? true) }
        let seeds = smoke ? 2 : Int(environment["TUNINGLAB_NOISE_SEEDS"] ?? "") ?? 20
        let verbose = environment["TUNINGLAB_NOISE_VERBOSE"] != nil
        let variants = noiseStudyVariants()
        let columns: [(title: String, value: KeyPath<NoisyRunDiagnostics, Double>)] = [
            ("regret", \.regret), ("observed", \.observed), ("best eval", \.bestEvaluated),
            ("model opt", \.modelOptimum), ("late", \.late), ("noise", \.noise), ("true", \.trueNoise),
            ("l min", \.shortestLengthScale)]
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                c < 2 ? cell.padding(toLength: c == 0 ? 15 : 14, withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: max(0, 10 - cell.count)) + cell
            }.joined()
        }
        print(line(["function", "settings"] + columns.map(\.title) + ["wins"]))
        for function in functions {
            let budget = smoke ? function.dimension + 7 : function.budget
            var standardRegrets: [Double]?
            for variant in variants {
                let runs = try (0..<seeds).map {
                    try noisyRunDiagnostics(function, budget: budget, seed: UInt64($0), settings: variant.settings,
                                            knownNoise: variant.name == "known-noise")
                }
                let regrets = runs.map(\.regret)
                if variant.name == "standard" { standardRegrets = regrets }
                // Paired: on how many seeds (same instance, same noise stream) this setting's
                // recommendation beat the standard one's.
                let wins = standardRegrets.map { base in "\(zip(regrets, base).filter { $0 < $1 }.count)/\(seeds)" } ?? "-"
                if verbose {
                    for (seed, run) in runs.enumerated() {
                        print("  seed \(seed) " + columns.map { String(format: "%.3g", run[keyPath: $0.value]) }
                            .joined(separator: " "))
                    }
                }
                let medians = columns.map { column in
                    String(format: "%.3g", Statistics.median(runs.map { run in run[keyPath: column.value] }))
                }
                print(line([function.name, variant.name] + medians + [variant.name == "standard" ? "-" : wins]))
            }
        }
        return Double(variants.count)
    }]
}
