// Fidelity.swift
//
// What this file teaches: the few computations this lesson makes on learning curves,
// apart from the searches themselves. Step 1's full-training run is the ground truth:
// every configuration trained to R epochs, so for any of them we know both how it
// looked early (a low-fidelity score) and how it ended. Ranks follow the schedulers'
// rule: higher accuracy first, the earlier trial first on ties.

import Experiments
import HyperSearch
import LabData
import LabMath
import LessonKit
import TextCharts

enum Fidelity {
    /// The settings checked before anything is trained, and step 2's bracket.
    /// - Returns: successive halving's plan for `trials` trials from `minEpochs` to
    ///   `maxEpochs`, cutting to 1/eta at each rung.
    /// - Throws: `UsageError` (exit status 64) when r > R, or when the trials are too
    ///   few for one of them to reach R.
    static func checkSettings(eta: Int, minEpochs: Int, maxEpochs: Int, trials: Int) throws -> BracketPlan {
        guard minEpochs <= maxEpochs else {
            throw UsageError("--min-epochs \(minEpochs) is more than --max-epochs \(maxEpochs)")
        }
        let s = try Brackets.maxBracket(eta: eta, minResource: minEpochs, maxResource: maxEpochs)
        let needed = power(eta, s)
        guard trials >= needed else {
            throw UsageError("successive halving from \(minEpochs) to \(maxEpochs) epochs with eta \(eta) has \(s + 1) "
                             + "rungs, so it needs at least \(eta)^\(s) = \(needed) trials for one to reach "
                             + "\(maxEpochs) epochs; --trials is \(trials) (use --trials \(needed) or more)")
        }
        return try Brackets.successiveHalving(eta: eta, minResource: minEpochs, maxResource: maxEpochs,
                                              initialTrials: trials)
    }

    /// A minimum resource r whose successive halving is Hyperband's bracket s:
    /// floor(R / eta^s), the largest r with r eta^s <= R, so s_max = floor(log_eta(R / r))
    /// is exactly s. Rungs are anchored at R (rung i trains R / eta^(s - i) epochs,
    /// rounded), so every r with that s_max gives bracket s's rungs. Passing the
    /// bracket's rounded first rung instead can lose a halving: with R = 9 and eta = 2,
    /// bracket s = 1 starts at round(4.5) = 5 epochs, but floor(log2(9 / 5)) = 0.
    /// - Precondition: 0 <= s and eta^s <= R (s at most the setting's s_max).
    static func minimumResource(forBracket s: Int, eta: Int, maxEpochs: Int) -> Int {
        maxEpochs / power(eta, s)
    }

    /// a - b as the printed numbers give it: both rounded to 3 decimals first, so that
    /// 0.956 - 0.911 reads 0.045 even when the unrounded difference is 0.0444.
    static func printedDifference(_ a: Double, _ b: Double) -> String {
        let rounded = { (x: Double) in Double(Format.fixed(x, 3)) ?? x }
        return Format.fixed(rounded(a) - rounded(b), 3)
    }

    /// base^exponent for small whole numbers.
    static func power(_ base: Int, _ exponent: Int) -> Int {
        var result = 1
        for _ in 0..<max(0, exponent) { result *= base }
        return result
    }

    /// The first `rows` rows of `dataset` (all of them if it has fewer), checked for
    /// what the lesson needs: whole-number class labels, at least two classes, and at
    /// least 5 rows of each, so that every part of a stratified 60/20/20 split gets one.
    /// - Throws: `DataError` naming the offending row or class (exit status 65).
    static func firstRows(_ dataset: Dataset, _ rows: Int) throws -> Dataset {
        let used = rows < dataset.count ? dataset.subset(Array(0..<rows)) : dataset
        let labels = try used.classLabels()
        var counts = [Int](repeating: 0, count: (labels.max() ?? 0) + 1)
        for label in labels { counts[label] += 1 }
        let present = counts.indices.filter { counts[$0] > 0 }
        guard present.count >= 2 else {
            throw DataError.invalidArgument("\(used.name): the target '\(used.targetName)' has only one class in the "
                                            + "\(used.count) rows used; a classifier needs at least two")
        }
        for label in present where counts[label] < 5 {
            throw DataError.tooFewRowsInClass(targetName: used.targetName, label: label, found: counts[label], needed: 5)
        }
        return used
    }

