// BroadBayesCases.swift: the broad Bayesian-optimisation benchmark of issue 11.
//
// `bo-broad` runs the library's Bayesian optimisation (defaults) on the 12 development
// functions of `TestFunctions.suite` and the noisy variants, `bo-broad-heldout` on the
// 4 held-out functions: 20 seeds each, a new instance per seed, budget 5 d + 20.
// Each prints one line per function, "bo-broad/<function>[/noisy] <median regret>
// regret", then a table against the peers' medians ("ratio": ours over the best peer's;
// "/tpe": ours over Optuna's TPE's), read at run time from
// Tests/References/bo_peer_medians.tsv (written by bo_peer_benchmark.py on the same
// instances, budgets and seeds). The case's own value is the number of functions whose
// median regret is at most the best peer's; `bo-broad-legacy` runs the legacy settings
// on the development functions for comparison, and `bo-broad-observed` the defaults but
// always recommending the best observation (the evidence for `RecommendationRule`),
// `bo-broad-botorch-noise` the defaults with BoTorch's noise prior and floor on all 16
// functions and the noisy variants (the evidence against them, BroadNoiseStudy.swift).
// `tpe-broad` runs the library's TPE (defaults) on all 16 functions and the noisy
// variants, in the same table (issue 13: TPE beside the peers, Optuna's TPE among them).

import Foundation
import HyperSearch
import LabMath

/// The peers' median regrets: [function/variant: [peer: median]].
func peerMedians() -> [String: [String: Double]] {
    var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    for _ in 0..<6 {
        let file = directory.appendingPathComponent("Tests/References/bo_peer_medians.tsv")
        if let text = try? String(contentsOf: file, encoding: .utf8) {
            var table: [String: [String: Double]] = [:]
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("function\t") {
                let fields = line.split(separator: "\t").map(String.init)
                guard fields.count == 4, let median = Double(fields[3]) else { continue }
                table["\(fields[0])/\(fields[1])", default: [:]][fields[2]] = median
            }
            return table
        }
        directory.deleteLastPathComponent()
    }
    return [:]
}

/// One run of a searcher on one instance: its simple regret (noise-free f at the
/// recommended point minus the minimum) and the share of its guided proposals with a
/// coordinate on a face of the box (nil when the searcher does not report it).
typealias BroadRun = (_ function: BenchmarkFunction, _ budget: Int, _ seed: UInt64, _ noisy: Bool) throws
    -> (regret: Double, onFace: Double?)

/// Bayesian optimisation with `settings` as a `BroadRun`.
func bayesianBroadRun(_ settings: BayesianOptimization.Settings) -> BroadRun {
    { function, budget, seed, noisy in
        let outcome = try benchmarkRun(function, budget: budget, seed: seed, noisy: noisy, settings: settings)
        return (outcome.regret, outcome.onFace)
    }
}

