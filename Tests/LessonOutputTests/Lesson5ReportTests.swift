// Lesson 5's own files, tested through `@testable import` of the lesson's executable:
// the data checks made before step 1, the shared training of every candidate (sizes,
// the same folds, the accuracy the lesson's defaults reach), the loss and activation
// experiments' directions, and the reports' sentences: fold-by-fold verdicts, ties
// called ties, the gap between cross-validation and the test set judged by standard
// errors. Hand-computed numbers say how they were computed.

import Foundation
import HyperSearch
import LabData
import LabMath
import Testing
@testable import TrainingEngine
@testable import Lesson5_ModelSelection

/// The lesson's three structures at their default sizes (main.swift defines them the
/// same way, in the cell the student reads).
enum TestStructures {
    static func logisticRegression() throws -> Sequential { try Sequential([Dense(10, inputDim: 64, activation: .softmax)]) }
    static func mlp(_ units: Int = 64) throws -> Sequential {
        try Sequential([Dense(units, inputDim: 64, activation: .relu), Dense(10, activation: .softmax)])
    }
    static func cnn(_ filters: Int = 16) throws -> Sequential {
        try Sequential([Conv2D(filters, kernelSize: (3, 3), padding: .same, activation: .relu, inputShape: TensorShape(8, 8, 1)),
                        MaxPooling2D(poolSize: (2, 2)), Flatten(), Dense(10, activation: .softmax)])
    }
}

@Suite("Lesson 5's training and data", .serialized)
struct Lesson5TrainingTests {
    let digits = try! DatasetCatalog.locate()!.load("digits-8x8")

    /// Hand-computed: logistic 64*10 + 10 = 650; MLP 64*64 + 64 + 64*10 + 10 = 4810;
    /// CNN 3*3*1*16 + 16 = 160 plus 4*4*16*10 + 10 = 2570, total 2730. Training
    /// multiply-adds: the first layer's forward twice, every later layer's three times
    /// (forward, weight gradient, input gradient): CNN 2 * 8*8*9*16 + 3 * 256*10 = 26,112.
    @Test func structuresHaveTheExpectedSizes() throws {
        let costs = try [TestStructures.logisticRegression(), TestStructures.mlp(), TestStructures.cnn()]
            .map { try DigitsSetup.cost(of: $0) }
        #expect(costs.map(\.parameters) == [650, 4810, 2730])
        #expect(costs.map(\.multiplyAdds) == [1280, 10_112, 26_112])
        let cnn = Structure("CNN", size: "filters", defaultSize: 16, sizes: 4...32) { try TestStructures.cnn($0) }
        #expect(try cnn.cost(size: 16).parameters == 2730 && cnn.label(size: 20) == "CNN (20 filters)")
        let configuration = try Configuration(names: ["learningRate"], values: [.number(0.01)])
        #expect(try cnn.size(in: configuration) == 16)
    }

    /// The lesson's defaults: seed 42, Adam lr 0.003, batch 32, 20 epochs, default
    /// sizes; trained on all training images, scored on the 359 test images.
    @Test func theCNNAndTheMLPReachNinetyFivePercentOnTheTestImages() throws {
        let setup = try DigitsSetup(digits: digits, folds: 3, seed: 42)
        let recipe = TrainingRecipe(learningRate: 0.003, epochs: 20, batchSize: 32)
        let builds: [(String, () throws -> Sequential)] = [("CNN", { try TestStructures.cnn() }),
                                                           ("MLP", { try TestStructures.mlp() })]
        for (name, build) in builds {
            let result = try setup.finalTest(recipe: recipe, build: build)
            #expect(result.accuracy >= 0.95, "\(name): \(result.accuracy)")
            #expect(Double(result.correct) / Double(setup.test.count) == result.accuracy)
        }
    }

    @Test func crossValidationUsesTheSameFoldsForEveryCandidate() throws {
        let setup = try DigitsSetup(digits: digits, folds: 3, seed: 7)
        let recipe = TrainingRecipe(epochs: 2)
        let a = setup.crossValidate(recipe: recipe, build: TestStructures.logisticRegression)
        let b = setup.crossValidate(recipe: recipe, build: TestStructures.logisticRegression)
        #expect(a == b && a.foldScores?.count == 3)
        #expect(setup.training.count + setup.test.count == 1797)
        // Scoring once after training gives the accuracy the per-epoch curve ends on.
        let plain = try setup.trainFold(recipe: recipe, fold: 1, build: TestStructures.logisticRegression)
        let curve = try setup.trainFold(recipe: recipe, fold: 1, curves: true, build: TestStructures.logisticRegression)
        #expect(plain.run.history.last?.validationMetrics == nil)
        #expect(curve.run.history.last?.validationMetrics?[0] == plain.accuracy && curve.accuracy == plain.accuracy)
    }

