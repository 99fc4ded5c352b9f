// Lesson 7's own computations and reports, tested through `@testable import` of the
// lesson's executable: the manual and grid plans, the searchers' counted work, regret
// and epoch curves, the standings' statistics, the two-core map, the interrupted study,
// and sentences that must follow the numbers (better only when the sign test says so).

import Experiments
import Foundation
import HyperSearch
import LabData
import LabMath
import Testing
@testable import Lesson7_ChoosingATuner

@Suite("Lesson 7's report")
struct Lesson7ReportTests {
    func unitSquare(_ d: Int) throws -> SearchSpace {
        try SearchSpace((1...d).map { .real("x\($0)", low: 0, high: 1) })
    }

    func values(_ search: inout some Searcher) throws -> [[Double]] {
        var all: [[Double]] = []
        while let c = try search.suggest() { all.append(c.values.map { $0.number ?? .nan }) }
        return all
    }

    @Test func theManualPlanMovesOneHyperparameterAtATimeFromTheCentre() throws {
        var plan: some Searcher = Plans.manual(try unitSquare(2), trials: 7)
        #expect(try values(&plan) == [[0.5, 0.5], [0.25, 0.5], [0.75, 0.5], [0.5, 0.25], [0.5, 0.75],
                                      [0.125, 0.5], [0.375, 0.5]])
        // On the integers 1...3 the fractions round to values already planned; they are skipped.
        var small: some Searcher = Plans.manual(try SearchSpace([.integer("k", low: 1, high: 3)]), trials: 10)
        #expect(try values(&small) == [[2], [3], [1]])
    }

    @Test func theGridShapeIsAsEvenAsTheBudgetAllows() throws {
        #expect(Plans.gridShape(try unitSquare(2), trials: 25) == [5, 5])
        #expect(Plans.gridShape(try unitSquare(6), trials: 40) == [2, 2, 2, 2, 2, 1])
        // 2^6 = 64 is one too many; the first axis takes a third value instead (48 points).
        #expect(Plans.gridShape(try unitSquare(6), trials: 63) == [3, 2, 2, 2, 2, 1])
        // A categorical hyperparameter with 3 choices stops at 3; the real one takes the rest.
        let mixed = try SearchSpace([.real("x", low: 0, high: 1), .categorical("c", names: ["a", "b", "c"])])
        #expect(Plans.gridShape(mixed, trials: 25) == [8, 3])
        var grid: some Searcher = try Plans.grid(try unitSquare(2), trials: 4)
        #expect(try values(&grid) == [[0.25, 0.25], [0.25, 0.75], [0.75, 0.25], [0.75, 0.75]])
    }

    @Test func theSearchersWorkIsCounted() throws {
        let problem = try ShowdownProblems.branin(trials: 15)
        let (objective, _) = problem.instance(1)
        let tpe = try TimedSearch(TreeParzenEstimator(space: problem.space, direction: .minimize, seed: 1),
                                  objective: objective, budget: .trials(15))
        // 10 random startup trials, then 5 proposals from one joint model of 24 candidates each.
        #expect(tpe.work == SearcherWork(modelFits: 5, candidatesScored: 120))
        var settings = TPESettings()
        settings.multivariate = false
        let independent = try TimedSearch(TreeParzenEstimator(space: problem.space, direction: .minimize, seed: 1,
                                                              settings: settings),
                                          objective: objective, budget: .trials(12))
        #expect(independent.work == SearcherWork(modelFits: 4, candidatesScored: 96))
        var bo = try BayesianOptimization(space: problem.space, direction: .minimize, initPoints: 5, nIter: 2, seed: 1)
        bo.candidateCount = 160
        let guided = try TimedSearch(bo, objective: objective, budget: .trials(7))
        // 160 random candidates and 10 near each of the 3 best trials, for 2 proposals.
        #expect(guided.work == SearcherWork(modelFits: 2, candidatesScored: 2 * (160 + 3 * 10)))
        let random = try TimedSearch(RandomSearch(space: problem.space, iterations: 5, seed: 1), objective: objective,
                                     budget: .trials(5))
        #expect(random.work == SearcherWork())
    }

    @Test func regretFollowsTheIncumbentByTheScoresTheSearchSaw() throws {
        let problem = try ShowdownProblems.noisyBranin(trials: 3, noise: 100)
        let (objective, truth) = problem.instance(3)
        let points: [[Double]] = [[0.5, 0.5], [(Double.pi + 5) / 15, 2.275 / 15], [0.9, 0.9]]
        let configurations = try points.map { try Configuration(names: ["x1", "x2"], values: $0.map { .number($0) }) }
        var tuner = try Tuner(searcher: ManualSearch(configurations), objective: objective, budget: .trials(3))
        let result = try tuner.run()
        let curve = try problem.regretCurve(result, truth: truth)
        // Each point of the curve is the true regret of the trial the search believed best.
        for (t, point) in result.trajectory.enumerated() {
            let believed = result.trials[point.incumbent! - 1].configuration
            #expect(curve[t] == (try truth(believed)) - TestFunctions.braninMinimum)
        }
        #expect(try truth(configurations[1]) - TestFunctions.braninMinimum < 1e-9)
        // The k-th evaluation of a seed gets the same draw in every instance (every tuner
        // faces the same luck); successive evaluations get different draws; the truth has none.
        let firstDraws = (0..<3).map { _ in problem.instance(5).objective.evaluate(configurations[0]).score! }
        #expect(Set(firstDraws).count == 1)
        let one = problem.instance(5).objective
        #expect(one.evaluate(configurations[0]) != one.evaluate(configurations[0]))
        #expect(try truth(configurations[0]) == TestFunctions.braninOnUnitSquare(0.5, 0.5))
    }

    @Test func categoricalBraninReachesBraninsMinimumAtOneLevel() throws {
        let problem = try ShowdownProblems.categoricalBranin(trials: 25)
        let (_, truth) = problem.instance(11)
        let x1 = (Double.pi + 5) / 15
        let regrets = try ShowdownProblems.levelNames.map { name in
            try truth(try Configuration(names: ["x1", "level"], values: [.number(x1), .name(name)])) - problem.minimum
        }
        #expect(regrets.filter { abs($0) < 1e-9 }.count == 1)
        #expect(regrets.allSatisfy { $0 > -1e-9 })
    }

    @Test func theEpochCurveCountsOnlyTrialsFinishedWithinTheBudget() throws {
        let scores = [0.6, 0.7, 0.9]
        let objective = Objective(name: "a", direction: .maximize) { c in
            .score(scores[try c.integer("k")], cost: SearchCost(epochs: 10, updates: 1))
        }
        let configurations = try (0..<3).map { try Configuration(names: ["k"], values: [.number(Double($0))]) }
        var tuner = try Tuner(searcher: ManualSearch(configurations), objective: objective, budget: .epochs(25))
        let (curve, incumbent) = HoldOutNetwork.epochCurve(try tuner.run(), budget: 25)
        #expect(curve.count == 25)
        #expect(curve[0..<9].allSatisfy { $0.isNaN })
        #expect(curve[9..<19].allSatisfy { $0 == 0.6 } && curve[19..<25].allSatisfy { $0 == 0.7 })
        // Trial 3 ran (the tuner lets the trial that crosses the budget finish) but came too late.
        #expect(incumbent?.number == 2)
    }

    /// Hyperband's trials are trained by the multi-fidelity library (a resumable session,
    /// epoch by epoch); a trial trained to R must score what HoldOutNetwork's objective
    /// gives the same configuration, or the race would compare different problems.
    @Test func aResumableTrialTrainedToTheEndScoresWhatTheHoldOutObjectiveGives() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dataset = try CSVLoader.load(path: root.appendingPathComponent("datasets/pima-diabetes.csv").path)
        let data = try PreparedSplit.classification(dataset, validationFraction: 0.2, testFraction: 0.2, seed: 4)
        let network = HoldOutNetwork(data: data, epochs: 6, seed: 4)
        let configurations = try [(0.01, 16.0, 8.0), (0.3, 64, 3)].map { lr, batch, hidden in
            try Configuration(names: ["learningRate", "batchSize", "hiddenUnits"],
                              values: [.number(lr), .number(batch), .number(hidden)])
        }
        let tuning = ResumableNetworkTuning(data: data, defaults: network.defaults, seed: 4)
        var tuner = try MultiFidelityTuner(searcher: ManualSearch(configurations), scheduler: FullTraining(maxResource: 6),
                                           objective: tuning.objective(), budget: .epochs(12))
        let result = try tuner.run()
        for (trial, configuration) in zip(result.trials, configurations) {
            #expect(trial.score(afterEpochs: 6) == network.objective().evaluate(configuration).score)
        }
        #expect(result.trials.count == 2)
    }

    func standings(_ finals: [[Double]], direction: OptimizationDirection = .minimize) -> Standings {
        let contenders = ["random", "A", "B"].map { name in
            Contender(name: name, mark: Character(String(name.first!))) { space, _, n, seed in
                try RandomSearch(space: space, iterations: n, seed: seed)
            }
        }
        let bySeed = finals[0].indices.map { s in finals.map { Race(curve: [10, $0[s]], trials: 2) } }
        return Standings(problem: "P", summary: "2 real", contenders: contenders, direction: direction, bySeed: bySeed)
    }

    @Test func betterOnlyWhenTheSignTestSaysSo() {
        // A beats random on 8 of 8 seeds (p = 0.0078); B on 5 of 8 (p = 0.73).
        let s = standings([[1, 1, 1, 1, 1, 1, 1, 1], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
                           [0.9, 0.9, 0.9, 0.9, 0.9, 2, 2, 2]])
        #expect(s.leader() == 1 && s.leader(excluding: [1]) == 2)
        #expect(ShowdownReport.verdict(s.comparison(1, against: 0)) == true)
        #expect(ShowdownReport.verdict(s.comparison(2, against: 0)) == nil)
        let story = ShowdownReport.finalStory(s, baseline: 0)
        #expect(story.contains("Better than random search by the sign test (p < 0.05): A."))
        #expect(story.contains("Not distinguishable from random search: B."))
        let q = s.quartileCurves(2)
        #expect(q.median == [10, 0.9] && q.upper[1] == 2)
    }

    @Test func bothCoresKeepTheOrderAndTheFirstError() throws {
        #expect(try BothCores.map(Array(0..<7)) { $0 * $0 } == [0, 1, 4, 9, 16, 25, 36])
        struct Failure: Error, Equatable { let item: Int }
        #expect(throws: Failure(item: 2)) {
            try BothCores.map(Array(0..<6)) { item -> Int in
                if item == 2 || item == 5 { throw Failure(item: item) }
                return item
            }
        }
        #expect(try BothCores.map([Int]()) { $0 }.isEmpty)
    }

    @Test func anInterruptedStudyResumesRetrainingOnlyTheTrialBeingWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lesson7-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let space = try SearchSpace([.real("x", low: -1, high: 1)])
        let calls = CallCounter()
        let objective = calls.counting(Objective(name: "x^2", direction: .minimize) { .score(pow(try $0.double("x"), 2)) })
        func open(_ name: String) throws -> Study {
            try Study(file: folder.appendingPathComponent(name), space: space, seed: 3, objective: objective,
                      budget: .trials(6)) { try TreeParzenEstimator(space: space, direction: .minimize, seed: $0) }
        }
        var first = try open("a.jsonl")
        for _ in 0..<2 { _ = try first.step() }
        let kept = try Interruption.crashWhileWritingNextTrial(&first)
        #expect(calls.count == 3)                       // trial 3 was trained before the crash
        #expect(kept.utf8.count == Interruption.bytesWritten && !kept.contains("\n"))
        var resumed = try open("a.jsonl")
        #expect(resumed.resumption.replayedTrials == 2)
        #expect(resumed.resumption.droppedPartialLine == kept)
        _ = try resumed.run()
        #expect(calls.count == 3 + 4)                   // trial 3 is lost and trained again
        var whole = try open("b.jsonl")
        _ = try whole.run()
        #expect(try Data(contentsOf: folder.appendingPathComponent("a.jsonl"))
                    == Data(contentsOf: folder.appendingPathComponent("b.jsonl")))
    }

    @Test func excerptsWrapWithinTheFrameAndReadCRLF() {
        let csv = "trial,x\r\n1," + String(repeating: "9", count: 100) + "\r\n2,0.5\r\n"
        let text = KeepingReport.excerpt(csv, title: "t.csv:", lines: 3)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.count <= 74 } && !text.contains("\r"))
        #expect(lines[1] == "  trial,x" && lines[4] == "  2,0.5")
    }

    @Test func theConvergenceChartFitsAndNamesItsBands() {
        var chart = ConvergenceChart(title: "t", xLabel: "trial", yLabel: "regret", x: [1, 2, 3, 4])
        chart.yScale = .log10
        chart.floor = 1e-6
        chart.lines = [.init(name: "random", mark: "r", median: [5, 3, 2, 1], lower: [4, 2, 1, 0.5], upper: [6, 4, 3, 2]),
                       .init(name: "TPE", mark: "t", median: [5, 1, 0.1, 0], lower: [4, 0.5, 0.01, 0],
                             upper: [6, 2, 1, 0.1])]
        chart.bands = [0, 1]
        let text = chart.render()
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 78 })
        #expect(text.contains(". random quartiles") && text.contains(": TPE quartiles") && text.contains("= both"))
    }

    @Test func theBOSearchFlagAcceptsTwoWords() throws {
        #expect(try BOSearch.isCheap(nil) && BOSearch.isCheap("cheap") && !(try BOSearch.isCheap("default")))
        #expect(throws: (any Error).self) { try BOSearch.isCheap("fast") }
    }
}