/// Runs the functions, prints their lines and the comparison table, and returns how
/// many met the goal (median regret <= the best peer's).
func broadBenchmark(_ functions: [BenchmarkFunction], noisyVariants: Bool, smoke: Bool, label: String,
                    run runOnce: BroadRun = bayesianBroadRun(.standard)) throws -> Double {
    let seeds = smoke ? 2 : 20
    // TUNINGLAB_BO_FUNCTIONS=name,name runs only those functions (for development).
    let only = ProcessInfo.processInfo.environment["TUNINGLAB_BO_FUNCTIONS"]?.split(separator: ",").map(String.init)
    let functions = functions.filter { only?.contains($0.name) ?? true }
    var runs: [(key: String, function: BenchmarkFunction, noisy: Bool)] = functions.map { ("\($0.name)/plain", $0, false) }
    if noisyVariants {
        runs += functions.filter { $0.noiseStandardDeviation != nil }.map { ("\($0.name)/noisy", $0, true) }
    }
    // The peers ran the full budgets: a smoke run has nothing to compare with.
    let peers = smoke ? [:] : peerMedians()
    var rows: [[String]] = []
    var met = 0
    for run in runs {
        let budget = smoke ? run.function.dimension + 7 : run.function.budget
        let outcomes = try (0..<seeds).map { try runOnce(run.function, budget, UInt64($0), run.noisy) }
        let median = Statistics.median(outcomes.map(\.regret))
        let faces = outcomes.compactMap(\.onFace)
        print("\(label)/\(run.key.replacingOccurrences(of: "/plain", with: "")) \(String(format: "%.6g", median)) regret")
        let peerRow = ["bayes_opt-ei", "bayes_opt-ucb", "skopt-gp", "optuna-tpe"].map { peers[run.key]?[$0] }
        let best = peerRow.compactMap { $0 }.min()
        let ratio = best.map { median / max($0, 1e-300) }
        if let ratio, ratio <= 1 { met += 1 }
        let cells: [String] = [run.key, "\(run.function.dimension)", "\(budget)", faces.isEmpty ? "-" : String(format: "%.0f%%", 100 * Statistics.mean(faces)),
                               String(format: "%.3g", median)]
        let peerCells: [String] = peerRow.map { value -> String in value.map { String(format: "%.3g", $0) } ?? "-" }
        // Against Optuna's TPE alone: the like-for-like figure for `tpe-broad`.
        let tpeCell = peerRow[3].map { String(format: "%.2f", median / max($0, 1e-300)) } ?? "-"
        var verdict = "no peer data", ratioCell = "-"
        if let ratio {
            ratioCell = String(format: "%.2f", ratio)
            verdict = ratio <= 1 ? "yes" : (ratio <= 1.2 ? "within 1.2" : "no")
        }
        rows.append(cells + peerCells + [ratioCell, tpeCell, verdict])
    }
    let header = ["function/variant", "d", "budget", "on face", "ours", "bo-ei", "bo-ucb", "skopt", "tpe", "ratio", "/tpe", "met"]
    let widths = header.indices.map { c in (rows.map { $0[c].count } + [header[c].count]).max()! }
    for row in [header] + rows {
        print("  " + row.enumerated().map { c, cell in
            c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - cell.count) + cell
        }.joined(separator: "  "))
    }
    return Double(met)
}

func broadBayesCases(smoke: Bool = false) -> [BenchmarkCase] {
    let development = TestFunctions.suite.filter { !$0.isHeldOut }
    let heldOut = TestFunctions.suite.filter(\.isHeldOut)
    return [
        BenchmarkCase(name: "bo-broad", unit: "functions-at-or-below-best-peer") {
            try broadBenchmark(development, noisyVariants: true, smoke: smoke, label: "bo-broad")
        },
        BenchmarkCase(name: "bo-broad-heldout", unit: "functions-at-or-below-best-peer") {
            try broadBenchmark(heldOut, noisyVariants: false, smoke: smoke, label: "bo-broad-heldout")
        },
        BenchmarkCase(name: "bo-broad-observed", unit: "functions-at-or-below-best-peer") {
            var settings = BayesianOptimization.Settings.standard
            settings.recommendationRule = .bestObservation
            return try broadBenchmark(development, noisyVariants: true, smoke: smoke, label: "bo-broad-observed",
                                      run: bayesianBroadRun(settings))
        },
        BenchmarkCase(name: "bo-broad-botorch-noise", unit: "functions-at-or-below-best-peer") {
            try broadBenchmark(development + heldOut, noisyVariants: true, smoke: smoke, label: "bo-broad-botorch-noise",
                               run: bayesianBroadRun(botorchNoiseSettings))
        },
        BenchmarkCase(name: "bo-broad-legacy", unit: "functions-at-or-below-best-peer") {
            try broadBenchmark(development, noisyVariants: true, smoke: smoke, label: "bo-broad-legacy",
                               run: bayesianBroadRun(.legacy))
        },
        BenchmarkCase(name: "tpe-broad", unit: "functions-at-or-below-best-peer") {
            try broadBenchmark(TestFunctions.suite, noisyVariants: true, smoke: smoke, label: "tpe-broad",
                               run: treeParzenBroadRun)
        },
    ]
}
