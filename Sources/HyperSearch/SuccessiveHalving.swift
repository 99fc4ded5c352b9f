// SuccessiveHalving.swift
//
// What this file teaches: successive halving (Jamieson and Talwalkar, "Non-stochastic
// best arm identification and hyperparameter optimization", AISTATS 2016; the inner
// loop of Li et al.'s Hyperband). Start many trials on a few epochs; when all of them
// have trained, keep the best 1/eta and train those eta times longer; repeat until R.
//
//   rung 0:  27 trials x 1 epoch    ->  best 9 go on
//   rung 1:   9 trials x 3 epochs   ->  best 3 go on      (each trains 2 more epochs)
//   rung 2:   3 trials x 9 epochs   ->  best 1 goes on    (each trains 6 more)
//   rung 3:   1 trial  x 27 epochs
//
// This is the *synchronous* version: a rung is judged only when every trial of it has
// trained, so with several workers some wait at each rung (ASHA.swift removes the
// wait). The rules, stated once:
//   * exactly the best floor(k / eta) of the k trials that entered the rung are
//     promoted (k is n_i unless trials could not be started);
//   * equal scores: the earlier trial (smaller number) ranks first;
//   * a trial that diverged or failed has no score, ranks last, and is never promoted;
//   * promoted trials resume where they paused (`ResumableRun`), so rung i costs
//     n_i (r_i - r_{i-1}) epochs.
// When a bracket ends and budget remains, another bracket starts with new trials.

import LabMath

/// One bracket being run synchronously, rung by rung.
struct BracketRun: Sendable {
    let plan: BracketPlan
    let eta: Int
    /// The rungs reached so far (the last one is the current rung).
    private(set) var records: [RungRecord]
    private var rung = 0
    /// Promoted trials waiting for a worker.
    private var queue: [Int] = []
    /// Jobs of the current rung handed out, and ended. (A `.startNew` the tuner could
    /// not honour, the searcher being exhausted, creates no trial: rung 0 therefore
    /// counts the trials created since the bracket began instead.)
    private var dispatched = 0
    private var ended = 0
    private var trialsBefore: Int?

    init(plan: BracketPlan, index: Int, eta: Int) {
        self.plan = plan
        self.eta = eta
        records = [RungRecord(bracket: index, s: plan.s, rung: 0, epochs: plan.rungs[0].epochs,
                              plannedTrials: plan.rungs[0].trials, trials: [], promoted: [])]
    }

    /// The next job of this bracket, `.wait` while the current rung is incomplete, or
    /// nil when the bracket is over.
    mutating func nextJob(_ book: TrialBook) -> SchedulerJob? {
        if trialsBefore == nil { trialsBefore = book.trials.count }
        while true {
            let epochs = plan.rungs[rung].epochs
            if rung == 0 {
                // Only this bracket starts trials while it runs (brackets run one at a time).
                dispatched = book.trials.count - trialsBefore!
                if dispatched < plan.rungs[0].trials && !book.noNewTrials { return .startNew(epochs: epochs) }
            } else if !queue.isEmpty {
                dispatched += 1
                return .resume(trial: queue.removeFirst(), toEpochs: epochs)
            }
            if ended < dispatched { return .wait }
            // Every job of the rung has ended: promote, or end the bracket.
            let entered = records[rung].trials
            guard rung + 1 < plan.rungs.count, !entered.isEmpty else { return nil }
            // Jamieson and Talwalkar's step: keep the best floor(k / eta) of the k trials.
            let promoted = book.ranked(entered, afterEpochs: epochs).prefix(entered.count / eta).filter {
                book[$0].score(afterEpochs: epochs) != nil && book[$0].state == .paused
            }
            records[rung].promoted = promoted
            guard !promoted.isEmpty else { return nil }
            rung += 1
            queue = promoted
            dispatched = 0
            ended = 0
            records.append(RungRecord(bracket: records[0].bracket, s: plan.s, rung: rung, epochs: plan.rungs[rung].epochs,
                                      plannedTrials: plan.rungs[rung].trials, trials: [], promoted: []))
        }
    }

    /// A job of the current rung ended: its trial has entered the rung.
    mutating func jobEnded(_ job: JobRecord) {
        records[rung].trials.append(job.trial)
        ended += 1
    }

    /// Only trials of the rung being filled, and promoted ones waiting for a worker,
    /// can still be resumed; the others stopped at a closed rung.
    func mayResume(_ number: Int) -> Bool {
        records[rung].trials.contains(number) || queue.contains(number)
    }
}

/// Brackets run one after another, cycling through `plans` (Hyperband's loop; a single
/// plan for successive halving).
struct BracketSequence: Sendable {
    let plans: [BracketPlan]
    let eta: Int
    /// Stop after this many brackets (nil: until the tuner's budget ends).
    let maxBrackets: Int?
    private var done: [BracketRun] = []
    private var current: BracketRun?
    private var started = 0

    init(plans: [BracketPlan], eta: Int, maxBrackets: Int?) {
        self.plans = plans
        self.eta = eta
        self.maxBrackets = maxBrackets
    }

    mutating func nextJob(_ book: TrialBook) -> SchedulerJob {
        while true {
            if current == nil {
                if let limit = maxBrackets, started >= limit {
                    return .finished("all \(limit) \(limit == 1 ? "bracket is" : "brackets are") done")
                }
                if let reason = book.noNewTrialsReason { return .finished(reason) }
                current = BracketRun(plan: plans[started % plans.count], index: started, eta: eta)
                started += 1
            }
            if let job = current!.nextJob(book) { return job }
            done.append(current!)
            current = nil
        }
    }

