// MedianPruner.swift
//
// What this file teaches: pruning, Optuna's default way to stop trials early (the
// "median stopping rule" of Golovin et al., "Google Vizier", KDD 2017). Every trial is
// meant to train all R epochs; after each epoch k the pruner compares the trial with
// the trials that already completed: if the trial's best score so far is worse than
// the median of their scores after epoch k, it is stopped for good.
//
// Optuna's rules and defaults (`MedianPruner(n_startup_trials=5, n_warmup_steps=0,
// interval_steps=1)`, its `PercentilePruner` at 50):
//   * no pruning until `startupTrials` trials have completed (pruned ones don't count);
//   * no pruning during the first `warmupEpochs` epochs of a trial (Optuna counts
//     steps from 0, so its step k - 1 is our epoch k);
//   * a check every `intervalEpochs` epochs after the warm-up;
//   * the trial's *best* score so far is compared, and only a strictly worse one is
//     pruned; the median interpolates between the two middle values (NumPy's).
// One rule of ours on top: a trial whose best score so far is at least as good as the
// incumbent's final score is never pruned. It already beats the best network the
// search has finished, whatever the median says (completed trials can score better
// after k epochs than at the end, when they overfit, and Optuna would prune it).
//
// What it cannot know: a trial that starts slowly and would have finished first is
// pruned like any other poor starter. Early scores predict final ones only as well
// as the learning curves allow (Lesson 6 measures it).

import LabMath

/// One pruning decision, kept for reports ("trial 7 pruned after 4 epochs: best 0.71,
/// median of 5 completed trials 0.83").
public struct PruningDecision: Sendable, Equatable {
    public let trial: Int
    public let epochs: Int
    /// The trial's best score over its first `epochs` epochs.
    public let bestScore: Double
    /// The median of the completed trials' scores after `epochs` epochs.
    public let median: Double
    /// How many completed trials the median was taken over.
    public let completedTrials: Int
}

/// Optuna's median pruner as a scheduler: every trial starts towards R epochs and is
/// checked after each epoch.
///
/// ```swift
/// let pruner = try MedianPruner(maxResource: 27)     // startupTrials 5, warmupEpochs 0, intervalEpochs 1
/// ```
public struct MedianPruner: Scheduler {
    public let name = "median pruning"
    public let maxResource: Int
    public let startupTrials: Int
    public let warmupEpochs: Int
    public let intervalEpochs: Int
    /// Every trial pruned, with the numbers that decided it.
    public private(set) var decisions: [PruningDecision] = []

    /// - Parameters: Optuna's defaults: `startupTrials` 5 (n_startup_trials),
    ///   `warmupEpochs` 0 (n_warmup_steps), `intervalEpochs` 1 (interval_steps).
    /// - Throws: `SearchError.invalidArgument` for a maximum resource below 1, negative
    ///   startup trials or warm-up, or an interval below 1.
    public init(maxResource: Int, startupTrials: Int = 5, warmupEpochs: Int = 0, intervalEpochs: Int = 1) throws {
        guard maxResource >= 1 else {
            throw SearchError.invalidArgument("the maximum resource must be at least 1 epoch, got \(maxResource)")
        }
        guard startupTrials >= 0 else {
            throw SearchError.invalidArgument("the number of startup trials cannot be negative, got \(startupTrials)")
        }
        guard warmupEpochs >= 0 else {
            throw SearchError.invalidArgument("the warm-up cannot be negative, got \(warmupEpochs) epochs")
        }
        guard intervalEpochs >= 1 else {
            throw SearchError.invalidArgument("the pruning interval must be at least 1 epoch, got \(intervalEpochs)")
        }
        self.maxResource = maxResource
        self.startupTrials = startupTrials
        self.warmupEpochs = warmupEpochs
        self.intervalEpochs = intervalEpochs
    }

    public var summary: String {
        "up to \(maxResource) epochs; after \(startupTrials) completed trials, stop a trial whose best score is "
            + "worse than their median at the same epoch"
    }

    public mutating func nextJob(_ book: TrialBook) -> SchedulerJob {
        if let reason = book.noNewTrialsReason { return .finished(reason) }
        return .startNew(epochs: maxResource)
    }

    public mutating func shouldContinue(_ trial: MultiFidelityTrial, _ book: TrialBook) -> Bool {
        let completed = book.trials.filter { $0.state == .completed }
        guard !completed.isEmpty, completed.count >= startupTrials else { return true }
        // Optuna's step is epoch - 1: pruning is off while step < n_warmup_steps, then
        // on every interval_steps-th step counted from the warm-up.
        let step = trial.epochs - 1
        guard step >= warmupEpochs, (step - warmupEpochs) % intervalEpochs == 0 else { return true }
        guard var best = trial.scores.first else { return true }
        for score in trial.scores where book.direction.isBetter(score, than: best) { best = score }
        // Our guard: never stop a trial already as good as the incumbent's final score.
        if let incumbent = book.incumbent?.score(afterEpochs: book.maxResource),
           !book.direction.isBetter(incumbent, than: best) { return true }
        let atSameEpoch = completed.compactMap { $0.score(afterEpochs: trial.epochs) }
        guard !atSameEpoch.isEmpty else { return true }
        let median = Statistics.median(atSameEpoch)
        guard book.direction.isBetter(median, than: best) else { return true }
        decisions.append(PruningDecision(trial: trial.number, epochs: trial.epochs, bestScore: best, median: median,
                                         completedTrials: atSameEpoch.count))
        return false
    }
}
