// Lesson 6's own files, tested through `@testable import` of the lesson's executable:
// shared curves equal fresh training and charge each method its own cost; ranks and
// settings follow the lesson's rules; a slow starter cut by halving is reported as
// measured; the comparison's bands wait for every seed; and the lesson itself refuses
// impossible settings before training anything.

import Experiments
import Foundation
import HyperSearch
import LabData
import LabMath
import LessonKit
import Testing
import TestSupport
@testable import Lesson6_EarlyStoppingAndHyperband

@Suite("Lesson 6's report")
struct Lesson6ReportTests {
    /// 90 rows of 3 well-separated classes in 2 features (seeded), for small networks.
    func blobs() throws -> Dataset {
        var rng = SeededGenerator(seed: 5)
        var rows: [[Double]] = [], targets: [Double] = []
        for i in 0..<90 {
            let label = i % 3
            rows.append([Double(label) * 2 + rng.nextDouble() - 0.5, Double(label % 2) * 2 + rng.nextDouble() - 0.5])
            targets.append(Double(label))
        }
        return try Dataset(name: "blobs", featureNames: ["a", "b"], targetName: "class", features: Matrix(rows),
                       targets: targets)
    }

    func configuration(_ learningRate: Double, _ hidden: Int, _ batch: Int) throws -> Configuration {
        try Configuration(names: ["learningRate", "hiddenUnits", "batchSize"],
                      values: [.number(learningRate), .number(Double(hidden)), .number(Double(batch))])
    }

    @Test func sharedCurvesEqualFreshTrainingAndChargeEveryMethodItsOwnEpochs() throws {
        let data = try PreparedSplit.classification(try blobs(), validationFraction: 0.2, testFraction: 0.2, seed: 3)
        let tuning = ResumableNetworkTuning(data: data, seed: 3)
        let shared = SharedCurves(tuning: tuning)
        let c = try configuration(0.01, 8, 16)
        // Two methods ask for the same configuration: one to 3 epochs, one to 5.
        let first = try SharedRun(curves: shared, configuration: c)
        let second = try SharedRun(curves: shared, configuration: c)
        let a = try (0..<3).map { _ in try first.advance() }
        let b = try (0..<5).map { _ in try second.advance() }
        // A fresh network trained 5 epochs gives the same scores, bit for bit.
        let fresh = try tuning.start(c)
        let expected = try (0..<5).map { _ in try fresh.advance() }
        #expect(b.map(\.outcome) == expected.map(\.outcome))
        #expect(a.map(\.outcome) == Array(expected.prefix(3)).map(\.outcome))
        // Each method is charged each epoch it asked for; training happened once.
        #expect(a.map(\.cost.epochs).reduce(0, +) == 3 && b.map(\.cost.epochs).reduce(0, +) == 5)
        #expect(b.map(\.cost.examples) == expected.map(\.cost.examples))
        #expect(shared.epochsTrained == 5)
        // The test score is given only for a network at exactly the asked epochs.
        #expect(try shared.testAccuracy(of: c, afterEpochs: 5) != nil)
        #expect(try shared.testAccuracy(of: c, afterEpochs: 3) == nil)
    }

    /// A finished search over synthetic learning curves: trial i's score after epoch k
    /// is curves[i][k - 1].
    func search(_ curves: [[Double]], scheduler: any Scheduler, budget: SearchBudget) throws -> MultiFidelityResult {
        let configurations = try curves.indices.map { try Configuration(names: ["i"], values: [.number(Double($0))]) }
        let objective = MultiFidelityObjective.learningCurves(name: "accuracy", direction: .maximize) { c, k in
            curves[try c.integer("i")][k - 1]
        }
        var tuner = try MultiFidelityTuner(searcher: ManualSearch(configurations), scheduler: scheduler,
                                           objective: objective, budget: budget)
        return try tuner.run()
    }

    /// Nine curves over 9 epochs; trial 9 starts slowest and ends best.
    var slowStarter: [[Double]] {
        var curves: [[Double]] = []
        for i in 0..<8 {
            curves.append([Double](repeating: 0.5 + 0.01 * Double(i), count: 9))
        }
        let rising: [Double] = (1...9).map { (epoch: Int) -> Double in 0.2 + 0.08 * Double(epoch) }
        return curves + [rising]
    }

    @Test func groundTruthRanksBestFirstWithTiesToTheEarlierTrial() throws {
        let result = try search([[0.5, 0.7], [0.6, 0.7], [0.6, 0.9]], scheduler: FullTraining(maxResource: 2),
                                budget: .trials(3))
        let truth = GroundTruth(result)
        #expect(truth.ranked(afterEpochs: 1) == [2, 3, 1])
        #expect(truth.ranked(afterEpochs: 2) == [3, 1, 2])
        #expect(truth.winner == 3 && truth.rank(of: 3, afterEpochs: 1) == 2)
    }

