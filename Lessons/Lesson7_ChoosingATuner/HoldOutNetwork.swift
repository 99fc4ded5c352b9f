// HoldOutNetwork.swift
//
// What this file teaches: the network problem of the showdown, built so that tuners of
// every kind can be compared at equal compute. The data are split once into training,
// validation and test rows (stratified, the scaler fitted on the training rows). A
// trial trains the first article's network for a fixed number of epochs R and is
// scored on the validation rows; every trial starts from the same seed, so scores
// differ only because configurations do. A search of T trials therefore costs exactly
// T x R epochs, which is the budget an early-stopping tuner gets too. The test rows are
// never seen by a search: they score the network each tuner chose, once, at the end.
// (One validation split instead of cross-validation: early stopping judges one
// learning curve per trial, and k folds would multiply every cost by k.)

import Experiments
import HyperSearch
import LabData
import LabMath
import TrainingEngine

/// The article's network on one train / validation / test split.
struct HoldOutNetwork {
    let data: PreparedSplit
    /// R: the epochs every trial trains.
    let epochs: Int
    /// Seed of the initial weights and shuffles (the same for every trial).
    let seed: UInt64
    /// Batch size and hidden units for configurations that do not set them.
    var defaults = NetworkSettings(batchSize: 16, hiddenUnits: 10)

    /// The network settings of a configuration: learningRate, batchSize and hiddenUnits
    /// when it sets them, `defaults` otherwise; the epochs are R.
    func settings(_ configuration: Configuration) throws -> NetworkSettings {
        var s = defaults
        s.epochs = epochs
        s.learningRate = try configuration.double("learningRate")
        if configuration["batchSize"] != nil { s.batchSize = try configuration.integer("batchSize") }
        if configuration["hiddenUnits"] != nil { s.hiddenUnits = try configuration.integer("hiddenUnits") }
        return s
    }

    /// Trains `configuration` for R epochs on the training rows: the model and its run.
    func train(_ configuration: Configuration) throws -> (model: Sequential, run: TrainingRun) {
        let s = try settings(configuration)
        // Weights first, then the shuffles, from one generator (stream 300 of the seed).
        var rng = SeededGenerator(seed: seed, stream: 300)
        let model = try ArticleNetwork.make(inputs: data.train.x.columns, hiddenUnits: s.hiddenUnits,
                                            learningRate: s.learningRate, rng: &rng)
        let run = try model.fit(data.train.x, data.train.y, epochs: s.epochs, batchSize: s.batchSize,
                                divergence: DivergenceRule(lossIncreaseFactor: 10), rng: &rng)
        return (model, run)
    }

    /// The search objective: validation accuracy after R epochs (maximised).
    func objective() -> Objective {
        Objective(name: "validation accuracy after \(epochs) epochs", direction: .maximize) { configuration in
            let (model, run) = try self.train(configuration)
            let cost = SearchCost(epochs: run.cost.epochs, updates: run.cost.updates)
            guard run.outcome.isUsable else { return .diverged("\(run.outcome)", cost: cost) }
            return .score(try model.evaluate(self.data.validation.x, self.data.validation.y).metrics[0], cost: cost)
        }
    }

    /// The test accuracy of `configuration` trained as in the search (the same seed gives
    /// the same network), or nil if its training diverged.
    func testAccuracy(_ configuration: Configuration) throws -> Double? {
        let (model, run) = try train(configuration)
        guard run.outcome.isUsable else { return nil }
        return try model.evaluate(data.test.x, data.test.y).metrics[0]
    }
}
