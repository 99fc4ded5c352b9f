// TreeParzenEstimator.swift
//
// What this file teaches: TPE, the Tree-structured Parzen Estimator (Bergstra, Bardenet,
// Bengio and Kegl, "Algorithms for hyper-parameter optimization", NeurIPS 2011), Optuna's
// default sampler. Bayesian optimisation (BayesianOptimization.swift) models the score
// given the configuration, p(y | x). TPE turns the question around and models the
// configuration given the score, p(x | y), with two densities:
//
//   1. Split the n trials so far at y*, the score of the gamma(n)-th best trial
//      (gamma(n) = min(ceil(0.1 n), 25) in Optuna): the good ones (y better than or
//      equal to y*) and the bad ones.
//   2. Fit a Parzen estimator to each (ParzenEstimator.swift):
//        l(x) = p(x | y good),   g(x) = p(x | y bad).
//   3. Draw `candidates` (24) configurations from l and propose the one with the largest
//      l(x) / g(x).
//
// Why the ratio? The paper's Section 4.1 shows that expected improvement over y* is
//   EI(x) proportional to (gamma + (1 - gamma) g(x) / l(x))^-1,
// which grows with l(x) / g(x): the best place to look is where good trials are dense and
// bad ones sparse. No Gaussian process, no matrix: each proposal costs O(n) per
// candidate, so TPE stays fast with thousands of trials and handles integers and
// categorical hyperparameters natively.
//
// The first `startupTrials` (10) proposals are random, as in Optuna. By default the
// hyperparameters are modelled jointly with product kernels ("multivariate" TPE, Falkner,
// Klein and Hutter 2018), which can follow interactions such as "a large batch needs a
// large learning rate". That is Optuna 5.0's default for one objective, with the same
// neighbour widths in every dimension as here; we follow it so that a student comparing
// with the Optuna they install gets the same algorithm. `multivariate = false` proposes
// each hyperparameter on its own ("independent" TPE: the paper's algorithm and Optuna
// 4's default).
//
// Diverged and failed trials: Optuna ignores failed trials altogether. Here a trial that
// diverged or failed is evidence that its region is bad (a learning rate too large blows
// the network up), so by default it joins the bad group g(x), never the good one, and it
// counts in n; `failedTrials = .ignore` restores Optuna's behaviour.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LabMath

/// What TPE does with trials that diverged or failed.
public enum FailedTrialHandling: String, Sendable, Equatable {
    /// They join the bad group g(x) (and count in n and towards the startup trials).
    case countAsBad
    /// They are left out of the model (Optuna's treatment of failed trials).
    case ignore
}

/// TPE's settings, with Optuna's `TPESampler` defaults.
public struct TPESettings: Sendable, Equatable {
    /// Random proposals before the model is used (Optuna's `n_startup_trials`).
    public var startupTrials = 10
    /// Draws from l(x) scored by l/g per proposal (Optuna's `n_ei_candidates`).
    public var candidates = 24
    /// gamma(n) = min(ceil(goodFraction n), maxGood): the size of the good group.
    public var goodFraction = 0.1
    public var maxGood = 25
    /// One model over all hyperparameters (true, Optuna 5's default) or one per
    /// hyperparameter (false, the 2011 paper and Optuna 4).
    public var multivariate = true
    public var parzen = ParzenSettings()
    public var failedTrials = FailedTrialHandling.countAsBad

    public init() {}

    /// gamma(n), the number of good trials among n (Optuna's `default_gamma`).
    public func goodCount(_ n: Int) -> Int {
        min(Int((goodFraction * Double(n)).rounded(.up)), maxGood)
    }
}

/// What TPE knew when it made one proposal.
public struct TPEStep: Sendable, Equatable {
    public let number: Int
    /// True for the random startup proposals.
    public let isStartup: Bool
    /// Trials in the good and bad groups (0 and 0 during startup).
    public let goodCount: Int
    public let badCount: Int
    /// y*: the score of the worst good trial (nil during startup or with no score yet).
    public let threshold: Double?
    /// log l(x) - log g(x) of the proposal (summed over hyperparameters when they are
    /// modelled one by one).
    public let logRatio: Double?
}

/// The Tree-structured Parzen Estimator as an ask/tell searcher.
///
/// ```swift
/// var tpe = try TreeParzenEstimator(space: space, direction: .minimize, seed: 42)
/// var tuner = try Tuner(searcher: tpe, objective: objective, budget: .trials(50))
/// let result = try tuner.run()
/// ```
/// It never runs out of proposals (configurations may repeat in a discrete space, as in
/// Optuna): the tuner's budget ends the search.
public struct TreeParzenEstimator: Searcher {
    public let name = "TPE"
    public let space: SearchSpace
    public let direction: OptimizationDirection
    public let settings: TPESettings
    private var rng: SeededGenerator
    /// Every observed trial, in order: its number, its values in ParzenEstimator units,
    /// and its score (nil if it diverged or failed).
    private var history: [(number: Int, values: [Double], score: Double?)] = []
    /// Every proposal so far.
    public private(set) var steps: [TPEStep] = []

    /// - Throws: `SearchError.invalidArgument` for fewer than 1 candidate, a negative
    ///   number of startup trials, a good fraction outside (0, 1], maxGood < 1 or a
    ///   negative prior weight.
    public init(space: SearchSpace, direction: OptimizationDirection, seed: UInt64,
                settings: TPESettings = TPESettings()) throws {
        let s = settings
        guard s.candidates >= 1, s.startupTrials >= 0, s.goodFraction > 0, s.goodFraction <= 1, s.maxGood >= 1,
              s.parzen.priorWeight >= 0, s.parzen.priorWeight.isFinite else {
            throw SearchError.invalidArgument("TPE needs candidates >= 1, startupTrials >= 0, 0 < goodFraction <= 1, "
                + "maxGood >= 1 and a finite priorWeight >= 0 (got \(s.candidates), \(s.startupTrials), "
                + "\(s.goodFraction), \(s.maxGood), \(s.parzen.priorWeight))")
        }
        self.space = space
        self.direction = direction
        self.settings = settings
        self.rng = SeededGenerator(seed: seed)
    }

