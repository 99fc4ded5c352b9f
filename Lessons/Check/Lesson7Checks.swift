// Lesson7Checks.swift: the tuner exercises (Lessons/Exercises/Lesson7.swift), checked
// against HyperSearch's TreeParzenEstimator, ParzenEstimator, WinnerOptimism and
// StudyFile.

import Exercises
import Foundation
import HyperSearch
import LabData
import Solutions

enum Lesson7Checks {
    static let all: [ExerciseCheck] = [
        ExerciseCheck(id: "7.1", title: "tpeSplit: TPE's good and bad trials",
                      hint: "gamma(n) = min(ceil(fraction x n), maxGood) counts every trial, failed ones too; rank the "
                          + "scored trials best first, the earlier of two equal scores first; failed trials are "
                          + "always bad") { source in
            tpeSplit(source == .student ? Exercises.tpeSplit : Solutions.tpeSplit)
        },
        ExerciseCheck(id: "7.2", title: "parzenLogDensity: the density l(x) and g(x) are made of",
                      hint: "n + 1 kernels of equal weight (the prior is centred, as wide as the range); the smallest "
                          + "and largest of two or more observations measure only their inner neighbour; clip "
                          + "every width to [range / min(100, n + 2), range]; divide each kernel by its mass in "
                          + "[low, high]") { source in
            parzenLogDensity(source == .student ? Exercises.parzenLogDensity : Solutions.parzenLogDensity)
        },
        ExerciseCheck(id: "7.3", title: "winnerOptimism: how much the search flattered its winner",
                      hint: "the winner after n trials is the best inner score among the first n, the earliest on "
                          + "ties; optimism is inner - held-out to maximise, held-out - inner to minimise") { source in
            winnerOptimism(source == .student ? Exercises.winnerOptimism : Solutions.winnerOptimism)
        },
        ExerciseCheck(id: "7.4", title: "studyResumePoint: complete trials and a partial last line",
                      hint: "only lines that end in \"\\n\" count; the first is the header (its \"format\" is "
                          + "\"TuningLab study\"); what follows the last newline is the partial line") { source in
            studyResumePoint(source == .student ? Exercises.studyResumePoint : Solutions.studyResumePoint)
        },
    ]

    static func tpeSplit(_ attempt: ([Double?], Bool, Double, Int) throws -> (good: [Int], bad: [Int])) -> Verdict {
        typealias Input = (scores: [Double?], maximize: Bool, fraction: Double, maxGood: Int)
        let fifteen: [Double?] = [0.74, 0.8, 0.78, 0.8, 0.65, 0.79, 0.8, 0.71, 0.77, 0.8, 0.66, 0.75, 0.8, 0.72, 0.69]
        let cases: [(label: String, input: Input)] = [
            ("[0.7, 0.9, nil, 0.8], maximise, fraction 0.5", ([0.7, 0.9, nil, 0.8], true, 0.5, 25)),
            ("[3, 1, 2, 5, 4], minimise, fraction 0.4", ([3, 1, 2, 5, 4], false, 0.4, 25)),
            ("ties: [0.8, 0.9, 0.9, 0.9], maximise, fraction 0.5", ([0.8, 0.9, 0.9, 0.9], true, 0.5, 25)),
            ("15 trials, five tied at the best: \(fifteen.map { "\($0!)" }.joined(separator: ", ")), maximise, "
                + "fraction 0.1", (fifteen, true, 0.1, 25)),
            ("40 trials: (7 k) mod 40 for k = 0...39 (0, 7, 14, 21, 28, 35, 2, ...), minimise, fraction 0.5, "
                + "maxGood 3", ((0..<40).map { Double(($0 * 7) % 40) }, false, 0.5, 3)),
            ("[nil, nil, 0.5], fraction 1 (fewer scored than gamma)", ([nil, nil, 0.5], true, 1, 25)),
            ("[nil, nil, 0.5, 0.6], fraction 0.5 (failed trials count in n)", ([nil, nil, 0.5, 0.6], true, 0.5, 25)),
            ("every trial failed: [nil, nil]", ([nil, nil], true, 0.5, 25)),
            ("no trials", ([], true, 0.1, 25)),
            ("fraction 0 (refuse)", ([0.5], true, 0, 25)),
            ("fraction 1.5 (refuse)", ([0.5], true, 1.5, 25)),
            ("maxGood 0 (refuse)", ([0.5], true, 0.1, 0)),
        ]
        return compare(cases, attempt: { try attempt($0.scores, $0.maximize, $0.fraction, $0.maxGood) },
                       reference: splitReference, same: { $0.good == $1.good && $0.bad == $1.bad },
                       show: { "(good: \($0.good), bad: \($0.bad))" })
    }