    /// With the largest target multiplied by 10 or 100, the squared-error intercept
    /// moves by about the excess spread over the rows (the converged value), and the
    /// absolute-error model does not move at all: its gradient sees only signs.
    @Test func oneOutlierMovesSquaredErrorNotAbsoluteError() throws {
        let diabetes = try RegressionStudy.load(from: DatasetCatalog.locate(), typo: 10)
        let study = try RegressionStudy(diabetes, seed: 42)
        let row = study.largestTargetRow
        #expect(study.targets[row] == study.targets.max())
        for factor in [10.0, 100.0] {
            var typed = study.targets
            typed[row] *= factor
            let expected = StudyReport.expectedShift(before: study.targets[row], after: typed[row],
                                                     trainingRows: study.trainingRows)
            let mseClean = try study.fit(.meanSquaredError, targets: study.targets, epochs: 1000, learningRate: 0.3)
            let mseTyped = try study.fit(.meanSquaredError, targets: typed, epochs: 1000, learningRate: 0.3)
            #expect(StudyReport.shiftIsAsExpected(mseTyped.intercept - mseClean.intercept, expected: expected),
                    "factor \(factor): \(mseTyped.intercept - mseClean.intercept) against \(expected)")
            let maeClean = try study.fit(.meanAbsoluteError, targets: study.targets, epochs: 1000, learningRate: 0.3)
            let maeTyped = try study.fit(.meanAbsoluteError, targets: typed, epochs: 1000, learningRate: 0.3)
            #expect(maeTyped.intercept == maeClean.intercept && maeTyped.testMAE == maeClean.testMAE)
        }
    }

    @Test func sigmoidGradientsVanishTowardsTheInput() throws {
        let setup = try DigitsSetup(digits: digits, folds: 3, seed: 42)
        func deep(_ activation: Activation) throws -> Sequential {
            try Sequential([Dense(32, inputDim: 64, activation: activation), Dense(32, activation: activation),
                            Dense(32, activation: activation), Dense(32, activation: activation),
                            Dense(10, activation: .softmax)])
        }
        let runs = try [Activation.sigmoid, .relu].map { activation in
            let fold = try setup.trainFold(recipe: TrainingRecipe(learningRate: 0.001, epochs: 1), fold: 0) {
                try deep(activation)
            }
            return ActivationRun(activation: activation, run: fold.run, validationAccuracy: fold.accuracy)
        }
        #expect(runs[0].firstEpochLayerNorms.count == 5)
        #expect(runs[0].firstToLastRatio < runs[1].firstToLastRatio / 10)
        let table = StudyReport.activationTable(runs)
        #expect(table.contains("1 (input side)") && table.contains("5 (output)") && table.contains("layer 1 / 5"))
    }

    @Test func labelsPixelsAndClassesAreCheckedBeforeTraining() throws {
        try DigitsSetup.check(digits, folds: 3)
        var shifted = digits
        shifted.targets = shifted.targets.map { $0 + 1 }          // labels 1 to 10
        #expect(throws: DataError.self) { try DigitsSetup.check(shifted, folds: 3) }
        var bright = digits
        bright.features[3, 5] = 17
        let pixel = #expect(throws: DataError.self) { try DigitsSetup.check(bright, folds: 3) }
        #expect("\(pixel!)".contains("data row 4") && "\(pixel!)".contains("column 6"))
        // One class only: every model that answers it would score 1.000.
        let threes = digits.subset(digits.targets.indices.filter { digits.targets[$0] == 3 })
        let single = #expect(throws: DataError.self) { try DigitsSetup.check(threes, folds: 3) }
        #expect("\(single!)".contains("every row has label 3") && "\(single!)".contains("at least two classes"))
        // A class with fewer rows than the folds need: 5 rows of 7, 6 needed with 3 folds.
        let sevens = digits.targets.indices.filter { digits.targets[$0] == 7 }
        let others = digits.targets.indices.filter { digits.targets[$0] != 7 }
        let thin = digits.subset(others + sevens.prefix(5))
        let few = #expect(throws: DataError.self) { try DigitsSetup.check(thin, folds: 3) }
        #expect("\(few!)".contains("5 rows of class 7") && "\(few!)".contains("at least 6"))
        try DigitsSetup.check(thin, folds: 2)                       // 5 are enough for 2 folds
    }

    @Test func aMissingRegressionFileIsFoundBeforeStepOne() throws {
        let noCatalog = #expect(throws: DataError.self) { try RegressionStudy.load(from: nil, typo: 10) }
        #expect("\(noCatalog!)".contains("diabetes-progression.csv"))
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("tuninglab-l5-\(getpid())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let missing = #expect(throws: DataError.self) { try RegressionStudy.load(from: DatasetCatalog(directory: empty.path), typo: 10) }
        #expect("\(missing!)".contains("diabetes-progression.csv: no such file"))
    }
}