    public var modeledDirection: OptimizationDirection? { direction }
    public var exhaustionNote: String? { nil }

    public mutating func suggest() -> Configuration? {
        let number = steps.count + 1
        let used = modelledTrials
        guard used.count >= max(settings.startupTrials, 1) else {
            // Startup: plain random search (Sampling.swift), as Optuna's RandomSampler.
            steps.append(TPEStep(number: number, isStartup: true, goodCount: 0, badCount: 0, threshold: nil, logRatio: nil))
            return Configuration(checkedNames: space.parameters.map(\.name), values: space.parameters.map { $0.sample(&rng) })
        }
        let split = self.split()
        var values = [Double](repeating: 0, count: space.parameters.count)
        var logRatio = 0.0
        if settings.multivariate {
            let (l, g) = estimators(over: Array(space.parameters.indices), split)
            let (best, ratio) = bestCandidate(l, g)
            values = best
            logRatio = ratio
        } else {
            // Independent TPE: each hyperparameter gets its own l, g and candidates.
            for j in space.parameters.indices {
                let (l, g) = estimators(over: [j], split)
                let (best, ratio) = bestCandidate(l, g)
                values[j] = best[0]
                logRatio += ratio
            }
        }
        let threshold = split.good.last.flatMap { index in used.first { $0.number == index }?.score }
        steps.append(TPEStep(number: number, isStartup: false, goodCount: split.good.count, badCount: split.bad.count,
                             threshold: threshold, logRatio: logRatio))
        return configuration(values)
    }

    public mutating func observe(_ trial: Trial) {
        history.append((trial.number, encode(trial.configuration), trial.score))
    }

    // MARK: - The split and the two densities

    /// The good and bad groups, as trial numbers in trial order.
    public struct Split: Sendable, Equatable {
        public let good: [Int]
        public let bad: [Int]
    }

    /// Step 1: the gamma(n) best scored trials are good; the other scored trials, and
    /// (with `.countAsBad`) every diverged or failed one, are bad. Equal scores are
    /// ranked by trial number, as Optuna's stable sort does. `good` lists the trials
    /// best first; `bad` in trial order.
    public func split() -> Split {
        let used = modelledTrials
        let scored = used.filter { $0.score != nil }.sorted { a, b in
            direction.isBetter(a.score!, than: b.score!) || (a.score! == b.score! && a.number < b.number)
        }
        let goodCount = min(settings.goodCount(used.count), scored.count)
        let good = scored.prefix(goodCount).map(\.number)
        let isGood = Set(good)     // only looked up, never iterated
        let bad = used.map(\.number).filter { !isGood.contains($0) }
        return Split(good: good, bad: bad)
    }

    /// Step 2 for the hyperparameter called `name`: l(x) fitted to the good trials,
    /// g(x) to the bad ones, as the independent TPE uses them (for charts and tests).
    public func estimators(for name: String) -> (good: ParzenEstimator, bad: ParzenEstimator)? {
        guard let j = space.parameters.firstIndex(where: { $0.name == name }) else { return nil }
        return estimators(over: [j], split())
    }

    /// l and g over the parameters at `columns`, each fitted to its group in trial order
    /// (the order matters: Optuna's weights favour recent trials).
    private func estimators(over columns: [Int], _ split: Split) -> (ParzenEstimator, ParzenEstimator) {
        let parameters = columns.map { space.parameters[$0] }
        func rows(_ numbers: [Int]) -> [[Double]] {
            let wanted = Set(numbers)     // only looked up, never iterated
            return history.filter { wanted.contains($0.number) }.map { row in columns.map { row.values[$0] } }
        }
        return (ParzenEstimator(parameters: parameters, observations: rows(split.good), settings: settings.parzen),
                ParzenEstimator(parameters: parameters, observations: rows(split.bad), settings: settings.parzen))
    }

    /// Step 3: `candidates` draws from l, and the one with the largest log l - log g
    /// (the first on ties).
    private mutating func bestCandidate(_ l: ParzenEstimator, _ g: ParzenEstimator) -> ([Double], Double) {
        var best: [Double] = []
        var bestScore = -Double.infinity
        for _ in 0..<settings.candidates {
            let x = l.sample(&rng)
            let score = l.logDensity(x) - g.logDensity(x)
            if best.isEmpty || score > bestScore {
                best = x
                bestScore = score
            }
        }
        return (best, bestScore)
    }

    /// The trials the model uses (all, or the scored ones with `.ignore`).
    private var modelledTrials: [(number: Int, values: [Double], score: Double?)] {
        settings.failedTrials == .ignore ? history.filter { $0.score != nil } : history
    }

    // MARK: - Configurations <-> ParzenEstimator units

    /// Numbers stay numbers; a categorical value becomes its position in the list.
    private func encode(_ configuration: Configuration) -> [Double] {
        space.parameters.enumerated().map { j, p in
            let value = configuration.values[j]
            if case let .categorical(choices) = p.domain { return Double(choices.firstIndex(of: value) ?? 0) }
            return value.number ?? 0
        }
    }

    private func configuration(_ values: [Double]) -> Configuration {
        let decoded = space.parameters.enumerated().map { j, p -> HyperparameterValue in
            if case let .categorical(choices) = p.domain { return choices[Int(values[j])] }
            return .number(values[j])
        }
        return Configuration(checkedNames: space.parameters.map(\.name), values: decoded)
    }
}