    @Test func aSlowStarterCutByHalvingIsReportedAsMeasured() throws {
        let full = try search(slowStarter, scheduler: FullTraining(maxResource: 9), budget: .trials(9))
        let truth = GroundTruth(full)
        #expect(truth.winner == 9)
        let halving = try search(slowStarter, scheduler: SuccessiveHalving(eta: 3, minResource: 1, maxResource: 9),
                                 budget: .epochs(100))
        let story = HalvingReport.keptWinnerStory(halving, truth: truth, fullCost: full.totalCost)
        #expect(story.contains("threw away the eventual winner"), "\(story)")
        #expect(story.contains("trial 9 at 0.920, was cut after 1 epoch, where it ranked 9 of 9"), "\(story)")
        // Judged from 9 epochs (no halving), the same configurations keep it.
        let late = try search(slowStarter, scheduler: SuccessiveHalving(eta: 3, minResource: 9, maxResource: 9,
                                                                         initialTrials: 9),
                              budget: .epochs(100))
        #expect(HalvingReport.keptWinnerStory(late, truth: truth, fullCost: full.totalCost).contains("kept the winner"))
        let table = HalvingReport.hedgeTable([.init(result: halving), .init(result: late)], truth: truth)
        #expect(table.contains("no") && table.contains("yes"))
        let rankStory = CurvesReport.rankStory([Fidelity.EarlyRanking(epochs: 1, correlation: -0.5, winnerRank: 9,
                                                                      ranked: 9, entered: 9)],
                                               truth: truth, eta: 3, maxEpochs: 9)
        #expect(rankStory.contains("dropped it: it starts slow"), "\(rankStory)")
    }

    @Test func settingsAndDataAreRefusedWithAReason() throws {
        #expect(throws: UsageError.self) { try Fidelity.checkSettings(eta: 3, minEpochs: 10, maxEpochs: 9, trials: 27) }
        do {
            _ = try Fidelity.checkSettings(eta: 3, minEpochs: 1, maxEpochs: 27, trials: 26)
            Issue.record("26 trials cannot fill 4 rungs")
        } catch {
            #expect("\(error)".contains("at least 3^3 = 27 trials"))
        }
        #expect(try Fidelity.checkSettings(eta: 3, minEpochs: 1, maxEpochs: 9, trials: 27).rungs.map(\.trials) == [27, 9, 3])
        let data = try blobs()
        #expect(try Fidelity.firstRows(data, 60).count == 60)
        #expect(throws: DataError.self) { try Fidelity.firstRows(data, 10) }   // 3 or 4 rows per class
        let oneClass = try Dataset(name: "one", featureNames: ["a"], targetName: "y", features: Matrix([[1], [2]]),
                               targets: [1, 1])
        #expect(throws: DataError.self) { try Fidelity.firstRows(oneClass, 60) }
    }

    @Test func bandsWaitForEverySeedAndTheSignTestNeedsFifteenOfTwenty() throws {
        let early = try search([[0.5, 0.6], [0.7, 0.8]], scheduler: FullTraining(maxResource: 2), budget: .epochs(4))
        let late = try search([[0.4, 0.9], [0.2, 0.3]], scheduler: FullTraining(maxResource: 2), budget: .epochs(4))
        let comparison = Comparison([MethodOutcome(seed: 1, result: early, test: 0.6),
                                     MethodOutcome(seed: 2, result: late, test: 0.9)], budget: 4)
        #expect(comparison.methods == ["manual search"] && comparison.seeds == [1, 2])
        let median = comparison.quantileCurve(0, 0.5)
        #expect(median[0].isNaN && median[1] == 0.75 && abs(median[3] - 0.85) < 1e-12)
        #expect(ComparisonReport.seedsCheck(20).hasPrefix("15 of 20"))
    }

    @Test func impossibleSettingsStopTheLessonBeforeTraining() throws {
        let run = try LessonRunner.run("Lesson6_EarlyStoppingAndHyperband", ["--min-epochs", "10", "--max-epochs", "9"])
        #expect(run.status == 64 && LessonRunner.flattened(run.standardError).contains("--min-epochs 10 is more than --max-epochs 9"))
        let few = try LessonRunner.run("Lesson6_EarlyStoppingAndHyperband", ["--trials", "5"])
        #expect(few.status == 64 && LessonRunner.flattened(few.standardError).contains("at least 3^2 = 9 trials"))
        #expect(!few.standardOutput.contains("Step 1"))
    }
}