    /// TPE itself, told about the trials one by one, then asked for its split.
    static func splitReference(_ input: (scores: [Double?], maximize: Bool, fraction: Double, maxGood: Int)) throws
        -> (good: [Int], bad: [Int]) {
        var settings = TPESettings()
        settings.goodFraction = input.fraction
        settings.maxGood = input.maxGood
        let space = try SearchSpace([.real("x", low: 0, high: 1)])
        var tpe = try TreeParzenEstimator(space: space, direction: input.maximize ? .maximize : .minimize, seed: 0,
                                          settings: settings)
        for (i, score) in input.scores.enumerated() {
            let evaluation: Evaluation = score.map { .score($0) } ?? .diverged("diverged")
            let configuration = try Configuration(names: ["x"], values: [.number(0.5)])
            tpe.observe(Trial(number: i + 1, configuration: configuration, evaluation: evaluation))
        }
        let split: TreeParzenEstimator.Split = tpe.split()
        return (good: split.good, bad: split.bad)
    }

    static func parzenLogDensity(_ attempt: ([Double], Double, Double, Double) throws -> Double) -> Verdict {
        typealias Input = (observations: [Double], low: Double, high: Double, x: Double)
        let evenly = (0..<25).map { Double($0) / 24 }
        let cases: [(label: String, input: Input)] = [
            ("[0.3] in [0, 1] at 0.3", ([0.3], 0, 1, 0.3)),
            ("[0.3] in [0, 1] at 0.9", ([0.3], 0, 1, 0.9)),
            ("[0.2, 0.5, 0.9] in [0, 1] at 0.5", ([0.2, 0.5, 0.9], 0, 1, 0.5)),
            ("[0.9, 0.2, 0.5] in [0, 1] at 0 (a bound)", ([0.9, 0.2, 0.5], 0, 1, 0)),
            ("no observations (the prior alone) in [0, 1] at 0.25", ([], 0, 1, 0.25)),
            ("[0.4, 0.4, 0.4] in [0, 1] at 0.41 (zero widths, clipped)", ([0.4, 0.4, 0.4], 0, 1, 0.41)),
            ("[-3, 2.5, 7] in [-5, 10] at 1", ([-3, 2.5, 7], -5, 10, 1)),
            ("25 observations evenly in [0, 1] at 0.51", (evenly, 0, 1, 0.51)),
            ("[0.3] in [0, 1] at 1.5 (outside)", ([0.3], 0, 1, 1.5)),
            ("low 1 >= high 1 (refuse)", ([1], 1, 1, 1)),
            ("an observation outside [0, 1] (refuse)", ([1.2], 0, 1, 0.5)),
            ("26 observations (refuse)", (Array(repeating: 0.5, count: 26), 0, 1, 0.5)),
        ]
        return compare(cases, attempt: { try attempt($0.observations, $0.low, $0.high, $0.x) }, reference: { input in
            guard input.low < input.high, input.observations.count <= 25,
                  input.observations.allSatisfy({ $0 >= input.low && $0 <= input.high }) else {
                throw SearchError.invalidArgument("need low < high and at most 25 observations in [low, high]")
            }
            // TPE's own estimator with Optuna's defaults.
            let estimator = ParzenEstimator(parameters: [.real("x", low: input.low, high: input.high)],
                                            observations: input.observations.map { [$0] })
            return estimator.logDensity([input.x])
        }, same: { close($0, $1) }, show: { show($0) })
    }

    static func winnerOptimism(_ attempt: ([Double], [Double], [Int], Bool) throws -> [Double]) -> Verdict {
        typealias Input = (inner: [Double], heldOut: [Double], counts: [Int], maximize: Bool)
        let cases: [(label: String, input: Input)] = [
            ("inner [0.70, 0.80, 0.75], held-out [0.69, 0.72, 0.74], counts [1, 3]",
             ([0.70, 0.80, 0.75], [0.69, 0.72, 0.74], [1, 3], true)),
            ("a loss: inner [0.5, 0.3, 0.4], held-out [0.55, 0.45, 0.35], counts [1, 2, 3]",
             ([0.5, 0.3, 0.4], [0.55, 0.45, 0.35], [1, 2, 3], false)),
            ("a tie: inner [0.8, 0.8], held-out [0.7, 0.9], counts [2]", ([0.8, 0.8], [0.7, 0.9], [2], true)),
            ("a count beyond the trials: counts [1, 10]", ([0.6, 0.9, 0.7], [0.62, 0.8, 0.75], [1, 10], true)),
            ("a winner worse on held-out rows: counts [1, 2, 4]",
             ([0.7, 0.72, 0.71, 0.9], [0.75, 0.7, 0.74, 0.71], [1, 2, 4], true)),
            ("counts [2, 1] (refuse)", ([0.7, 0.8], [0.7, 0.8], [2, 1], true)),
            ("counts [0, 1] (refuse)", ([0.7, 0.8], [0.7, 0.8], [0, 1], true)),
            ("no counts (refuse)", ([0.7, 0.8], [0.7, 0.8], [], true)),
            ("lists of different lengths (refuse)", ([0.7, 0.8], [0.7], [1], true)),
            ("no trials (refuse)", ([], [], [1], true)),
        ]
        return compare(cases, attempt: { try attempt($0.inner, $0.heldOut, $0.counts, $0.maximize) },
                       reference: optimismReference, same: { close($0, $1) }, show: { show($0) })
    }

