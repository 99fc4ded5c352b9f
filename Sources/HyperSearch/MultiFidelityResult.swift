// MultiFidelityResult.swift
//
// What this file teaches: how to compare early-stopping methods fairly. Counting
// trials would flatter them (a trial stopped after one epoch is not a trial's worth of
// work), so everything here is measured in epochs: the incumbent after every epoch
// trained, at any budget you like, and the cost of each trial. The incumbent is the
// best trial trained to R epochs: a score after fewer epochs estimates that score, it
// does not compete with it.

import LabMath

/// The state of a search after one more epoch of training.
public struct MultiFidelityTrajectoryPoint: Sendable, Equatable {
    /// The simulated clock (epochs of training on the busiest path through the workers).
    public let time: Int
    /// Trials started so far.
    public let trialsStarted: Int
    /// Everything trained so far; `cost.epochs` is the x axis of equal-compute charts.
    public let cost: SearchCost
    /// The incumbent's score after R epochs (nil until a trial completes).
    public let bestScore: Double?
    /// The incumbent's trial number.
    public let incumbent: Int?
}

/// Everything a multi-fidelity search produced.
public struct MultiFidelityResult: Sendable {
    public let searcherName: String
    public let schedulerName: String
    public let schedulerSummary: String
    public let objectiveName: String
    public let direction: OptimizationDirection
    /// R, the epochs of a completed trial.
    public let maxResource: Int
    public let workers: Int
    /// All trials, in the order they were started, with their learning curves.
    public let trials: [MultiFidelityTrial]
    /// The state after every epoch trained.
    public let trajectory: [MultiFidelityTrajectoryPoint]
    /// Every job, in the order they ended.
    public let jobs: [JobRecord]
    /// The scheduler's rungs (empty for full training and median pruning).
    public let rungs: [RungRecord]
    /// Why the search ended.
    public let stopReason: String

    /// The incumbent: the best trial trained to R (the earliest on ties).
    public var best: MultiFidelityTrial? {
        guard let number = trajectory.last?.incumbent else { return nil }
        return trials[number - 1]
    }

    /// The cost of all trials.
    public var totalCost: SearchCost { trajectory.last?.cost ?? .zero }

    /// The simulated time the search took (epochs of training end to end).
    public var elapsedTime: Int { trajectory.last?.time ?? 0 }

    /// Worker time spent waiting: workers x elapsed time - epochs trained. Synchronous
    /// rungs make workers wait for the slowest trial of a rung; ASHA does not.
    public var idleWorkerTime: Int { workers * elapsedTime - totalCost.epochs }

    /// The incumbent's score once `epochs` epochs had been trained in total (nil if no
    /// trial had completed by then): the comparison at equal compute.
    public func bestScore(withinEpochs epochs: Int) -> Double? {
        var score: Double?
        for point in trajectory {
            guard point.cost.epochs <= epochs else { break }
            score = point.bestScore
        }
        return score
    }

    /// Trials that completed R epochs, in trial order.
    public var completedTrials: [MultiFidelityTrial] { trials.filter { $0.state == .completed } }

    /// How well the scores after `epochs` epochs rank the trials as their scores after
    /// R do: Spearman's rank correlation over the trials trained to R (1: the same
    /// order; 0: unrelated). Nil with fewer than 3 such trials. Under successive
    /// halving only the survivors reach R, so the value describes the survivors;
    /// measure it on full training to judge the early epochs themselves.
    public func rankCorrelation(afterEpochs epochs: Int) -> Double? {
        let complete = completedTrials.filter { $0.score(afterEpochs: epochs) != nil }
        guard complete.count >= 3 else { return nil }
        let early = complete.map { $0.score(afterEpochs: epochs)! }
        let final = complete.map { $0.score(afterEpochs: maxResource)! }
        let rho = Statistics.spearmanCorrelation(early, final)
        return rho.isNaN ? nil : rho
    }
}
