// ResumableNetworkTuning.swift
//
// What this file teaches: how to hand a real network to an early-stopping tuner. Each
// trial is one network trained on the training rows; after every epoch it is scored
// on the validation rows (its learning curve); when a scheduler pauses it, the network,
// Adam's state and the shuffling generator wait in a `TrainingSession`, and a promotion
// continues that same run. The test rows are touched once, after the search, to score
// the network the search chose.
//
// Unlike `NetworkTuning`, there is no cross-validation: a curve per fold would cost k
// times the epochs at every rung, and early stopping is about spending fewer epochs.
// Every configuration starts from the same seed, so differences between trials come
// from the configurations, not from luck in the initial weights.

import HyperSearch
import LabData
import LabMath
import TrainingEngine

extension NetworkSettings {
    /// The settings a configuration stands for: `learningRate`, `batchSize`, `epochs`
    /// and `hiddenUnits` are read if present, the rest come from `defaults`.
    /// - Throws: `SearchError` for a value of the wrong type or out of range.
    public init(_ configuration: Configuration, defaults: NetworkSettings) throws {
        self = defaults
        if configuration["learningRate"] != nil { learningRate = try configuration.double("learningRate") }
        if configuration["batchSize"] != nil { batchSize = try configuration.integer("batchSize") }
        if configuration["epochs"] != nil { epochs = try configuration.integer("epochs") }
        if configuration["hiddenUnits"] != nil { hiddenUnits = try configuration.integer("hiddenUnits") }
        guard learningRate > 0, batchSize >= 1, epochs >= 1, hiddenUnits >= 1 else {
            throw SearchError.invalidArgument("invalid network settings: \(self)")
        }
    }
}

/// One trial: a network trained one epoch per `advance()`, scored on the validation rows.
public final class NetworkTrainingRun: ResumableRun {
    public let settings: NetworkSettings
    /// The paused or running training (model, optimizer state, generator, row order).
    public let session: TrainingSession

    init(settings: NetworkSettings, session: TrainingSession) {
        self.settings = settings
        self.session = session
    }

    /// One more epoch; the score is the validation accuracy after it.
    public func advance() throws -> Evaluation {
        let run = try session.train(epochs: 1)
        let cost = SearchCost(epochs: run.cost.epochs, updates: run.cost.updates, evaluations: 1,
                              examples: run.cost.samples)
        guard run.outcome.isUsable, let record = run.history.last, let metrics = record.validationMetrics else {
            return .diverged("\(run.outcome)", cost: cost)
        }
        return .score(metrics[0], cost: cost)
    }
}

/// A classification dataset's network (Dense(hiddenUnits, relu) -> sigmoid or softmax,
/// Adam) as a multi-fidelity objective: validation accuracy after every epoch.
///
/// ```swift
/// let data = try PreparedSplit.classification(digits, validationFraction: 0.2, testFraction: 0.2, seed: 1)
/// let tuning = ResumableNetworkTuning(data: data, seed: 1)
/// var tuner = try MultiFidelityTuner(searcher: random, scheduler: Hyperband(minResource: 1, maxResource: 27),
///                                    objective: tuning.objective(), budget: .epochs(400))
/// let result = try tuner.run()
/// try tuning.testAccuracy(ofTrial: result.best!.number, in: tuner)
/// ```
public struct ResumableNetworkTuning {
    public let data: PreparedSplit
    /// Values for hyperparameters the configuration does not set.
    public let defaults: NetworkSettings
    /// Seed of every trial's initial weights and shuffles.
    public let seed: UInt64

    public init(data: PreparedSplit, defaults: NetworkSettings = NetworkSettings(), seed: UInt64) {
        self.data = data
        self.defaults = defaults
        self.seed = seed
    }

    /// The compiled network for `settings`: one output with sigmoid and binary
    /// cross-entropy for two classes (the first article's network), one per class with
    /// softmax and categorical cross-entropy for more.
    public func model(_ settings: NetworkSettings, rng: inout SeededGenerator) throws -> Sequential {
        let binary = data.classCount == 2
        let model = Sequential([try Dense(settings.hiddenUnits, inputDim: data.train.x.columns, activation: .relu),
                                try Dense(binary ? 1 : data.classCount, activation: binary ? .sigmoid : .softmax)])
        try model.compile(loss: binary ? .binaryCrossEntropy : .categoricalCrossEntropy,
                          optimizer: try Adam(learningRate: settings.learningRate), metrics: [.accuracy],
                          weightsFrom: &rng)
        return model
    }

    /// Starts the training of `configuration` (nothing trained yet).
    /// - Throws: `SearchError.invalidArgument` when the configuration sets `epochs`
    ///   (the scheduler decides them) or has invalid settings.
    public func start(_ configuration: Configuration) throws -> NetworkTrainingRun {
        guard configuration["epochs"] == nil else {
            throw SearchError.invalidArgument("'epochs' is the resource the scheduler decides; "
                                              + "remove it from the search space")
        }
        let settings = try NetworkSettings(configuration, defaults: defaults)
        // Weights first, then the shuffles, from one generator: the same draws as
        // `model.fit(..., rng: &rng)` right after compiling.
        var rng = SeededGenerator(seed: seed, stream: 300)
        let model = try model(settings, rng: &rng)
        let session = try TrainingSession(model: model, x: data.train.x, y: data.train.y, batchSize: settings.batchSize,
                                          validationData: data.validation,
                                          divergence: DivergenceRule(lossIncreaseFactor: 10), rng: rng)
        return NetworkTrainingRun(settings: settings, session: session)
    }

    /// The search objective: validation accuracy after every epoch (maximised).
    public func objective() -> MultiFidelityObjective {
        MultiFidelityObjective(name: "validation accuracy", direction: .maximize) { configuration in
            try self.start(configuration)
        }
    }

    /// The accuracy on the test rows of trial `number`'s network as it stands, or nil
    /// when the tuner no longer holds it (pruned, diverged or failed trials).
    public func testAccuracy(ofTrial number: Int, in tuner: MultiFidelityTuner) throws -> Double? {
        guard let run = tuner.resumableRun(ofTrial: number) as? NetworkTrainingRun else { return nil }
        return try run.session.model.evaluate(data.test.x, data.test.y).metrics[0]
    }
}