    /// WinnerOptimism itself on one outer fold whose search tries trial k's configuration
    /// k-th and sees `inner[k]` on both inner folds; the outer fold gives `heldOut[k]`.
    static func optimismReference(_ input: (inner: [Double], heldOut: [Double], counts: [Int], maximize: Bool)) throws
        -> [Double] {
        guard !input.inner.isEmpty, input.inner.count == input.heldOut.count else {
            throw SearchError.invalidArgument("need trials and lists of equal length")
        }
        // Rows 0...5: the outer fold tests 4 and 5; the inner folds split 0...3.
        let outer = Fold(trainIndices: [0, 1, 2, 3], validationIndices: [4, 5])
        let inner = [Fold(trainIndices: [0, 1], validationIndices: [2, 3]),
                     Fold(trainIndices: [2, 3], validationIndices: [0, 1])]
        let nested = try NestedCrossValidation(outerFolds: [outer], innerFolds: [inner])
        let configurations = try input.inner.indices.map { try Configuration(names: ["k"], values: [.number(Double($0))]) }
        let points = try WinnerOptimism.measure(
            trialCounts: input.counts, seeds: [0], name: "score", direction: input.maximize ? .maximize : .minimize,
            folds: { _ in nested }, searcher: { _, _ in ManualSearch(configurations) },
            evaluate: { configuration, fold in
                let k = try configuration.integer("k")
                return .score(fold.validationIndices == outer.validationIndices ? input.heldOut[k] : input.inner[k])
            })
        return points.map { $0.optimism[0] ?? .nan }
    }

    static func studyResumePoint(_ attempt: (String) throws -> (trials: Int, partialLine: Bool)) -> Verdict {
        let lines: [String]
        do {
            lines = try studyLines()
        } catch {
            return .crashed("the checker could not write its sample study: \(error)")
        }
        let (header, t1, t2, t3) = (lines[0], lines[1], lines[2], lines[3])
        let half = String(t3.prefix(t3.count / 2))
        let cases: [(label: String, input: String)] = [
            ("a header line only", header + "\n"),
            ("a header and 3 trial lines", [header, t1, t2, t3].map { $0 + "\n" }.joined()),
            ("3 trial lines, then half a line", [header, t1, t2, t3].map { $0 + "\n" }.joined() + half),
            ("the third trial line without its newline", [header, t1, t2].map { $0 + "\n" }.joined() + t3),
            ("a header, then half a line", header + "\n" + half),
            ("a line that is not JSON among the trials (refuse)", [header, t1, "not json", t2].map { $0 + "\n" }.joined()),
            ("trial 1 then trial 3 (refuse)", [header, t1, t3].map { $0 + "\n" }.joined()),
            ("a header without its newline (refuse)", header),
            ("an empty file (refuse)", ""),
            ("another program's JSON Lines (refuse)",
             [header.replacingOccurrences(of: "TuningLab study", with: "Somebody's log"), t1].map { $0 + "\n" }.joined()),
        ]
        return compare(cases, attempt: attempt, reference: { text in
            // The library's own reader, on the text written to a file.
            // A name of its own: tests may run several checks at once in one process.
            let file = FileManager.default.temporaryDirectory
                .appendingPathComponent("tuninglab-check-7.4-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(text.utf8).write(to: file)
            let contents = try StudyFile.read(file)
            return (contents.trials.count, contents.droppedPartialLine != nil)
        }, same: { $0 == $1 }, show: { "(trials: \($0.trials), partialLine: \($0.partialLine))" })
    }

    /// The header and 3 trial lines of a real study (random search on x^2).
    static func studyLines() throws -> [String] {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("tuninglab-check-7.4-sample-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let space = try SearchSpace([.real("x", low: -1, high: 1)])
        let objective = Objective(name: "x^2", direction: .minimize) { .score(pow(try $0.double("x"), 2)) }
        var study = try Study(file: file, space: space, seed: 7, objective: objective, budget: .trials(3)) { seed in
            try RandomSearch(space: space, iterations: 3, seed: seed)
        }
        _ = try study.run()
        return try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}
