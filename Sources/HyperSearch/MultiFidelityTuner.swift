// MultiFidelityTuner.swift
//
// What this file teaches: how a tuner runs trials that stop and resume, on several
// workers, and still prints the same bytes for the same seed. The workers are
// *simulated*: time is training cost, one epoch of any trial takes one unit of time
// on one worker (as d2l simulates its asynchronous schedulers), and the tuner always
// advances the worker whose current epoch ends first (the lowest-numbered on ties).
// No thread, no wall clock: the order of events, and so every decision, depends only
// on the seed and the number of workers. With 4 workers the elapsed time shows what
// 4 machines would gain, and the idle time what synchronous rungs waste.
//
//   loop:
//       give every idle worker a job            scheduler.nextJob; a new trial asks
//                                               searcher.suggest for its configuration
//       stop if the epoch budget is spent
//       advance the busy worker whose epoch ends first by one epoch (objective.advance)
//       the job ends when the trial reaches its target, diverges or fails, or when
//       scheduler.shouldContinue says stop      -> scheduler.jobEnded,
//                                                  searcher.observe (first job only)
//
// A searcher sees each trial once, when its first job ends, with the score it had and
// its cost so far (whose epochs say at what fidelity); that way it learns from every
// trial even when few ever reach R, and it is never told twice about one
// configuration. Trials of one bracket are then observed at the same number of epochs.

import LabMath

/// Runs a searcher and a scheduler against a multi-fidelity objective.
///
/// ```swift
/// var tuner = try MultiFidelityTuner(searcher: RandomSearch(space: space, iterations: 1000, seed: 1),
///                                    scheduler: Hyperband(minResource: 1, maxResource: 27),
///                                    objective: objective, budget: .epochs(400))
/// let result = try tuner.run()
/// result.best                         // the best trial trained to 27 epochs
/// result.bestScore(withinEpochs: 200) // the incumbent after half the budget
/// ```
public struct MultiFidelityTuner {
    public private(set) var searcher: any Searcher
    public private(set) var scheduler: any Scheduler
    public let objective: MultiFidelityObjective
    public let budget: SearchBudget
    /// Simulated workers training in parallel.
    public let workers: Int
    /// Every trial so far (what the scheduler sees).
    public private(set) var book: TrialBook

    /// A job in progress on one worker.
    struct ActiveJob {
        let trial: Int
        let fromEpochs: Int
        let targetEpochs: Int
        let startTime: Int
        /// When the epoch being trained ends.
        var nextEpochEnds: Int
    }

    private var runs: [(any ResumableRun)?] = []
    private var observed: [Bool] = []
    private var active: [ActiveJob?]
    private var clock = 0
    private var cost = SearchCost.zero
    private var trajectory: [MultiFidelityTrajectoryPoint] = []
    private var jobs: [JobRecord] = []
    private var stopReason: String?

    /// - Parameters:
    ///   - budget: at least one limit; `maxEpochs` is checked before every epoch, so
    ///     the search trains exactly that many epochs (when the objective's epochs
    ///     cost one epoch each), the same for every scheduler.
    ///   - workers: simulated workers (1 by default: trials run one after another).
    /// - Throws: `SearchError.invalidBudget` for a budget without a limit or a limit
    ///   below 1; `.invalidArgument` for fewer than 1 worker or a searcher built for
    ///   the other direction.
    public init(searcher: any Searcher, scheduler: any Scheduler, objective: MultiFidelityObjective,
                budget: SearchBudget, workers: Int = 1) throws {
        try budget.validate()
        guard workers >= 1 else { throw SearchError.invalidArgument("the tuner needs at least 1 worker, got \(workers)") }
        try Tuner.checkDirection(of: searcher, against: objective.name, objective.direction)
        self.searcher = searcher
        self.scheduler = scheduler
        self.objective = objective
        self.budget = budget
        self.workers = workers
        self.book = TrialBook(direction: objective.direction, maxResource: scheduler.maxResource)
        self.active = Array(repeating: nil, count: workers)
    }

    /// The training of trial `number`, kept while it may still be resumed and after it
    /// completed (to score the incumbent on held-out data); nil once it was pruned,
    /// diverged or failed, or its scheduler will never resume it.
    public func resumableRun(ofTrial number: Int) -> (any ResumableRun)? {
        number >= 1 && number <= runs.count ? runs[number - 1] : nil
    }