    /// How well the scores after `epochs` epochs foretold the final ranking.
    struct EarlyRanking {
        let epochs: Int
        /// Spearman's rank correlation with the scores after R (nil with fewer than 3).
        let correlation: Double?
        /// Where the eventual winner ranked after `epochs` epochs (1 = first).
        let winnerRank: Int?
        /// How many trials had a score then.
        let ranked: Int
        /// How many trials a rung at this epoch would judge: every trial started,
        /// those that diverged on the way included (they rank last, never promoted).
        let entered: Int

        /// The places a rung here would promote: floor(entered / eta).
        func slots(eta: Int) -> Int { entered / eta }
    }
}

/// Step 1's full-training run read as the truth about its configurations.
struct GroundTruth {
    let result: MultiFidelityResult

    init(_ result: MultiFidelityResult) {
        self.result = result
    }

    /// The trial with the best score after R epochs (the earliest on ties).
    var winner: Int? { result.best?.number }

    /// The step 1 trial of `configuration`, if step 1 trained it.
    func trial(of configuration: Configuration) -> MultiFidelityTrial? {
        result.trials.first { $0.configuration == configuration }
    }

    /// The score after R epochs of `configuration`, if step 1 trained it that far.
    func finalScore(of configuration: Configuration) -> Double? {
        trial(of: configuration)?.score(afterEpochs: result.maxResource)
    }

    /// Trials with a score after `epochs` epochs, best first, earlier first on ties.
    func ranked(afterEpochs epochs: Int) -> [Int] {
        result.trials.compactMap { trial in trial.score(afterEpochs: epochs).map { (trial.number, $0) } }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .map(\.0)
    }

    func rankedCount(afterEpochs epochs: Int) -> Int { ranked(afterEpochs: epochs).count }

    /// The 1-based rank of trial `number` after `epochs` epochs.
    func rank(of number: Int, afterEpochs epochs: Int) -> Int? {
        ranked(afterEpochs: epochs).firstIndex(of: number).map { $0 + 1 }
    }
}

/// One method's search on one seed, and the test accuracy of the network it chose.
struct MethodOutcome {
    let seed: UInt64
    let result: MultiFidelityResult
    /// The chosen network's accuracy on the test rows (nil if no trial completed).
    let test: Double?

    /// "random search", "successive halving", ...: the searcher's name under full
    /// training, the scheduler's otherwise.
    var method: String {
        result.schedulerName == "full training" ? result.searcherName : result.schedulerName
    }
}

/// Every method's outcomes over the seeds, in the order the methods ran.
struct Comparison {
    let methods: [String]
    let seeds: [UInt64]
    /// outcomes[m][k]: method m on seed k.
    let outcomes: [[MethodOutcome]]
    let budget: Int

    init(_ all: [MethodOutcome], budget: Int) {
        var methods: [String] = []
        for outcome in all where !methods.contains(outcome.method) { methods.append(outcome.method) }
        var seeds: [UInt64] = []
        for outcome in all where !seeds.contains(outcome.seed) { seeds.append(outcome.seed) }
        self.methods = methods
        self.seeds = seeds
        outcomes = methods.map { name in all.filter { $0.method == name } }
        self.budget = budget
    }

    /// The incumbent's validation accuracy after every epoch 1...budget, per seed
    /// (NaN before the first trial completed).
    func incumbentCurves(_ m: Int) -> [[Double]] {
        outcomes[m].map { outcome in
            (1...budget).map { outcome.result.bestScore(withinEpochs: $0) ?? .nan }
        }
    }

    /// The quantile `q` over seeds of method m's incumbent after each epoch: NaN where
    /// some seed had no completed trial yet (a median of the others would flatter it).
    func quantileCurve(_ m: Int, _ q: Double) -> [Double] {
        let curves = incumbentCurves(m)
        return (0..<budget).map { e in
            let values = curves.map { $0[e] }
            return values.contains(where: \.isNaN) ? .nan : Statistics.quantile(values, q)
        }
    }

    /// Method m's test accuracies, one per seed (NaN where nothing completed).
    func tests(_ m: Int) -> [Double] { outcomes[m].map { $0.test ?? .nan } }

    /// Method m against method 0 (the baseline), seed by seed, on test accuracy.
    func pairedWithBaseline(_ m: Int) -> PairedComparison {
        PairedComparison(firstName: methods[0], secondName: methods[m], direction: .maximize,
                         pairings: zip(tests(0), tests(m)).map { .init(first: $0, second: $1) })
    }
}
