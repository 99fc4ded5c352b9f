// Resumable training: a session paused and resumed gives, bit for bit, the history,
// weights, optimizer state and cost of one uninterrupted `fit`; a naive resume (two
// calls to `fit`) does not, which shows the test can fail; divergence ends a session;
// bad arguments are clear errors.

import Testing
import LabData
import LabMath
@testable import TrainingEngine

@Suite("Resumable training sessions")
struct TrainingSessionTests {
    /// Exact equality is the right test here: the same operations on the same numbers
    /// in the same order must give the same bits, and any difference means some state
    /// (order, generator, optimizer) was not carried over.
    @Test(arguments: ["adam", "momentum"])
    func pausedAndResumedEqualsOneUninterruptedFit(_ optimizerName: String) throws {
        let data = try pimaSplit()
        func model() throws -> Sequential {
            var rng = SeededGenerator(seed: 3)
            let model = Sequential([try Dense(10, inputDim: 8, activation: .relu), try Dense(1, activation: .sigmoid)])
            let optimizer: any Optimizer = optimizerName == "adam" ? try Adam(learningRate: 0.01)
                                                                   : try SGD(learningRate: 0.05, momentum: 0.9)
            try model.compile(loss: .binaryCrossEntropy, optimizer: optimizer, metrics: [.accuracy], weightsFrom: &rng)
            return model
        }
        let rule = DivergenceRule(lossIncreaseFactor: 10)
        // Uninterrupted: 7 epochs in one call.
        let reference = try model()
        var rng = SeededGenerator(seed: 4)
        let whole = try reference.fit(data.train.0, data.train.1, epochs: 7, batchSize: 10, validationData: data.validation,
                                      divergence: rule, rng: &rng)
        // Paused after 3 epochs; another network trains meanwhile; then 1 + 3 more.
        let paused = try model()
        let session = try TrainingSession(model: paused, x: data.train.0, y: data.train.1, batchSize: 10,
                                          validationData: data.validation, divergence: rule, rng: SeededGenerator(seed: 4))
        var observed: [Int] = []
        try session.train(epochs: 3) { observed.append($0.epoch) }
        let other = try TrainingSession(model: model(), x: data.train.0, y: data.train.1, batchSize: 32,
                                        rng: SeededGenerator(seed: 9))
        try other.train(epochs: 2)
        let second = try session.train(epochs: 1)
        try session.train(epochs: 3) { observed.append($0.epoch) }
        #expect(observed == [1, 2, 3, 5, 6, 7] && second.history.map(\.epoch) == [4])
        #expect(session.history == whole.history)
        #expect(paused.weightsSnapshot() == reference.weightsSnapshot())
        #expect(session.cost == whole.cost && session.outcome == .completed(epochs: 7))
        #expect(second.cost.epochs == 1 && second.cost.samples == data.train.0.rows)
        if optimizerName == "adam" {
            #expect((paused.optimizer as! Adam).stepCount == whole.cost.updates)
        }
        // The state matters: resuming with a plain second call to `fit` (fresh row order)
        // does not reproduce the uninterrupted run.
        let naive = try model()
        var naiveRng = SeededGenerator(seed: 4)
        try naive.fit(data.train.0, data.train.1, epochs: 3, batchSize: 10, rng: &naiveRng)
        try naive.fit(data.train.0, data.train.1, epochs: 4, batchSize: 10, rng: &naiveRng)
        #expect(naive.weightsSnapshot() != reference.weightsSnapshot())
    }

    @Test func divergenceEndsTheSessionAsItEndsFit() throws {
        let data = try pimaSplit()
        let rule = DivergenceRule(lossIncreaseFactor: 10)
        let reference = try articleNetwork(learningRate: 50, seed: 1)
        var rng = SeededGenerator(seed: 2)
        let whole = try reference.fit(data.train.0, data.train.1, epochs: 10, batchSize: 10, divergence: rule, rng: &rng)
        let session = try TrainingSession(model: articleNetwork(learningRate: 50, seed: 1), x: data.train.0, y: data.train.1,
                                          batchSize: 10, divergence: rule, rng: SeededGenerator(seed: 2))
        let run = try session.train(epochs: 10)
        #expect(!whole.outcome.isUsable && run.outcome == whole.outcome && session.outcome == whole.outcome)
        #expect(session.history == whole.history && session.cost == whole.cost)
        // Nothing more is trained after divergence.
        let after = try session.train(epochs: 5)
        #expect(after.history.isEmpty && after.cost == TrainingCost() && session.cost == whole.cost)
    }

    @Test func badArgumentsAreClearErrors() throws {
        let data = try pimaSplit()
        let rng = SeededGenerator(seed: 1)
        let uncompiled = Sequential([try Dense(3, inputDim: 8)])
        #expect(throws: ModelError.notCompiled) {
            try TrainingSession(model: uncompiled, x: data.train.0, y: data.train.1, batchSize: 10, rng: rng)
        }
        let model = try articleNetwork(seed: 1)
        #expect(throws: ModelError.self) {
            try TrainingSession(model: model, x: data.train.0, y: data.train.1, batchSize: 0, rng: rng)
        }
        #expect(throws: ModelError.self) {
            try TrainingSession(model: model, x: data.train.0, y: Matrix(rows: 3, columns: 1), batchSize: 10, rng: rng)
        }
        #expect(throws: ModelError.self) {
            try TrainingSession(model: model, x: data.train.0, y: data.train.1, batchSize: 10,
                                validationData: (Matrix(rows: 2, columns: 7), Matrix(rows: 2, columns: 1)), rng: rng)
        }
        let session = try TrainingSession(model: model, x: data.train.0, y: data.train.1, batchSize: 10, rng: rng)
        #expect(throws: ModelError.invalidArgument("epochs must be >= 0, got -1")) { try session.train(epochs: -1) }
        #expect(try session.train(epochs: 0).history.isEmpty && session.epochsTrained == 0)
    }
}
