// Lesson 5's building blocks: the three structures' sizes, the accuracy the issue asks
// for (CNN and MLP at least 0.95 on the digits' test images with the lesson's default
// settings), and the loss experiments' directions.

import Testing
import HyperSearch
import LabData
import LabMath
import TrainingEngine
@testable import Experiments

@Suite("Model selection", .serialized)
struct ModelSelectionTests {
    let digits = try! DatasetCatalog.locate()!.load("digits-8x8")

    /// Hand-computed: logistic 64*10 + 10 = 650; MLP 64*64 + 64 + 64*10 + 10 = 4810;
    /// CNN 3*3*1*16 + 16 = 160 plus 4*4*16*10 + 10 = 2570, total 2730.
    @Test func structuresHaveTheExpectedSizes() throws {
        var rng = SeededGenerator(seed: 1)
        let counts = try Architecture.allCases.map { a -> Int in
            let m = try a.build(width: a.defaultWidth)
            try m.compile(loss: .categoricalCrossEntropy, optimizer: Adam(), weightsFrom: &rng)
            return m.parameterCount
        }
        #expect(counts == [650, 4810, 2730])
    }

    /// The lesson's defaults: seed 42, 3 folds, Adam lr 0.003, batch 32, 20 epochs,
    /// default widths; trained on all training images, scored on the 359 test images.
    @Test func theCNNAndTheMLPReachNinetyFivePercentOnTheTestImages() throws {
        let setup = try DigitsSetup(digits: digits, folds: 3, seed: 42)
        let recipe = TrainingRecipe(learningRate: 0.003, epochs: 20, batchSize: 32)
        for architecture in [Architecture.cnn, .mlp] {
            let result = try setup.finalTest(architecture, width: architecture.defaultWidth, recipe: recipe)
            print("\(architecture.rawValue): test accuracy \(result.accuracy)")
            #expect(result.accuracy >= 0.95, "\(architecture.rawValue): \(result.accuracy)")
        }
    }

    @Test func crossValidationUsesTheSameFoldsForEveryCandidate() throws {
        let setup = try DigitsSetup(digits: digits, folds: 3, seed: 7)
        let recipe = TrainingRecipe(epochs: 2)
        let a = setup.crossValidate(.logisticRegression, width: 0, recipe: recipe)
        let b = setup.crossValidate(.logisticRegression, width: 0, recipe: recipe)
        #expect(a == b && a.foldScores?.count == 3)
        #expect(setup.training.count + setup.test.count == 1797)
    }

    /// With one target multiplied by 10, the squared-error intercept moves by about the
    /// excess spread over the rows, and the absolute-error model barely moves.
    @Test func oneOutlierMovesSquaredErrorNotAbsoluteError() throws {
        let diabetes = try DatasetCatalog.locate()!.load("diabetes-progression")
        let study = try ModelSelectionStudies.regressionLosses(diabetes, seed: 42, epochs: 200)
        let mse = study.results[0], mae = study.results[1]
        #expect(mse.loss == .meanSquaredError && mae.loss == .meanAbsoluteError)
        let expectedShift = (study.after - study.before) / Double(study.trainingRows)
        #expect(abs((mse.corruptedIntercept - mse.cleanIntercept) - expectedShift) < 0.25 * expectedShift)
        #expect(abs(mae.corruptedTestMAE - mae.cleanTestMAE) < 0.1 * abs(mse.corruptedTestMAE - mse.cleanTestMAE))
    }

    @Test func sigmoidGradientsVanishTowardsTheInput() throws {
        let setup = try DigitsSetup(digits: digits, folds: 3, seed: 42)
        let results = try ModelSelectionStudies.activations(setup, epochs: 1)
        let sigmoid = try #require(results.first { $0.activation == .sigmoid })
        let relu = try #require(results.first { $0.activation == .relu })
        #expect(ModelSelectionReport.firstToLastRatio(sigmoid) < ModelSelectionReport.firstToLastRatio(relu) / 10)
    }
}

@Suite("Digits data checks")
struct DigitsCheckTests {
    let digits = try! DatasetCatalog.locate()!.load("digits-8x8")

    @Test func labelsAndPixelsOutsideTheirRangesAreRefused() throws {
        try DigitsSetup.check(digits)
        var shifted = digits
        shifted.targets = shifted.targets.map { $0 + 1 }          // labels 1 to 10
        #expect(throws: DataError.self) { try DigitsSetup.check(shifted) }
        var bright = digits
        bright.features[3, 5] = 17
        do {
            try DigitsSetup.check(bright)
            Issue.record("a pixel of 17 must be refused")
        } catch {
            #expect("\(error)".contains("data row 4") && "\(error)".contains("column 6"))
        }
    }
}