@Suite("Lesson 5's report")
struct Lesson5ReportTests {
    func row(_ name: String, folds: [Double], learningRate: Double? = nil, multiplyAdds: Int = 1) -> ModelSelectionReport.Row {
        ModelSelectionReport.Row(name: name, learningRate: learningRate, parameters: 1, multiplyAddsPerExample: multiplyAdds,
                                 evaluation: Evaluation(outcome: .score(Statistics.mean(folds)), foldScores: folds))
    }

    @Test func theLeadIsJudgedFoldByFold() throws {
        // Differences 0.02, 0.01, 0.03, 0.02: mean 0.02, sample standard deviation
        // 0.0081650, standard error 0.0040825, t = 4.899 (Python's statistics.stdev),
        // above t_{0.975, 3} = 3.18: clear.
        let a = row("A", folds: [0.80, 0.76, 0.83, 0.77]), b = row("B", folds: [0.78, 0.75, 0.80, 0.75])
        let comparison = try #require(ModelSelectionReport.comparisons([b, a]).first)
        #expect(comparison.best == "A" && comparison.other == "B" && comparison.foldsAhead == 4)
        #expect(abs(comparison.lead - 0.02) < 1e-12 && abs(comparison.standardError! - 0.0040824829) < 1e-9)
        #expect(abs(comparison.t! - 4.8989795) < 1e-6 && comparison.criticalT == 3.182446 && comparison.isClear)
        // The same mean lead, but one fold reversed: 0.06, -0.03, 0.03, 0.01.
        let c = row("C", folds: [0.74, 0.79, 0.80, 0.76])
        let noisy = try #require(ModelSelectionReport.comparisons([a, c]).first)
        #expect(abs(noisy.lead - 0.0175) < 1e-12 && !noisy.isClear)
        let story = ModelSelectionReport.structureStory([a, b, c], comparisons: ModelSelectionReport.comparisons([a, b, c]),
                                                        folds: 4, explain: true)
        #expect(story.contains("Clearly ahead of the B")
                && story.contains("Against the C: inconclusive (t not above 3.18); on these folds the lead could be"))
        #expect(story.contains("when t exceeds 3.18") && story.contains("4 - 1 = 3 degrees of freedom"))
        // Ahead on all 4 folds: the sign test's p is 2 / 2^4 = 0.125, never below 0.05.
        #expect(story.contains("even 4 to 0, as against the B, has sign-test p = 0.125; the t-test also weighs"))
        let table = ModelSelectionReport.comparisonTable(ModelSelectionReport.comparisons([a, b, c]))
        #expect(table.contains("+0.0200  +.020 +.010 +.030 +.020  0.0041  4.90  clear") && table.contains("inconclusive"))
    }

    /// --quick --seed 2, step 5: "logistic regression vs." over a 4-decimal lead made
    /// the table 81 columns wide; 3 folds (the default run) would make it 82.
    @Test func aLongBestNameKeepsTheComparisonTableWithin80Columns() throws {
        let rows = [row("logistic regression", folds: [0.900, 0.905, 0.910]),
                    row("MLP", folds: [0.850, 0.802, 0.770]), row("CNN", folds: [0.803, 0.802, 0.807])]
        let table = ModelSelectionReport.comparisonTable(ModelSelectionReport.comparisons(rows))
        for line in table.split(separator: "\n") { #expect(line.count <= 80, "\(line.count): \(line)") }
        #expect(table.contains("logistic regression vs. each model below:") && table.contains("+.097 +.103 +.103")
                && table.contains("inconclusive"))
        // A short best name keeps the one-line heading.
        let short = ModelSelectionReport.comparisonTable(ModelSelectionReport.comparisons(Array(rows.dropFirst())))
        #expect(short.hasPrefix("  MLP vs.") && !short.contains("each model below"))
    }

    /// The review's cases: leads of more than two standard errors that a paired t-test
    /// with k - 1 degrees of freedom does not call significant. p-values from
    /// scipy.stats.t.sf(t, df) * 2.
    @Test func twoStandardErrorsAreNotEnoughWithFewFolds() throws {
        // --quick, 2 folds, MLP vs CNN: differences 0.045 and 0.017, lead 0.031,
        // s.e. 0.014, t = 2.21 (p = 0.27 with 1 degree of freedom): it was "clear".
        let two = ModelSelectionReport.FoldComparison(best: "MLP", other: "CNN", differences: [0.045, 0.017])
        #expect(two.lead > 2 * two.standardError! && abs(two.t! - 2.2142857) < 1e-6 && !two.isClear)
        #expect(two.criticalT == 12.706205)
        // 3 folds with t just below and just above the bar t_{0.975, 2} = 4.30:
        // differences 0.010, 0.012, d: t = mean / (sd / sqrt(3)).
        func three(_ d: Double) -> ModelSelectionReport.FoldComparison {
            .init(best: "A", other: "B", differences: [0.010, 0.012, d])
        }
        // d = 0.018: mean 0.013333, sd 0.0041633, t = 5.547 (p = 0.031): clear.
        // d = 0.021: mean 0.014333, sd 0.0058595, t = 4.237 (p = 0.051): inconclusive,
        // although 0.014333 is 4.2 standard errors (clear by the old 2-s.e. rule).
        #expect(three(0.018).isClear && !three(0.021).isClear)
        #expect(abs(three(0.021).t! - 4.2368) < 1e-3)
        // Every fold the same nonzero lead: t is infinite, clear; all zero: a tie.
        let same = ModelSelectionReport.FoldComparison(best: "A", other: "B", differences: [0.01, 0.01, 0.01])
        let tie = ModelSelectionReport.FoldComparison(best: "A", other: "B", differences: [0, 0, 0])
        #expect(same.isClear && !tie.isClear && tie.t == 0)
        // Polish #5 (--quick --seed 14: "inf  clear" with no word why): the table says why.
        let table = ModelSelectionReport.comparisonTable([same, tie])
        let flat = table.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("inf clear") && flat.contains("t = inf against the B: its 3 fold differences are equal "
                                                            + "(+0.010 on every fold), so their s.e. is 0"))
        #expect(table.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(!ModelSelectionReport.comparisonTable([tie]).contains("t = inf"))
        // One fold: no standard error, never clear.
        #expect(!ModelSelectionReport.FoldComparison(best: "A", other: "B", differences: [0.5]).isClear)
        // The two-fold rule is stated with its own bar.
        #expect(ModelSelectionReport.clearRule(folds: 2).contains("when t exceeds 12.71")
                && ModelSelectionReport.clearRule(folds: 2).contains("2 - 1 = 1 degree of freedom"))
    }

    /// t's table against an independent computation: Student's t density integrated
    /// numerically (Simpson's rule, 20,000 intervals) from 0 to the table's value
    /// holds 0.475 of the mass, half of the central 95%.
    @Test func theCriticalValuesLeaveFivePercentInTheTails() {
        for df in 1...10 {
            let bar = StudentT.twoSidedCriticalValue5Percent(degreesOfFreedom: df)!
            let nu = Double(df)
            let constant = exp(lgamma((nu + 1) / 2) - lgamma(nu / 2)) / (nu * Double.pi).squareRoot()
            func density(_ t: Double) -> Double { constant * pow(1 + t * t / nu, -(nu + 1) / 2) }
            let n = 20_000, h = bar / Double(n)
            var sum = density(0) + density(bar)
            for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * density(Double(i) * h) }
            #expect(abs(sum * h / 3 - 0.475) < 1e-6, "df \(df)")
        }
        #expect(StudentT.twoSidedCriticalValue5Percent(degreesOfFreedom: 0) == nil)
        #expect(StudentT.twoSidedCriticalValue5Percent(degreesOfFreedom: 40) == 2.228139)   // conservative
    }

    /// A fold difference that rounds to zero has no sign but keeps its column.
    @Test func aZeroDifferenceKeepsTheColumn() {
        #expect(ModelSelectionReport.shortSigned(0) == " .000" && ModelSelectionReport.shortSigned(-0.0002) == " .000")
        #expect(ModelSelectionReport.shortSigned(0.012) == "+.012" && ModelSelectionReport.shortSigned(-0.004) == "-.004")
        let table = ModelSelectionReport.comparisonTable([.init(best: "CNN", other: "MLP", differences: [0, 0.002, 0.008]),
                                                          .init(best: "CNN", other: "LR", differences: [0.031, 0.024, 0.019])])
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[2].contains(" .000 +.002 +.008") && lines[3].contains("+.031 +.024 +.019"))
        func column(_ text: String, in line: String) -> Int? {
            line.range(of: text).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        }
        #expect(column("+.002", in: lines[2]) != nil && column("+.002", in: lines[2]) == column("+.024", in: lines[3]))
    }

    @Test func tiesAreCalledTies() {
        let rows = [row("logistic regression", folds: [0.98, 0.99]), row("MLP", folds: [0.97, 0.99]),
                    row("CNN", folds: [0.98, 0.99])]
        #expect(ModelSelectionReport.tiedForBest(rows) == ["logistic regression", "CNN"])
        let story = ModelSelectionReport.structureStory(rows, comparisons: ModelSelectionReport.comparisons(rows), folds: 2,
                                                        explain: false)
        #expect(story.hasPrefix("The logistic regression and the CNN tie for the best cross-validated accuracy, 0.985"))
        #expect(ModelSelectionReport.order([("a", 0.9761), ("b", 0.9619), ("c", 0.9758), ("d", .nan)])
                == "a 0.976 = c 0.976 > b 0.962 > d nan")
    }

    /// The issue's run (--epochs 40): logistic regression and CNN both 354/359, the
    /// MLP 353; cross-validation had chosen the CNN.
    @Test func aTestTieIsNotReportedAsAWinner() {
        func score(_ name: String, _ cv: Double, _ correct: Int) -> ChoiceReport.TestScore {
            .init(name: name, crossValidated: cv, accuracy: Double(correct) / 359, correct: correct)
        }
        let tests = [score("logistic regression", 0.957, 354), score("MLP", 0.979, 353), score("CNN", 0.983, 354)]
        #expect(ChoiceReport.bestOnTest(tests) == ["logistic regression", "CNN"])
        let story = ChoiceReport.finalStory(chosen: ["CNN"], chosenCV: 0.983, inconclusiveAgainst: ["MLP"], tests: tests,
                                            trainingRows: 1438, testRows: 359)
        #expect(story.contains("the logistic regression and the CNN tie, with the same number of images right"))
        #expect(!story.contains("scored highest") && story.contains("(354/359)") && story.contains("these folds do not confirm the choice"))
        let elsewhere = ChoiceReport.finalStory(chosen: ["MLP"], chosenCV: 0.983, inconclusiveAgainst: [], tests: tests,
                                                trainingRows: 1438, testRows: 359)
        #expect(elsewhere.contains("tie for the most images right") && elsewhere.contains("0.28 percentage points"))
        let cvTie = ChoiceReport.finalStory(chosen: ["MLP", "CNN"], chosenCV: 0.983, inconclusiveAgainst: [], tests: tests,
                                            trainingRows: 1438, testRows: 359)
        #expect(cvTie.hasPrefix("Cross-validation cannot separate the MLP and the CNN (both 0.983 as printed"))
    }

    /// The default run's logistic regression: CV 0.957, test 353/359 = 0.98329.
    /// sqrt(p (1 - p) / 359) = 0.006766, sqrt(q (1 - q) / 1438) = 0.005349, together
    /// 0.008625; the gap 0.02629 is 3.05 of those (computed with Python's math.sqrt).
    /// The CNN's gap, 356/359 - 0.982 = 0.0096, is below its two standard errors, 0.0119.
    @Test func aGapBetweenCrossValidationAndTestIsJudgedByStandardErrors() throws {
        let tests = [ChoiceReport.TestScore(name: "logistic regression", crossValidated: 0.957, accuracy: 353.0 / 359,
                                            correct: 353),
                     ChoiceReport.TestScore(name: "CNN", crossValidated: 0.982, accuracy: 356.0 / 359, correct: 356)]
        let note = try #require(ChoiceReport.crossValidationToTestNote(tests, trainingRows: 1438, testRows: 359,
                                                                        foldTrainingRows: [958, 959, 959], batchSize: 32,
                                                                        trials: 4))
        #expect(note.contains("0.007 for the test accuracy") && note.contains("about 0.005 for the CV mean"))
        #expect(note.contains("= 0.009, and +0.026 is 3.0 of those"))
        #expect(note.contains("958 to 959 images") && note.contains("30 updates per epoch")
                && note.contains("45 updates per epoch"))
        #expect(note.contains("For the CNN (+0.010) the gap is within two standard errors"))
        #expect(ChoiceReport.crossValidationToTestNote(Array(tests.dropFirst()), trainingRows: 1438, testRows: 359,
                                                       foldTrainingRows: [958, 959, 959], batchSize: 32, trials: 4) == nil)
    }

    @Test func rangeEdgesAreNamed() throws {
        let rows = [row("MLP", folds: [0.9], learningRate: 0.029), row("CNN", folds: [0.9], learningRate: 0.003)]
        let note = try #require(ModelSelectionReport.rangeEdgeNote(rows, range: 3e-4...0.03))
        #expect(note.contains("the MLP (0.029) at the top end") && !note.contains("CNN"))
        #expect(ModelSelectionReport.rangeEdgeNote(Array(rows.dropFirst()), range: 3e-4...0.03) == nil)
    }

    /// Validation accuracies after one epoch, 0.775 and 0.767 on 480 images: the
    /// difference's standard error is sqrt((0.775 * 0.225 + 0.767 * 0.233) / 480)
    /// = 0.0271, so 0.008 is within it; 0.90 against 0.70 is far outside.
    @Test func theLossComparisonNeedsMoreThanNoise() {
        func run(_ accuracy: Double) -> TrainingRun {
            TrainingRun(history: [EpochRecord(epoch: 1, trainingLoss: 1, trainingMetrics: [], validationLoss: 1,
                                              validationMetrics: [accuracy], gradientNorm: 1, layerGradientNorms: [],
                                              learningRate: 0.003, samplesSeen: 1, parameterUpdates: 1)],
                        outcome: .completed(epochs: 1), cost: TrainingCost())
        }
        let close = StudyReport.classificationLossStory([(.categoricalCrossEntropy, run(0.775)), (.meanSquaredError, run(0.767))],
                                                        validationImages: 480)
        #expect(close.contains("about 0.027") && close.contains("did not measurably slow learning"))
        let far = StudyReport.classificationLossStory([(.categoricalCrossEntropy, run(0.90)), (.meanSquaredError, run(0.70))],
                                                      validationImages: 480)
        #expect(far.contains("Cross-entropy was clearly ahead"))
    }

    @Test func theInterceptShiftIsComparedWithTheConvergedValue() {
        func results(shift: Double) -> [RegressionStudy.Result] {
            [.init(loss: .meanSquaredError, cleanTestMAE: 38, corruptedTestMAE: 47, cleanIntercept: 150,
                   corruptedIntercept: 150 + shift),
             .init(loss: .meanAbsoluteError, cleanTestMAE: 39, corruptedTestMAE: 39, cleanIntercept: 149,
                   corruptedIntercept: 149)]
        }
        // (3460 - 346) / 354 = 8.7966.
        let converged = StudyReport.regressionStory(results(shift: 8.11), trainingRows: 354, before: 346, after: 3460)
        #expect(converged.contains("= 8.80, is the size to expect once training has converged"))
        let short = StudyReport.regressionStory(results(shift: 2.0), trainingRows: 354, before: 346, after: 3460)
        #expect(short.contains("this run's model is not there yet"))
    }

    /// The corrected model (32 filters, no padding) against step 2's CNN (16, 'same'):
    /// the same layer sequence, not the same shapes; compared with itself, both.
    @Test func theDense64NoteComparesLayersAndShapes() throws {
        func corrected() throws -> Sequential {
            try Sequential([Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: TensorShape(8, 8, 1)),
                            MaxPooling2D(poolSize: (2, 2)), Flatten(), Dense(10, activation: .softmax)])
        }
        let (model, cnn) = (try corrected(), try TestStructures.cnn())
        _ = try DigitsSetup.cost(of: model)
        _ = try DigitsSetup.cost(of: cnn)
        let note = StudyReport.dense64Note(corrected: model, stepTwoCNN: cnn, withDenseAfterFlattenParameters: 19_466)
        #expect(note.contains("19,466 parameters against 3,210") && note.contains("Dense(64, inputDim: 100)"))
        #expect(note.contains("the same layer sequence as step 2's CNN (Conv2D -> MaxPooling2D -> Flatten -> Dense)"))
        #expect(note.contains("its convolution outputs (None, 6, 6, 32) (32 filters without padding), step 2's "
                              + "(None, 8, 8, 16) (16 filters with 'same' padding)"))
        #expect(!note.contains("same shape as"))
        let twin = try TestStructures.cnn()
        _ = try DigitsSetup.cost(of: twin)
        let same = StudyReport.dense64Note(corrected: twin, stepTwoCNN: cnn, withDenseAfterFlattenParameters: 1)
        #expect(same.contains("and the same convolution output, (None, 8, 8, 16)."))
        let mlp = try TestStructures.mlp()
        _ = try DigitsSetup.cost(of: mlp)
        let other = StudyReport.dense64Note(corrected: model, stepTwoCNN: mlp, withDenseAfterFlattenParameters: 1)
        #expect(other.contains("differ from step 2's CNN's (Dense -> Dense)"))
    }

    /// One hidden layer is not deeper than step 2's MLP.
    @Test func stepThreeCallsTheNetworkDeeperOnlyWhenItIs() {
        let one = StudyReport.activationIntro(depth: 1, units: 32, epochs: 10, learningRate: 0.001, stepTwoRate: 0.003,
                                              batchSize: 32)
        #expect(one.hasPrefix("An MLP with one hidden layer of 32 units, 64 -> 32 -> 10, with each activation in that "
                              + "layer") && !one.contains("deeper"))
        let four = StudyReport.activationIntro(depth: 4, units: 32, epochs: 1, learningRate: 0.001, stepTwoRate: 0.003,
                                               batchSize: 32)
        #expect(four.hasPrefix("A deeper MLP, 64 -> 32 -> 32 -> 32 -> 32 -> 10, with each activation in its 4 hidden "
                               + "layers, trained on fold 1 for 1 epoch"))
    }

    /// The exercises' rerun commands never name a flag twice, and exercise 1's check
    /// quotes step 2's verdicts and judges only swaps the table can judge.
    @Test func exercisesSetTheirOwnFlagsOnce() {
        let facts = ExerciseText.Facts(
            again: { changed in
                ["--epochs 40", "--depth 6", "--typo 100", "--trials 10"].filter { !$0.hasPrefix("--" + changed + " ") }
                    .map { " " + $0 }.joined()
            }, epochs: 40, depth: 6, typo: 100, trials: 10, structureOrder: "CNN 0.976 > MLP 0.962",
            stepTwoBest: "CNN", stepTwoVerdicts: [("MLP", "inconclusive"), ("logistic regression", "clear")],
            sigmoidRatio: 0.0058, typoTarget: 346, trainingRows: 354, bigTypo: 1_000, bigTypoTestMAE: 300,
            bigTypoShift: 900, absoluteTestMAE: 39, absoluteShift: 0, tunedBest: ["CNN 0.982"])
        let exercises = ExerciseText.all(facts)
        for (exercise, flag) in zip(exercises, ["--epochs", "--depth", "--typo", "--trials"]) {
            let task = exercise.task.replacingOccurrences(of: "\n", with: " ")
            let command = task.components(separatedBy: flag).count - 1
            #expect(command == (flag == "--epochs" ? 2 : 1), "\(task)")
        }
        #expect(exercises[0].task.contains("--epochs 80 --depth 6 --typo 100 --trials 10"))
        #expect(exercises[0].check.contains("inconclusive against the MLP and clear against the logistic regression"))
        #expect(exercises[0].check.contains("a swap between them counts for nothing"))
    }
}
