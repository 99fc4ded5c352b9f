// The network objective used by the search lessons: preprocessing sees only each
// fold's training rows, scores are deterministic, settings are read from
// configurations, and refitting scores the test rows.

import Testing
import HyperSearch
import LabData
import LabMath
@testable import Experiments

@Suite("Network tuning")
struct NetworkTuningTests {
    let pima = try! DatasetCatalog.locate()!.load("pima-diabetes")

    @Test func preprocessingNeverSeesTheValidationFold() throws {
        let tuning = try NetworkTuning(dataset: pima, folds: 5, seed: 1)
        let fold = tuning.crossValidation.folds[2]
        let prepared = try FoldData.prepare(tuning.training, fold)
        // The scaler's means are exactly the means over the fold's training rows ...
        let trainRows = tuning.training.subset(fold.trainIndices).features
        for j in 0..<trainRows.columns {
            #expect(prepared.scaler.means[j] == Statistics.mean(trainRows.column(j)))
        }
        // ... and do not move when the validation rows change, however wildly.
        var poisoned = tuning.training
        for row in fold.validationIndices {
            for j in 0..<poisoned.featureCount { poisoned.features[row, j] = 1e6 }
        }
        #expect(try FoldData.prepare(poisoned, fold).scaler == prepared.scaler)
        #expect(prepared.validation.x.rows == fold.validationIndices.count)
    }

    @Test func theTestRowsAreHeldOutOfEveryFold() throws {
        let tuning = try NetworkTuning(dataset: pima, testFraction: 0.2, folds: 5, seed: 2)
        #expect(tuning.training.count + tuning.test.count == 768)
        #expect(tuning.test.count == 154)
        let validated = tuning.crossValidation.folds.flatMap(\.validationIndices).sorted()
        #expect(validated == Array(0..<tuning.training.count))
    }

    @Test func objectiveIsDeterministicAndReadsSettings() throws {
        let tuning = try NetworkTuning(dataset: pima, folds: 3, defaults: NetworkSettings(epochs: 5), seed: 3)
        let space = try SearchSpace([.categorical("learningRate", [0.01]), .categorical("batchSize", [32])])
        let configuration = space.configuration(atIndex: 0)
        let settings = try tuning.settings(from: configuration)
        #expect(settings == NetworkSettings(learningRate: 0.01, batchSize: 32, epochs: 5, hiddenUnits: 10))
        let objective = tuning.objective()
        let a = objective.evaluate(configuration), b = objective.evaluate(configuration)
        #expect(a == b)
        #expect(a.foldScores?.count == 3 && a.score! > 0.6)
        #expect(a.cost.epochs == 15 && a.cost.evaluations == 3)
        let bad = try SearchSpace([.categorical("batchSize", [0])])
        #expect(throws: SearchError.self) { try tuning.settings(from: bad.configuration(atIndex: 0)) }
        #expect(objective.evaluate(try bad.configuration(["batchSize": .number(0)])).score == nil)
    }

    @Test func aDivergingConfigurationIsRecordedNotFatal() throws {
        let tuning = try NetworkTuning(dataset: pima, folds: 3, defaults: NetworkSettings(epochs: 3), seed: 4)
        let space = try SearchSpace([.categorical("learningRate", [50])])
        let evaluation = tuning.objective().evaluate(space.configuration(atIndex: 0))
        guard case let .diverged(reason) = evaluation.outcome else {
            Issue.record("expected divergence, got \(evaluation.outcome)")
            return
        }
        #expect(reason.hasPrefix("fold 1: diverged at epoch 1"))
    }

    @Test func refitScoresTheTestSetOnce() throws {
        let tuning = try NetworkTuning(dataset: pima, seed: 5)
        let refit = try tuning.refitAndTest(NetworkSettings(learningRate: 0.001, batchSize: 10, epochs: 50))
        #expect(refit.run.history.count == 50)
        #expect(refit.testAccuracy > 0.65 && refit.testAccuracy <= 1)
    }
}