    mutating func jobEnded(_ job: JobRecord) { current?.jobEnded(job) }

    var rungs: [RungRecord] { done.flatMap(\.records) + (current?.records ?? []) }

    /// Trials of finished brackets are never resumed.
    func mayResume(_ number: Int) -> Bool { current?.mayResume(number) ?? false }
}

/// Synchronous successive halving, one bracket after another.
///
/// ```swift
/// let halving = try SuccessiveHalving(eta: 3, minResource: 1, maxResource: 27)
/// halving.plan.rungs      // 27 x 1, 9 x 3, 3 x 9, 1 x 27 epochs
/// var tuner = try MultiFidelityTuner(searcher: random, scheduler: halving, objective: objective,
///                                    budget: .epochs(400))
/// ```
public struct SuccessiveHalving: Scheduler {
    public let name = "successive halving"
    /// The reduction factor: the best 1/eta of a rung go on, with eta times the epochs.
    public let eta: Int
    public let minResource: Int
    public let maxResource: Int
    /// Each bracket's rungs (the same for every bracket).
    public let plan: BracketPlan
    private var brackets: BracketSequence

    /// - Parameters:
    ///   - eta: 3 by default, as in Li et al. 2018 ("3 or 4"), Optuna's
    ///     `reduction_factor` and Keras Tuner's `factor`.
    ///   - minResource, maxResource: the fewest epochs a trial trains before it is
    ///     judged (r) and the most (R).
    ///   - initialTrials: trials in the first rung; eta^s_max by default, so that
    ///     exactly one trial reaches R.
    ///   - brackets: how many brackets to run (nil: as many as the budget allows).
    /// - Throws: `SearchError.invalidArgument` for eta < 2, a minimum resource below 1
    ///   or above the maximum, too few initial trials, or brackets < 1.
    public init(eta: Int = 3, minResource: Int, maxResource: Int, initialTrials: Int? = nil,
                brackets: Int? = nil) throws {
        if let count = brackets, count < 1 {
            throw SearchError.invalidArgument("successive halving needs at least 1 bracket, got \(count)")
        }
        self.eta = eta
        self.minResource = minResource
        self.maxResource = maxResource
        plan = try Brackets.successiveHalving(eta: eta, minResource: minResource, maxResource: maxResource,
                                              initialTrials: initialTrials)
        self.brackets = BracketSequence(plans: [plan], eta: eta, maxBrackets: brackets)
    }

    public var summary: String {
        "eta \(eta), \(plan.rungs[0].trials) trials per bracket, rungs at "
            + plan.rungs.map { String($0.epochs) }.joined(separator: ", ") + " epochs"
    }

    public mutating func nextJob(_ book: TrialBook) -> SchedulerJob { brackets.nextJob(book) }
    public mutating func jobEnded(_ job: JobRecord, _ book: TrialBook) { brackets.jobEnded(job) }
    public var rungs: [RungRecord] { brackets.rungs }
    public func mayResume(_ number: Int) -> Bool { brackets.mayResume(number) }
}

/// Hyperband (Li et al. 2018): successive halving in every bracket s = s_max, ..., 0,
/// from many trials on few epochs to few trials on all R epochs, one bracket at a time
/// and then again from s_max. It hedges against a minimum resource too small to rank
/// configurations: the last brackets judge trials late, or not at all.
///
/// ```swift
/// let hyperband = try Hyperband(eta: 3, minResource: 1, maxResource: 81)
/// print(hyperband.bracketTable())     // Li et al.'s Table 1, with epochs spent
/// ```
public struct Hyperband: Scheduler {
    public let name = "Hyperband"
    public let eta: Int
    public let minResource: Int
    public let maxResource: Int
    /// The brackets, s = s_max first.
    public let plans: [BracketPlan]
    private var brackets: BracketSequence

    /// - Parameters:
    ///   - eta: 3 by default (see `SuccessiveHalving`).
    ///   - loops: how many times to run all the brackets (nil: as many as the budget allows).
    /// - Throws: `SearchError.invalidArgument` for eta < 2, a minimum resource below 1
    ///   or above the maximum, or loops < 1.
    public init(eta: Int = 3, minResource: Int, maxResource: Int, loops: Int? = nil) throws {
        if let count = loops, count < 1 {
            throw SearchError.invalidArgument("Hyperband needs at least 1 loop over its brackets, got \(count)")
        }
        self.eta = eta
        self.minResource = minResource
        self.maxResource = maxResource
        let plans = try Brackets.hyperband(eta: eta, minResource: minResource, maxResource: maxResource)
        self.plans = plans
        brackets = BracketSequence(plans: plans, eta: eta, maxBrackets: loops.map { $0 * plans.count })
    }

    public var summary: String {
        "eta \(eta), \(plans.count) brackets (s = \(plans.count - 1) ... 0), \(minResource) to \(maxResource) epochs"
    }

    /// The brackets as a table, to print before running.
    public func bracketTable() -> String { Brackets.table(plans) }

    public mutating func nextJob(_ book: TrialBook) -> SchedulerJob { brackets.nextJob(book) }
    public mutating func jobEnded(_ job: JobRecord, _ book: TrialBook) { brackets.jobEnded(job) }
    public var rungs: [RungRecord] { brackets.rungs }
    public func mayResume(_ number: Int) -> Bool { brackets.mayResume(number) }
}