    /// Runs until the budget is spent or the scheduler has no more work.
    /// - Parameter onJobEnded: called after every job with the trial's new state.
    /// - Throws: `SearchError.invalidArgument` when the scheduler asks for an impossible
    ///   job (resuming a trial that is not paused, or beyond the maximum resource).
    public mutating func run(onJobEnded: ((JobRecord, MultiFidelityTrial) -> Void)? = nil) throws -> MultiFidelityResult {
        while stopReason == nil {
            if let limit = budget.maxEpochs, cost.epochs >= limit {
                stopReason = "the budget of \(limit) epochs is spent"
                cutRunningJobs()
                break
            }
            let idleAnswer = try assignIdleWorkers(onJobEnded)
            guard let worker = nextWorker() else {
                stopReason = idleAnswer ?? "no job is left"
                break
            }
            advance(worker, onJobEnded)
        }
        return result()
    }

    /// Asks the scheduler for a job for every idle worker, lowest index first. Returns
    /// why an idle worker got nothing (the scheduler's `.finished` reason, or a note
    /// that it waits), or nil when every worker is busy.
    private mutating func assignIdleWorkers(_ onJobEnded: ((JobRecord, MultiFidelityTrial) -> Void)?) throws -> String? {
        var worker = 0
        while worker < workers {
            guard active[worker] == nil else { worker += 1; continue }
            switch scheduler.nextJob(book) {
            case let .startNew(epochs):
                // A scheduler that asks for a new trial when none can start gets nothing.
                if let reason = book.noNewTrialsReason { return reason }
                // The worker stays idle (and is asked again) when no trial could start
                // or the new trial failed at once.
                try startTrial(on: worker, epochs: epochs, onJobEnded)
            case let .resume(trial, toEpochs):
                try resume(trial, to: toEpochs, on: worker)
            case .wait:
                return "\(scheduler.name) waits for a trial, but none is running"
            case let .finished(reason):
                return reason
            }
        }
        return nil
    }

    private mutating func startTrial(on worker: Int, epochs: Int,
                                     _ onJobEnded: ((JobRecord, MultiFidelityTrial) -> Void)?) throws {
        guard epochs >= 1, epochs <= book.maxResource else {
            throw SearchError.invalidArgument("\(scheduler.name) asked for a new trial of \(epochs) epochs; "
                                              + "allowed: 1 to \(book.maxResource)")
        }
        if let n = budget.maxTrials, book.trials.count >= n {
            book.noNewTrialsReason = "the budget of \(n) trials is spent"
            return
        }
        guard let configuration = try searcher.suggest() else {
            book.noNewTrialsReason = searcher.exhaustionNote ?? "\(searcher.name) has nothing left to propose"
            return
        }
        var trial = MultiFidelityTrial(number: book.trials.count + 1, configuration: configuration)
        trial.jobCount = 1
        book.trials.append(trial)
        observed.append(false)
        do {
            runs.append(try objective.start(configuration))
        } catch {
            runs.append(nil)
            book.trials[trial.number - 1].state = .failed("\(error)")
            endJob(ActiveJob(trial: trial.number, fromEpochs: 0, targetEpochs: epochs, startTime: clock,
                             nextEpochEnds: clock), on: worker, ending: .failed, onJobEnded)
            return
        }
        active[worker] = ActiveJob(trial: trial.number, fromEpochs: 0, targetEpochs: epochs, startTime: clock,
                                   nextEpochEnds: clock + 1)
    }

    private mutating func resume(_ number: Int, to epochs: Int, on worker: Int) throws {
        guard number >= 1, number <= book.trials.count, book[number].state == .paused, runs[number - 1] != nil else {
            var state = number >= 1 && number <= book.trials.count ? book[number].status : "unknown"
            if state.hasPrefix("paused") { state += ", and which it had said it would never resume" }
            throw SearchError.invalidArgument("\(scheduler.name) asked to resume trial \(number), which is \(state)")
        }
        let from = book[number].epochs
        guard epochs > from, epochs <= book.maxResource else {
            throw SearchError.invalidArgument("\(scheduler.name) asked to resume trial \(number) from \(from) to "
                                              + "\(epochs) epochs; allowed: \(from + 1) to \(book.maxResource)")
        }
        book.trials[number - 1].state = .running
        book.trials[number - 1].jobCount += 1
        active[worker] = ActiveJob(trial: number, fromEpochs: from, targetEpochs: epochs, startTime: clock,
                                   nextEpochEnds: clock + 1)
    }

