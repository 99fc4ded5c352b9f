// TrainingSession.swift
//
// What this file teaches: what "pause a training run and resume it later" has to carry
// over. Early-stopping tuners (successive halving, Hyperband, ASHA) train a network for
// a few epochs, pause it while other networks train, and resume the promising ones.
// Resuming must continue the *same* run: a network trained 3 epochs, paused, then
// trained 6 more must end bit for bit where 9 epochs in one go end. Otherwise the tuner
// compares something other than what it thinks, and either wastes the epochs already
// trained (retraining from scratch) or counts compute it never spent.
//
// Four things carry over from one epoch to the next:
//
//   1. the weights                        (inside the model's layers)
//   2. the optimizer's state              (Adam's moments m, v and step count t, in
//                                          `model.optimizer`; t sets the bias correction)
//   3. the shuffling generator            (its 256-bit state)
//   4. the row order                      (each epoch shuffles the previous epoch's
//                                          order, not a fresh 0, 1, 2, ...)
//
// The first two live in the `Sequential` object and survive between calls to `fit`.
// The last two are local variables of `fit`, so a second call to `fit` would start
// from a fresh order and draw different mini-batches. A session keeps them: it
// shuffles the rows itself and hands `fit` one epoch of rows already in that order,
// with `fit`'s own shuffling switched off. The tests check that a session paused and
// resumed gives the same history and weights, bit for bit, as one uninterrupted `fit`.

import LabMath

/// A training run that can be advanced a few epochs at a time and paused in between.
///
/// ```swift
/// let session = try TrainingSession(model: model, x: x, y: y, batchSize: 32,
///                                   validationData: (xVal, yVal), rng: SeededGenerator(seed: 7))
/// try session.train(epochs: 3)        // epochs 1-3
/// // ... train other networks, decide this one deserves more ...
/// try session.train(epochs: 6)        // epochs 4-9, exactly as fit(epochs: 9) would have run them
/// session.history.count               // 9 records, numbered 1...9
/// session.cost.samples                // 9 * x.rows training examples
/// ```
///
/// Early stopping inside a session is left to the caller (a scheduler decides when a
/// run stops); divergence ends the session as in `fit`.
public final class TrainingSession {
    /// The network being trained; it holds the weights and the optimizer's state.
    public let model: Sequential
    /// Examples per update, as in `fit`.
    public let batchSize: Int
    /// Reshuffle the rows every epoch (as `fit`'s `shuffle`).
    public let shuffle: Bool
    /// When the run counts as diverged (as in `fit`).
    public let divergence: DivergenceRule
    /// One record per completed epoch since the session began, numbered 1, 2, ...
    /// across pauses; `samplesSeen` and `parameterUpdates` count from the beginning too.
    public private(set) var history: [EpochRecord] = []
    /// Everything the session has cost so far (a diverged epoch counts).
    public private(set) var cost = TrainingCost()
    /// `.completed(epochs:)` with the epochs trained so far, or `.diverged` once the run
    /// has blown up; after that `train` trains nothing more.
    public private(set) var outcome: TrainingOutcome = .completed(epochs: 0)

    private let x: Matrix
    private let y: Matrix
    private let validationData: (x: Matrix, y: Matrix)?
    /// State 3 and 4 of the file comment: the generator and the row order.
    private var rng: SeededGenerator
    private var order: [Int]
    /// The untrained network's loss, the yardstick of the optional divergence factor
    /// (measured once, before the first epoch, as `fit` does).
    private var initialLoss: Double?
    /// The epoch's rows in shuffled order (reused within a call to `train`, emptied
    /// after it: a paused session should not hold a copy of the training data, since a
    /// tuner may keep hundreds of paused sessions).
    private var orderedX: Matrix
    private var orderedY: Matrix

