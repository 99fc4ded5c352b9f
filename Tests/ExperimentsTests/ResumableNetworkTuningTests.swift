// The network as a multi-fidelity objective: a trial paused and resumed by the tuner
// has, bit for bit, the learning curve of one uninterrupted `fit`; successive halving
// and full training agree on every shared epoch; costs count epochs and examples;
// `epochs` in the space is refused; the chosen network is scored on the test rows.

import Testing
import HyperSearch
import LabData
import LabMath
import TrainingEngine
@testable import Experiments

@Suite("Resumable network tuning")
struct ResumableNetworkTuningTests {
    let digits = try! DatasetCatalog.locate()!.load("digits-8x8")

    func tuning(seed: UInt64) throws -> ResumableNetworkTuning {
        let data = try PreparedSplit.classification(digits, validationFraction: 0.2, testFraction: 0.2, seed: seed)
        return ResumableNetworkTuning(data: data, defaults: NetworkSettings(batchSize: 32, hiddenUnits: 16), seed: seed)
    }

    let space = try! SearchSpace([.real("learningRate", low: 1e-4, high: 0.3, scale: .log),
                                  .integer("hiddenUnits", low: 4, high: 64, scale: .log)])

    @Test func aResumedTrialFollowsTheUninterruptedCurve() throws {
        let tuning = try tuning(seed: 5)
        let configuration = try space.configuration(["learningRate": .number(0.003), "hiddenUnits": .number(16)])
        // The objective, paused after 3 epochs (another network trains meanwhile), then 6 more.
        let objective = tuning.objective()
        let run = try objective.start(configuration)
        var scores = (0..<3).map { _ in objective.advance(run).score! }
        let other = try objective.start(try space.configuration(["learningRate": .number(0.1), "hiddenUnits": .number(8)]))
        _ = objective.advance(other)
        let evaluations = (0..<6).map { _ in objective.advance(run) }
        scores += evaluations.map { $0.score! }
        // Uninterrupted: the same network and generator, 9 epochs in one call to fit.
        var rng = SeededGenerator(seed: 5, stream: 300)
        let settings = try NetworkSettings(configuration, defaults: tuning.defaults)
        let model = try tuning.model(settings, rng: &rng)
        let whole = try model.fit(tuning.data.train.x, tuning.data.train.y, epochs: 9, batchSize: 32,
                                  validationData: tuning.data.validation, divergence: DivergenceRule(lossIncreaseFactor: 10),
                                  rng: &rng)
        #expect(scores == whole.history.map { $0.validationMetrics![0] })
        let session = (run as! NetworkTrainingRun).session
        #expect(session.model.weightsSnapshot() == model.weightsSnapshot())
        let rows = tuning.data.train.x.rows
        #expect(evaluations[0].cost == SearchCost(epochs: 1, updates: (rows + 31) / 32, evaluations: 1, examples: rows))
        #expect(scores.last! > 0.85)      // a sane configuration learns the digits
    }

    @Test func successiveHalvingAndFullTrainingAgreeOnSharedEpochs() throws {
        let tuning = try tuning(seed: 6)
        var halving = try MultiFidelityTuner(searcher: RandomSearch(space: space, iterations: 9, seed: 6),
                                             scheduler: SuccessiveHalving(minResource: 1, maxResource: 9, brackets: 1),
                                             objective: tuning.objective(), budget: .epochs(100), workers: 2)
        let halved = try halving.run()
        #expect(halved.totalCost.epochs == 9 + 3 * 2 + 1 * 6)
        var full = try MultiFidelityTuner(searcher: ManualSearch(halved.trials.map(\.configuration)),
                                          scheduler: FullTraining(maxResource: 9), objective: tuning.objective(),
                                          budget: .epochs(100))
        let complete = try full.run()
        for trial in halved.trials {
            #expect(trial.scores == Array(complete.trials[trial.number - 1].scores.prefix(trial.epochs)))
        }
        // The chosen network is scored on the test rows once; the networks stopped at
        // a rung were freed.
        let best = try #require(halved.best)
        let accuracy = try #require(try tuning.testAccuracy(ofTrial: best.number, in: halving))
        #expect(accuracy > 0.5 && accuracy <= 1)
        let stopped = halved.rungs[0].trials.first { !halved.rungs[0].promoted.contains($0) }!
        #expect(try tuning.testAccuracy(ofTrial: stopped, in: halving) == nil)
        #expect(try tuning.testAccuracy(ofTrial: 99, in: halving) == nil)
    }

    @Test func epochsAreTheSchedulersToDecide() throws {
        let tuning = try tuning(seed: 7)
        let withEpochs = try SearchSpace([.categorical("epochs", [5])])
        var tuner = try MultiFidelityTuner(searcher: GridSearch(space: withEpochs, limit: 1), scheduler: FullTraining(maxResource: 3),
                                           objective: tuning.objective(), budget: .epochs(10))
        let result = try tuner.run()
        #expect(result.trials[0].status == "failed: 'epochs' is the resource the scheduler decides; remove it from the search space")
        let divergent = try SearchSpace([.categorical("learningRate", [1e4])])
        var wild = try MultiFidelityTuner(searcher: GridSearch(space: divergent, limit: 1), scheduler: FullTraining(maxResource: 3),
                                          objective: tuning.objective(), budget: .epochs(10))
        let diverged = try wild.run()
        #expect(diverged.trials[0].status.hasPrefix("diverged: diverged at epoch 1"))
    }
}