    /// The busy worker whose current epoch ends first; the lowest index on ties.
    private func nextWorker() -> Int? {
        var best: Int?
        for (worker, job) in active.enumerated() {
            guard let job else { continue }
            if best == nil || job.nextEpochEnds < active[best!]!.nextEpochEnds { best = worker }
        }
        return best
    }

    /// Trains one epoch on `worker`, books it, and ends the job if it is over.
    private mutating func advance(_ worker: Int, _ onJobEnded: ((JobRecord, MultiFidelityTrial) -> Void)?) {
        var job = active[worker]!
        clock = job.nextEpochEnds
        let index = job.trial - 1
        let evaluation = objective.advance(runs[index]!)
        cost = cost + evaluation.cost
        book.trials[index].cost = book.trials[index].cost + evaluation.cost
        var ending: JobEnding?
        switch evaluation.outcome {
        case let .score(score):
            book.trials[index].scores.append(score)
            if book[job.trial].epochs >= job.targetEpochs {
                ending = .reachedTarget
                book.trials[index].state = job.targetEpochs == book.maxResource ? .completed : .paused
            } else if !scheduler.shouldContinue(book[job.trial], book) {
                ending = .pruned
                book.trials[index].state = .pruned
            }
        case let .diverged(reason):
            ending = .diverged
            book.trials[index].state = .diverged(reason)
        case let .failed(reason):
            ending = .failed
            book.trials[index].state = .failed(reason)
        }
        recordTrajectory()
        if let ending {
            endJob(job, on: worker, ending: ending, onJobEnded)
        } else {
            job.nextEpochEnds += 1
            active[worker] = job
        }
    }

    private mutating func endJob(_ job: ActiveJob, on worker: Int, ending: JobEnding,
                                 _ onJobEnded: ((JobRecord, MultiFidelityTrial) -> Void)?) {
        active[worker] = nil
        let trial = book[job.trial]
        let record = JobRecord(trial: job.trial, worker: worker, fromEpochs: job.fromEpochs, targetEpochs: job.targetEpochs,
                               reachedEpochs: trial.epochs, startTime: job.startTime, endTime: clock, ending: ending)
        jobs.append(record)
        scheduler.jobEnded(record, book)
        if !observed[job.trial - 1] {
            observed[job.trial - 1] = true
            searcher.observe(trial.searchTrial)
        }
        // Free the networks that will never train again (completed ones are kept, so
        // the incumbent can be scored on held-out data).
        switch trial.state {
        case .pruned, .diverged, .failed: runs[job.trial - 1] = nil
        default: break
        }
        for other in book.trials where other.state == .paused && runs[other.number - 1] != nil {
            if !scheduler.mayResume(other.number) { runs[other.number - 1] = nil }
        }
        onJobEnded?(record, trial)
    }

    /// The epoch budget ran out: running trials stop where they are (paused).
    private mutating func cutRunningJobs() {
        for worker in 0..<workers {
            guard let job = active[worker] else { continue }
            active[worker] = nil
            book.trials[job.trial - 1].state = .paused
            jobs.append(JobRecord(trial: job.trial, worker: worker, fromEpochs: job.fromEpochs,
                                  targetEpochs: job.targetEpochs, reachedEpochs: book[job.trial].epochs,
                                  startTime: job.startTime, endTime: clock, ending: .budgetSpent))
        }
    }

    private mutating func recordTrajectory() {
        let incumbent = book.incumbent
        trajectory.append(MultiFidelityTrajectoryPoint(time: clock, trialsStarted: book.trials.count, cost: cost,
                                                       bestScore: incumbent?.score(afterEpochs: book.maxResource),
                                                       incumbent: incumbent?.number))
    }

    /// The search so far.
    public func result() -> MultiFidelityResult {
        MultiFidelityResult(searcherName: searcher.name, schedulerName: scheduler.name, schedulerSummary: scheduler.summary,
                            objectiveName: objective.name, direction: objective.direction,
                            maxResource: book.maxResource, workers: workers, trials: book.trials,
                            trajectory: trajectory, jobs: jobs, rungs: scheduler.rungs,
                            stopReason: stopReason ?? "still running")
    }
}
