// Scheduler.swift
//
// What this file teaches: the third role in d2l's split of a tuning library. The
// *searcher* decides what to try (a configuration); the *scheduler* decides when and
// for how long to train it: start a new trial for r epochs, resume a paused one up to
// more epochs, stop one that is falling behind, or wait; the *tuner* runs the jobs,
// keeps the books and counts the cost. Because a scheduler never looks inside a
// configuration and a searcher never decides how long anything trains, any searcher
// (random, grid, Bayesian optimisation) can feed any scheduler.
//
//   tuner: a worker is idle            -> scheduler.nextJob      -> start / resume / wait
//          start needs a configuration -> searcher.suggest
//          after every epoch           -> scheduler.shouldContinue (pruning)
//          a job ends                  -> scheduler.jobEnded, searcher.observe (once per trial)
//
// `FullTraining` is the scheduler of plain search: every trial trains all epochs.

import LabMath

/// What an idle worker should do next.
public enum SchedulerJob: Sendable, Equatable {
    /// Start a new trial (the tuner asks the searcher for its configuration) and train
    /// it for `epochs` epochs.
    case startNew(epochs: Int)
    /// Resume paused trial `trial` and train it on until it has `toEpochs` epochs.
    case resume(trial: Int, toEpochs: Int)
    /// Nothing to do until a running job ends (e.g. a rung is not complete yet).
    case wait
    /// No more work for idle workers; the search ends when the running jobs end.
    case finished(String)
}

/// Decides how long each trial trains (d2l's scheduler; Optuna's pruner).
///
/// Schedulers are value types driven by the tuner; they read the tuner's `TrialBook`
/// and keep only their own plans (rungs, brackets).
public protocol Scheduler {
    /// A short name for tables and charts, e.g. "successive halving".
    var name: String { get }
    /// The most epochs a trial may train (R).
    var maxResource: Int { get }
    /// A one-line description of the settings, e.g. "eta 3, rungs at 1, 3, 9, 27 epochs".
    var summary: String { get }
    /// The job for an idle worker.
    mutating func nextJob(_ book: TrialBook) -> SchedulerJob
    /// Called after every epoch of a running job that has not reached its target:
    /// false stops the trial now (Optuna's `should_prune`). Default: true.
    mutating func shouldContinue(_ trial: MultiFidelityTrial, _ book: TrialBook) -> Bool
    /// Called when a job ends (target reached, pruned, diverged or failed); `book`
    /// already shows the trial's new state.
    mutating func jobEnded(_ job: JobRecord, _ book: TrialBook)
    /// The rungs so far, for reports and charts (empty for schedulers without rungs).
    var rungs: [RungRecord] { get }
    /// False once the scheduler will never resume paused trial `number` (e.g. it was
    /// not promoted from a closed rung): the tuner then frees its network. Default: true.
    func mayResume(_ number: Int) -> Bool
}

extension Scheduler {
    public mutating func shouldContinue(_ trial: MultiFidelityTrial, _ book: TrialBook) -> Bool { true }
    public mutating func jobEnded(_ job: JobRecord, _ book: TrialBook) {}
    public var rungs: [RungRecord] { [] }
    public func mayResume(_ number: Int) -> Bool { true }
}

/// No early stopping: every trial trains `maxResource` epochs, as in plain random or
/// Bayesian search (d2l's `BasicScheduler`, Ray Tune's FIFO scheduler). The baseline
/// the early-stopping schedulers must beat at equal epochs.
public struct FullTraining: Scheduler {
    public let name = "full training"
    public let maxResource: Int

    /// - Throws: `SearchError.invalidArgument` unless `maxResource >= 1`.
    public init(maxResource: Int) throws {
        guard maxResource >= 1 else {
            throw SearchError.invalidArgument("the maximum resource must be at least 1 epoch, got \(maxResource)")
        }
        self.maxResource = maxResource
    }

    public var summary: String { "every trial trains \(maxResource) epochs" }

    public mutating func nextJob(_ book: TrialBook) -> SchedulerJob {
        if let reason = book.noNewTrialsReason { return .finished(reason) }
        return .startNew(epochs: maxResource)
    }
}
