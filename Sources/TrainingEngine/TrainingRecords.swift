// TrainingRecords.swift
//
// What this file teaches: what to write down while a network trains. An experiment you
// cannot inspect afterwards is an experiment you cannot learn from, so every epoch
// leaves a record, and every run reports how it ended and what it cost.

/// What happened in one epoch (one pass over the training data).
public struct EpochRecord: Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// The mean training loss over the epoch's mini-batches, weighted by batch size.
    /// As in Keras, it is a running average while the weights are still changing, so
    /// it is usually a little higher than the loss of the end-of-epoch weights.
    public var trainingLoss: Double
    /// The training metrics (same order as the model's `metrics`), running averages too.
    public var trainingMetrics: [Double]
    /// The loss on the validation data with the end-of-epoch weights, if any was given.
    public var validationLoss: Double?
    /// The validation metrics, if validation data was given.
    public var validationMetrics: [Double]?
    /// The mean over the epoch's updates of the gradient's Euclidean norm
    /// sqrt(sum of squares over all parameters).
    public var gradientNorm: Double
    /// The same mean per layer (in layer order); layers without parameters get 0.
    public var layerGradientNorms: [Double]
    /// The optimizer's learning rate during this epoch.
    public var learningRate: Double
    /// Training examples processed since the start of the run.
    public var samplesSeen: Int
    /// Optimizer updates (mini-batches) since the start of the run.
    public var parameterUpdates: Int
}

/// How a training run ended.
public enum TrainingOutcome: Sendable, Equatable, CustomStringConvertible {
    /// All requested epochs ran.
    case completed(epochs: Int)
    /// Early stopping ended the run after `epoch`; `bestEpoch` had the best monitored value.
    case stoppedEarly(epoch: Int, bestEpoch: Int, restoredBestWeights: Bool)
    /// Training diverged during `epoch` (see `DivergenceReason`).
    case diverged(epoch: Int, reason: DivergenceReason)

    /// True unless the run diverged.
    public var isUsable: Bool {
        if case .diverged = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case let .completed(epochs):
            return "completed \(epochs) epochs"
        case let .stoppedEarly(epoch, best, restored):
            return "stopped early after epoch \(epoch) (best epoch \(best)\(restored ? ", weights restored" : ""))"
        case let .diverged(epoch, reason):
            return "diverged at epoch \(epoch) (\(reason))"
        }
    }
}

/// Why a run counts as diverged.
public enum DivergenceReason: Sendable, Equatable, CustomStringConvertible {
    /// The loss of mini-batch `batch` (1-based, within the epoch) was NaN or infinite.
    case nonFiniteLoss(batch: Int)
    /// The validation loss after the epoch was NaN or infinite.
    case nonFiniteValidationLoss
    /// The epoch's mean training loss exceeded `factor` times the loss before training.
    case lossExploded(initial: Double, epochLoss: Double, factor: Double)
    /// The gradient of mini-batch `batch` had a NaN or infinite component (or its
    /// norm overflowed) while the loss was still finite.
    case nonFiniteGradient(batch: Int)
    /// A weight became NaN or infinite during the epoch.
    case nonFiniteWeights

    public var description: String {
        switch self {
        case let .nonFiniteLoss(batch):
            return "the loss became NaN or infinite at mini-batch \(batch)"
        case .nonFiniteValidationLoss:
            return "the validation loss became NaN or infinite"
        case let .lossExploded(initial, epochLoss, factor):
            return "training loss rose from \(Self.short(initial)) to \(Self.short(epochLoss)), more than "
                + "\(Self.short(factor)) times its starting value"
        case let .nonFiniteGradient(batch):
            return "the gradient became NaN or infinite at mini-batch \(batch)"
        case .nonFiniteWeights:
            return "a weight became NaN or infinite"
        }
    }

    /// Four significant digits, without Foundation (this module does not import it).
    static func short(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return "\(x)" }
        var magnitude = 1.0
        while abs(x) >= magnitude * 10 { magnitude *= 10 }
        while abs(x) < magnitude { magnitude /= 10 }
        let scale = 1000 / magnitude
        let rounded = (x * scale).rounded() / scale
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? "\(Int(rounded))" : "\(rounded)"
    }
}

/// When `fit` stops a run as diverged.
///
/// A loss that becomes NaN or infinite always ends the run. Optionally, a run whose
/// epoch-mean training loss climbs above `lossIncreaseFactor` times the loss of the
/// untrained network counts as diverged too: with Adam, an enormous learning rate
/// rarely produces NaN (each step is bounded by the learning rate) but throws the
/// weights so far that the loss jumps a thousandfold and the units die. Such a run is
/// hopeless, and stopping it early saves the rest of the budget.
public struct DivergenceRule: Sendable, Equatable {
    public var lossIncreaseFactor: Double?

