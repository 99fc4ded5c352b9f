// MultiFidelityTrial.swift
//
// What this file teaches: the books of a search whose trials stop and start. A trial
// now has a learning curve (its score after every epoch), a state (running, paused,
// pruned, completed, diverged, failed) and the jobs it ran: "train trial 7 from epoch
// 3 to epoch 9 on worker 2" is one job. The schedulers read these books to decide;
// the lessons read them to draw learning curves, rungs and the workers' timelines.

import LabMath

/// Where a trial stands.
public enum TrialState: Sendable, Equatable {
    /// A worker is training it.
    case running
    /// Its last job reached its target; a scheduler may resume it later.
    case paused
    /// A scheduler stopped it in the middle of a job (pruning); it is never resumed.
    case pruned
    /// Trained to the maximum resource.
    case completed
    /// Training diverged (the reason says how); never resumed.
    case diverged(String)
    /// The objective failed (threw, or returned a non-finite score); never resumed.
    case failed(String)
}

/// One configuration's training, possibly spread over several jobs.
public struct MultiFidelityTrial: Sendable, Equatable {
    /// 1-based position in the search (the order in which trials were started).
    public let number: Int
    public let configuration: Configuration
    /// The learning curve: `scores[k - 1]` is the score after k epochs.
    public internal(set) var scores: [Double] = []
    public internal(set) var state: TrialState = .running
    /// Everything this trial has cost (a diverged epoch counts).
    public internal(set) var cost: SearchCost = .zero
    /// Jobs run for it: 1 for the start, one more for every resumption.
    public internal(set) var jobCount = 0

    public init(number: Int, configuration: Configuration) {
        self.number = number
        self.configuration = configuration
    }

    /// Epochs trained with a score (its resource so far).
    public var epochs: Int { scores.count }

    /// The score after `epochs` epochs, if the trial got that far.
    public func score(afterEpochs epochs: Int) -> Double? {
        epochs >= 1 && epochs <= scores.count ? scores[epochs - 1] : nil
    }

    /// The score after its last epoch.
    public var latestScore: Double? { scores.last }

    /// "completed", "paused after 3 epochs", "pruned after 5 epochs", "diverged: ...".
    public var status: String {
        switch state {
        case .running: return "running (\(epochs) epochs)"
        case .paused: return "paused after \(epochs) \(epochs == 1 ? "epoch" : "epochs")"
        case .pruned: return "pruned after \(epochs) \(epochs == 1 ? "epoch" : "epochs")"
        case .completed: return "completed"
        case let .diverged(reason): return "diverged: \(reason)"
        case let .failed(reason): return "failed: \(reason)"
        }
    }

    /// The trial as a searcher sees it: its configuration, its latest score (or how it
    /// diverged or failed) and its cost so far, whose `epochs` tell the fidelity.
    public var searchTrial: Trial {
        let outcome: EvaluationOutcome
        switch state {
        case let .diverged(reason): outcome = .diverged(reason)
        case let .failed(reason): outcome = .failed(reason)
        default: outcome = latestScore.map { .score($0) } ?? .failed("no epoch was trained")
        }
        return Trial(number: number, configuration: configuration, evaluation: Evaluation(outcome: outcome, cost: cost))
    }
}

/// Everything a scheduler may look at when it decides: every trial so far.
public struct TrialBook: Sendable {
    public let direction: OptimizationDirection
    /// The most epochs any trial may train (the schedulers' R).
    public let maxResource: Int
    /// All trials, in the order they were started (`trials[n - 1]` is trial n).
    public internal(set) var trials: [MultiFidelityTrial] = []
    /// Set when no new trial can start (the searcher is exhausted or the trial budget
    /// is spent), with the reason. Schedulers then finish with what they have.
    public internal(set) var noNewTrialsReason: String?

    public init(direction: OptimizationDirection, maxResource: Int) {
        self.direction = direction
        self.maxResource = maxResource
    }

    /// True once no new trial can start.
    public var noNewTrials: Bool { noNewTrialsReason != nil }

    /// Trial `number` (1-based).
    public subscript(number: Int) -> MultiFidelityTrial { trials[number - 1] }

    /// How many trials a worker is training right now.
    public var runningCount: Int { trials.filter { $0.state == .running }.count }

    /// `numbers` ordered best first by their score after `epochs` epochs. Equal scores
    /// keep trial order (the earlier trial first); trials without a score there
    /// (diverged or failed before it) come last, in trial order.
    /// - Complexity: O(k log k) for k numbers.
    public func ranked(_ numbers: [Int], afterEpochs epochs: Int) -> [Int] {
        numbers.sorted { a, b in
            let sa = self[a].score(afterEpochs: epochs), sb = self[b].score(afterEpochs: epochs)
            switch (sa, sb) {
            case let (x?, y?):
                if x != y { return direction.isBetter(x, than: y) }
                return a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
    }

    /// The incumbent: the best trial trained to `maxResource`, judged by its score
    /// there (the earliest trial on ties); nil until a trial completes. Scores after
    /// fewer epochs are estimates of this score, not candidates for it.
    public var incumbent: MultiFidelityTrial? {
        var best: MultiFidelityTrial?
        for trial in trials {
            guard let score = trial.score(afterEpochs: maxResource) else { continue }
            if best == nil || direction.isBetter(score, than: best!.score(afterEpochs: maxResource)!) { best = trial }
        }
        return best
    }
}

/// How a job ended.
public enum JobEnding: String, Sendable, Equatable {
    /// It trained the epochs it was given.
    case reachedTarget = "reached target"
    /// The scheduler stopped it early.
    case pruned
    case diverged
    case failed
    /// The search's epoch budget ran out while it was running.
    case budgetSpent = "budget spent"
}

/// One job: a worker training one trial from `fromEpochs` towards `targetEpochs`.
/// Times are on the simulated clock, in epochs of training (one epoch of any trial
/// takes one unit of time on one worker).
public struct JobRecord: Sendable, Equatable {
    public let trial: Int
    /// 0-based worker index.
    public let worker: Int
    public let fromEpochs: Int
    public let targetEpochs: Int
    /// Epochs the trial had when the job ended (below the target if it was stopped).
    public let reachedEpochs: Int
    public let startTime: Int
    public let endTime: Int
    public let ending: JobEnding
}

/// One rung of successive halving: the trials that trained to its number of epochs,
/// and the ones promoted from it to the next rung.
public struct RungRecord: Sendable, Equatable {
    /// The bracket, numbered 0, 1, ... in the order brackets were run.
    public let bracket: Int
    /// Li et al.'s bracket index s (s + 1 rungs; larger s starts more trials on fewer
    /// epochs). Successive halving and ASHA use s = s_max.
    public let s: Int
    /// 0 for the first rung.
    public let rung: Int
    /// Epochs every trial of the rung has trained when it is judged.
    public let epochs: Int
    /// The planned number of trials (n_i), or nil for ASHA, whose rungs grow over time.
    public let plannedTrials: Int?
    /// Trials that reached the rung, in the order their jobs ended.
    public internal(set) var trials: [Int]
    /// Trials promoted from this rung to the next, in promotion order.
    public internal(set) var promoted: [Int]
}