    /// Prepares a run on (x, y); nothing is trained yet.
    ///
    /// - Parameters:
    ///   - model: a compiled model; the session trains it in place.
    ///   - x: `n x inputs`, one example per row; y: `n x outputs` targets.
    ///   - batchSize: examples per update; the last batch of an epoch may be smaller.
    ///   - validationData: scored after every epoch (never trained on).
    ///   - shuffle: reshuffle the rows every epoch.
    ///   - divergence: when the run counts as diverged.
    ///   - rng: the generator for the shuffles; the session keeps its own copy and its
    ///     state carries over between calls to `train`.
    /// - Throws: `ModelError` for an uncompiled model, data of the wrong shape, no rows
    ///   or a batch size below 1.
    public init(model: Sequential, x: Matrix, y: Matrix, batchSize: Int, validationData: (x: Matrix, y: Matrix)? = nil,
                shuffle: Bool = true, divergence: DivergenceRule = .nonFiniteOnly, rng: SeededGenerator) throws {
        try model.checkInput(x)
        try model.checkTargets(y, rows: x.rows)
        guard batchSize >= 1 else { throw ModelError.invalidArgument("batch size must be >= 1, got \(batchSize)") }
        guard x.rows > 0 else { throw ModelError.invalidArgument("no training examples") }
        if let (vx, vy) = validationData {
            try model.checkInput(vx)
            try model.checkTargets(vy, rows: vx.rows)
        }
        self.model = model
        self.x = x
        self.y = y
        self.batchSize = batchSize
        self.validationData = validationData
        self.shuffle = shuffle
        self.divergence = divergence
        self.rng = rng
        self.order = Array(0..<x.rows)
        self.orderedX = Matrix(rows: 0, columns: x.columns)
        self.orderedY = Matrix(rows: 0, columns: y.columns)
    }

    /// Epochs trained so far (including a diverged one).
    public var epochsTrained: Int { cost.epochs }

    /// Trains `epochs` more epochs, or fewer if the run diverges.
    ///
    /// - Parameter onEpoch: called with each new epoch's record.
    /// - Returns: what this call did: its records (numbered from where the session
    ///   was), its cost alone, and the session's outcome afterwards.
    /// - Throws: `ModelError.invalidArgument` for a negative number of epochs.
    /// - Complexity: that of `fit` for the same epochs, plus one copy of the training
    ///   rows per epoch (O(n inputs), small next to the O(n parameters) of training).
    @discardableResult
    public func train(epochs: Int, onEpoch: ((EpochRecord) -> Void)? = nil) throws -> TrainingRun {
        guard epochs >= 0 else { throw ModelError.invalidArgument("epochs must be >= 0, got \(epochs)") }
        var run = TrainingRun(history: [], outcome: outcome, cost: TrainingCost())
        guard outcome.isUsable, epochs > 0 else { return run }
        if divergence.lossIncreaseFactor != nil, initialLoss == nil {
            initialLoss = try model.evaluate(x, y).loss
            run.cost.multiplyAdds += model.forwardMultiplyAdds * x.rows
        }
        for _ in 0..<epochs {
            let epoch = cost.epochs + run.cost.epochs + 1
            // `fit`'s line "shuffle the training rows", done here so the order persists.
            if shuffle { rng.shuffle(&order) }
            orderedX.gatherRows(from: x, at: order[...])
            orderedY.gatherRows(from: y, at: order[...])
            // With shuffle off, `fit` takes the rows as given and draws nothing from
            // its generator; the mini-batches are exactly those of an uninterrupted run.
            var notDrawnFrom = rng
            let one = try model.fit(orderedX, orderedY, epochs: 1, batchSize: batchSize, validationData: validationData,
                                    shuffle: false, rng: &notDrawnFrom)
            run.cost = run.cost + one.cost
            if case let .diverged(_, reason) = one.outcome {
                outcome = .diverged(epoch: epoch, reason: reason)
                break
            }
            var record = one.history[0]
            record.epoch = epoch
            record.samplesSeen = cost.samples + run.cost.samples
            record.parameterUpdates = cost.updates + run.cost.updates
            // The optional factor rule, checked as `fit` checks it, against the loss
            // before the session's first epoch (not before this call).
            if let factor = divergence.lossIncreaseFactor, let initial = initialLoss, record.trainingLoss > factor * initial {
                outcome = .diverged(epoch: epoch, reason: .lossExploded(initial: initial, epochLoss: record.trainingLoss,
                                                                         factor: factor))
                break
            }
            history.append(record)
            run.history.append(record)
            outcome = .completed(epochs: history.count)
            onEpoch?(record)
        }
        cost = cost + run.cost
        run.outcome = outcome
        orderedX = Matrix(rows: 0, columns: x.columns)
        orderedY = Matrix(rows: 0, columns: y.columns)
        return run
    }
}
