// ASHA.swift
//
// What this file teaches: asynchronous successive halving (Li et al., "A System for
// Massively Parallel Hyperparameter Tuning", MLSys 2020, Algorithm 2). Synchronous
// successive halving judges a rung only when all its trials have trained, so with
// several workers the fast ones wait for the slow ones. ASHA never waits: whenever a
// worker is free it looks at the rungs from the top down and promotes a trial that is
// in the best 1/eta of the trials its rung has seen *so far*; if there is none it
// starts a new trial on the first rung.
//
//   get_job():
//       for k = top - 1, ..., 1, 0:                                  (Alg. 2, line 1)
//           candidates = best floor(|rung k| / eta) trials of rung k,
//                        minus those already promoted                 (line 2)
//           if candidates: promote the best one to rung k + 1         (lines 3-4)
//       otherwise: start a new trial on rung 0                        (line 5)
//
// Early decisions are made on few trials, so ASHA promotes some trials that
// synchronous successive halving would not (and the paper shows it rarely matters).
// The rungs are those of successive halving's most aggressive bracket (BracketPlan.swift):
// r_k = R eta^(k - s_max), rounded, so that the top rung trains exactly R epochs.
// Ties, diverged and failed trials follow successive halving's rules.
//
// The tuner runs ASHA on a simulated clock (MultiFidelityTuner.swift): the result
// depends only on the seed and the number of workers, never on real timing.

import LabMath

/// Asynchronous successive halving with pause-and-resume promotions.
///
/// ```swift
/// let asha = try ASHA(eta: 3, minResource: 1, maxResource: 27)
/// var tuner = try MultiFidelityTuner(searcher: random, scheduler: asha, objective: objective,
///                                    budget: .epochs(400), workers: 4)
/// ```
public struct ASHA: Scheduler {
    public let name = "ASHA"
    public let eta: Int
    public let minResource: Int
    public let maxResource: Int
    /// The epochs of each rung, r_0 < r_1 < ... < R.
    public let rungEpochs: [Int]
    /// Per rung: the trials whose job to it ended (in that order), and those promoted.
    private var records: [RungRecord]

    /// - Parameter eta: 3 by default (see `SuccessiveHalving`; Ray Tune's ASHA uses 4).
    /// - Throws: `SearchError.invalidArgument` for eta < 2 or a minimum resource below
    ///   1 or above the maximum.
    public init(eta: Int = 3, minResource: Int, maxResource: Int) throws {
        let plan = try Brackets.successiveHalving(eta: eta, minResource: minResource, maxResource: maxResource)
        self.eta = eta
        self.minResource = minResource
        self.maxResource = maxResource
        rungEpochs = plan.rungs.map(\.epochs)
        records = rungEpochs.enumerated().map { k, epochs in
            RungRecord(bracket: 0, s: plan.s, rung: k, epochs: epochs, plannedTrials: nil, trials: [], promoted: [])
        }
    }

    public var summary: String {
        "eta \(eta), rungs at " + rungEpochs.map(String.init).joined(separator: ", ") + " epochs, no waiting"
    }

    public var rungs: [RungRecord] { records }

    public mutating func nextJob(_ book: TrialBook) -> SchedulerJob {
        // Alg. 2, lines 1-4: the highest rung with a promotable trial first.
        for k in stride(from: rungEpochs.count - 2, through: 0, by: -1) {
            let rung = records[k]
            let best = book.ranked(rung.trials, afterEpochs: rung.epochs).prefix(rung.trials.count / eta)
            for trial in best where !rung.promoted.contains(trial) {
                // Diverged or failed trials rank last and are never promoted.
                guard book[trial].score(afterEpochs: rung.epochs) != nil, book[trial].state == .paused else { continue }
                records[k].promoted.append(trial)
                return .resume(trial: trial, toEpochs: rungEpochs[k + 1])
            }
        }
        // Line 5: grow the bottom rung.
        if let reason = book.noNewTrialsReason {
            return book.runningCount > 0 ? .wait : .finished(reason + "; no trial can be promoted")
        }
        return .startNew(epochs: rungEpochs[0])
    }

    public mutating func jobEnded(_ job: JobRecord, _ book: TrialBook) {
        // The job's target names its rung; a trial that diverged on the way still
        // counts as one of the rung's trials (ranked last).
        guard let k = rungEpochs.firstIndex(of: job.targetEpochs) else { return }
        records[k].trials.append(job.trial)
    }
}