    public init(lossIncreaseFactor: Double? = nil) {
        self.lossIncreaseFactor = lossIncreaseFactor
    }

    /// Throws unless the factor (if any) is a positive finite number: a NaN factor would
    /// never compare true, silently switching the rule off.
    public func validate() throws {
        if let factor = lossIncreaseFactor {
            try require(factor > 0 && factor.isFinite, "DivergenceRule(lossIncreaseFactor: \(factor))",
                        "the factor must be a positive finite number")
        }
    }

    /// Only NaN or infinite losses count (Keras's `TerminateOnNaN`).
    public static let nonFiniteOnly = DivergenceRule()
}

/// The computational cost of a run, in units that do not depend on the machine.
public struct TrainingCost: Sendable, Equatable {
    /// Epochs started (a diverged epoch counts).
    public var epochs: Int = 0
    /// Optimizer updates (mini-batches trained on).
    public var updates: Int = 0
    /// Training examples processed.
    public var samples: Int = 0
    /// An estimate of multiply-adds: per training example, the forward pass plus the
    /// two gradient products of each layer (weights, and input except for the first
    /// layer), each as large as the forward product; plus forward passes on the
    /// validation data. Activations, biases and the optimizer are not counted.
    public var multiplyAdds: Int = 0

    public init() {}

    public static func + (a: TrainingCost, b: TrainingCost) -> TrainingCost {
        var c = TrainingCost()
        c.epochs = a.epochs + b.epochs
        c.updates = a.updates + b.updates
        c.samples = a.samples + b.samples
        c.multiplyAdds = a.multiplyAdds + b.multiplyAdds
        return c
    }
}

/// The quantity early stopping watches.
public enum Monitor: Sendable, Equatable {
    case validationLoss
    case trainingLoss
    /// A validation metric, e.g. `.validationMetric(.accuracy)`.
    case validationMetric(Metric)
}

/// Keras's `EarlyStopping` callback: stop when the monitored value has not improved by
/// more than `minDelta` for `patience` epochs in a row.
public struct EarlyStopping: Sendable, Equatable {
    public var monitor: Monitor
    public var patience: Int
    public var minDelta: Double
    /// Put back the weights of the best epoch when training ends (Keras's
    /// `restore_best_weights`); otherwise the model keeps the last epoch's weights.
    public var restoreBestWeights: Bool

    /// - Throws: `ModelError.invalidArgument` for a negative patience, or a `minDelta`
    ///   that is negative or not finite.
    public init(monitor: Monitor = .validationLoss, patience: Int = 10, minDelta: Double = 0,
                restoreBestWeights: Bool = true) throws {
        self.monitor = monitor
        self.patience = patience
        self.minDelta = minDelta
        self.restoreBestWeights = restoreBestWeights
        try validate()
    }

    /// Throws for a negative patience or a `minDelta` that is negative or not finite
    /// (called by the initialiser and again by `fit`: the fields are variables).
    public func validate() throws {
        try require(patience >= 0, "EarlyStopping(patience: \(patience))", "patience must be at least 0 epochs")
        try require(minDelta >= 0 && minDelta.isFinite, "EarlyStopping(minDelta: \(minDelta))",
                    "minDelta must be a finite number >= 0")
    }
}

/// Everything a call to `fit` produced.
public struct TrainingRun: Sendable {
    /// One record per completed epoch, in order.
    public var history: [EpochRecord]
    public var outcome: TrainingOutcome
    public var cost: TrainingCost

    /// The last completed epoch's record, if any epoch completed.
    public var last: EpochRecord? { history.last }

    /// The epoch (1-based) with the lowest validation loss, if validation data was used.
    public var epochOfLowestValidationLoss: Int? {
        var best: EpochRecord?
        for record in history {
            guard let loss = record.validationLoss, !loss.isNaN else { continue }
            if best == nil || loss < best!.validationLoss! { best = record }
        }
        return best?.epoch
    }
}

extension DivergenceRule {
    /// Whether an epoch whose mean training loss is `epochLoss` has exploded: more than
    /// `lossIncreaseFactor` times `initialLoss`, the loss of the untrained network.
    /// Always false without a factor. `fit` asks this after every epoch; a NaN or
    /// infinite loss is caught earlier, at the mini-batch where it appears.
    ///
    /// The comparison is strict: a loss of exactly 10 times the start is not yet
    /// divergence with factor 10.
    public func lossExploded(epochLoss: Double, initialLoss: Double) -> Bool {
        guard let factor = lossIncreaseFactor else { return false }
        return epochLoss > factor * initialLoss
    }
}
