// BroadTPERun.swift: the library's TPE on one instance of the broad benchmark, run the
// way the peers' script runs Optuna's TPESampler: the same instance, budget, seed and
// noise stream as `benchmarkRun`, every setting at its default, and the recommendation
// of `study.best_params`, the best value observed (noisy or not).

import HyperSearch
import LabMath

/// TPE with default settings on `function`'s instance for `seed`: the simple regret of
/// the best observed point (the noise-free f there minus f's minimum). TPE reports no
/// share of proposals on the box's faces (nil).
func treeParzenBroadRun(_ function: BenchmarkFunction, budget: Int, seed: UInt64, noisy: Bool) throws
    -> (regret: Double, onFace: Double?) {
    let instance = function.instance(seed: seed)
    // The same noise stream as the Bayesian-optimisation runs of this instance.
    var noise = SeededGenerator(seed: seed, stream: 1_000 + function.stream)
    let sigma = noisy ? function.noiseStandardDeviation ?? 0 : 0
    let names = function.lower.indices.map { "x\($0 + 1)" }
    let space = try SearchSpace(names.indices.map { .real(names[$0], low: function.lower[$0], high: function.upper[$0]) })
    var searcher = try TreeParzenEstimator(space: space, direction: .minimize, seed: seed)
    var best: (observed: Double, x: [Double])? = nil
    for number in 1...budget {
        guard let configuration = try searcher.suggest() else { break }
        let x = try names.map { try configuration.double($0) }
        let observed = instance.evaluate(x) + sigma * noise.nextNormal()
        searcher.observe(Trial(number: number, configuration: configuration, evaluation: .score(observed)))
        if observed < best?.observed ?? .infinity { best = (observed, x) }
    }
    guard let best else { throw SearchError.invalidArgument("TPE proposed no point for \(function.name)") }
    return (instance.evaluate(best.x) - function.minimum, nil)
}
