// Lesson6Checks.swift: the early-stopping exercises (Lessons/Exercises/Lesson6.swift),
// checked against HyperSearch's own brackets (Brackets), successive halving
// (SuccessiveHalving run by MultiFidelityTuner) and median pruner (MedianPruner).

import Exercises
import HyperSearch
import Solutions

enum Lesson6Checks {
    static let all: [ExerciseCheck] = [
        ExerciseCheck(id: "6.1", title: "halvingRungs: successive halving's trials and epochs per rung",
                      hint: "s is the largest whole number with r * eta^s <= R (multiply, don't take a floating "
                          + "log); rung i has floor(n / eta^i) trials and R / eta^(s - i) epochs rounded half up; "
                          + "refuse n < eta^s") { source in
            halvingRungs(source == .student ? Exercises.halvingRungs : Solutions.halvingRungs)
        },
        ExerciseCheck(id: "6.2", title: "hyperbandBrackets: Li et al.'s brackets and what each trains",
                      hint: "brackets from s_max down to 0; n = ceil((s_max + 1) eta^s / (s + 1)) in integers; "
                          + "the rungs as in 6.1 with s halvings; a promoted trial pays only for its extra epochs") {
            source in
            hyperbandBrackets(source == .student ? Exercises.hyperbandBrackets : Solutions.hyperbandBrackets)
        },
        ExerciseCheck(id: "6.3", title: "promotedTrials: the best floor(k / eta) of a rung",
                      hint: "sort by score, best first, the smaller index first on ties; drop trials without a "
                          + "score; take floor(k / eta) with k counting every trial of the rung") { source in
            promotedTrials(source == .student ? Exercises.promotedTrials : Solutions.promotedTrials)
        },
        ExerciseCheck(id: "6.4", title: "medianPruningEpoch: when the median rule stops a trial",
                      hint: "compare the best score so far (not the latest) with the median after the same epoch; "
                          + "only strictly worse is stopped; never after the last epoch; never when the best so far "
                          + "reaches the best completed final score") { source in
            medianPruningEpoch(source == .student ? Exercises.medianPruningEpoch : Solutions.medianPruningEpoch)
        },
    ]

    static func halvingRungs(_ attempt: (Int, Int, Int, Int) throws -> [(trials: Int, epochs: Int)]) -> Verdict {
        typealias Input = (n: Int, r: Int, R: Int, eta: Int)
        let inputs: [Input] = [(27, 1, 27, 3), (27, 1, 9, 3), (81, 1, 81, 3), (8, 1, 8, 2), (100, 1, 100, 3),
                               (10, 2, 9, 3), (5, 5, 5, 3), (20, 1, 10, 4), (30, 1, 9, 3),
                               (26, 1, 27, 3), (9, 0, 9, 3), (9, 10, 9, 3), (9, 1, 9, 1), (9, 1, 2_000_000, 3)]
        let cases = inputs.map { ("n \($0.n), r \($0.r), R \($0.R), eta \($0.eta)", $0) }
        return compare(cases, attempt: { try attempt($0.n, $0.r, $0.R, $0.eta).map { [$0.trials, $0.epochs] } },
                       reference: { input in
            try Brackets.successiveHalving(eta: input.eta, minResource: input.r, maxResource: input.R,
                                           initialTrials: input.n).rungs.map { [$0.trials, $0.epochs] }
        }, same: ==, show: showPairs)
    }

    static func hyperbandBrackets(_ attempt: (Int, Int, Int) throws
                                  -> [(s: Int, trials: Int, firstEpochs: Int, totalEpochs: Int)]) -> Verdict {
        typealias Input = (r: Int, R: Int, eta: Int)
        let inputs: [Input] = [(1, 81, 3), (1, 9, 3), (1, 27, 3), (3, 9, 3), (1, 8, 2), (1, 100, 3), (9, 9, 3),
                               (1, 16, 4), (2, 50, 2), (0, 9, 3), (10, 9, 3), (1, 9, 1)]
        let cases = inputs.map { ("r \($0.r), R \($0.R), eta \($0.eta)", $0) }
        return compare(cases, attempt: { input in
            try attempt(input.r, input.R, input.eta).map { [$0.s, $0.trials, $0.firstEpochs, $0.totalEpochs] }
        }, reference: { input in
            try Brackets.hyperband(eta: input.eta, minResource: input.r, maxResource: input.R).map {
                [$0.s, $0.rungs[0].trials, $0.rungs[0].epochs, $0.epochs]
            }
        }, same: ==, show: { rows in
            "[" + rows.map { "(s: \($0[0]), trials: \($0[1]), firstEpochs: \($0[2]), totalEpochs: \($0[3]))" }
                .joined(separator: ", ") + "]"
        })
    }

    static func promotedTrials(_ attempt: ([Double?], Int) throws -> [Int]) -> Verdict {
        let inputs: [(scores: [Double?], eta: Int)] = [
            ([0.9, 0.5, 0.7], 3), ([0.3, 0.9, 0.5, 0.8, 0.1, 0.7, 0.2, 0.6, 0.4], 3),
            ([0.8, 0.9, 0.8, 0.8, 0.9, 0.1], 3), ([0.5, 0.8, 0.8, 0.8, 0.2, 0.1], 2),
            ([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 4), ([0.6, 0.1, 0.9, 0.4, 0.7, 0.3, 0.8, 0.2, 0.5, 0.95], 3),
            ([nil, 0.3, nil, nil, 0.1, nil, nil, nil, nil], 3), ([nil, nil, nil], 3), ([0.7, 0.7, 0.7, 0.7], 2),
            ([0.9, 0.8], 3), ([0.9, 0.8, 0.7], 1),
        ]
        let cases = inputs.map { input in
            ("scores [" + input.scores.map { $0.map { "\($0)" } ?? "nil" }.joined(separator: ", ") + "], eta \(input.eta)",
             input)
        }
        return compare(cases, attempt: { try attempt($0.scores, $0.eta) }, reference: { input in
            try promotedByTheLibrary(input.scores, eta: input.eta)
        }, same: ==, show: { "\($0)" })
    }

    /// Runs one bracket of the library's successive halving (rungs at 1 and eta epochs)
    /// whose trial i scores `scores[i]` after its first epoch (NaN for nil: the
    /// objective reports a failed trial), and reads which trials rung 0 promoted.
    static func promotedByTheLibrary(_ scores: [Double?], eta: Int) throws -> [Int] {
        let configurations = try scores.indices.map { try Configuration(names: ["i"], values: [.number(Double($0))]) }
        let objective = MultiFidelityObjective.learningCurves(name: "accuracy", direction: .maximize) { c, _ in
            scores[try c.integer("i")] ?? .nan
        }
        let halving = try SuccessiveHalving(eta: eta, minResource: 1, maxResource: eta, initialTrials: scores.count,
                                            brackets: 1)
        var tuner = try MultiFidelityTuner(searcher: ManualSearch(configurations), scheduler: halving,
                                           objective: objective, budget: .epochs(10 * scores.count * eta))
        return try tuner.run().rungs.first.map { $0.promoted.map { $0 - 1 } } ?? []
    }

    static func medianPruningEpoch(_ attempt: ([Double], [[Double]], Int, Int) throws -> Int?) -> Verdict {
        typealias Input = (curve: [Double], completed: [[Double]], warmup: Int, interval: Int)
        let three = [[0.5, 0.6, 0.7], [0.6, 0.7, 0.8], [0.7, 0.8, 0.9]]
        let fiveEpochs = Array(repeating: [0.6, 0.7, 0.8, 0.8, 0.8], count: 3)
        let overfitting = Array(repeating: [0.9, 0.5, 0.5], count: 3)
        let inputs: [(String, Input)] = [
            ("a poor start", ([0.4, 0.9, 0.95], three, 0, 1)),
            ("the docstring's example", ([0.65, 0.65, 0.65], three, 0, 1)),
            ("a good first epoch, then a drop (the best so far counts)", ([0.7, 0.5, 0.5], three, 0, 1)),
            ("two completed trials (median 0.6)", ([0.59, 1.0], [[0.5, 0.5], [0.7, 0.7]], 0, 1)),
            ("exactly the median (not strictly worse)", ([0.6, 0.1], [[0.5, 0.5], [0.7, 0.7]], 0, 1)),
            ("a warm-up of 1 epoch", ([0.4, 0.9, 0.95], three, 1, 1)),
            ("a warm-up of 1 epoch, still poor", ([0.4, 0.45, 0.5], three, 1, 1)),
            ("every second epoch", ([0.65, 0.65, 0.65, 0.65, 0.65], fiveEpochs, 0, 2)),
            ("completed trials that overfit (as good as the incumbent)", ([0.6, 0.6, 0.6], overfitting, 0, 1)),
            ("nothing completed yet", ([0.1, 0.1, 0.1], [], 0, 1)),
            ("one epoch only (never checked)", ([0.1], [[0.9]], 0, 1)),
            ("a completed curve of another length", ([0.4, 0.5, 0.6], [[0.5, 0.6]], 0, 1)),
            ("intervalEpochs 0", ([0.4, 0.5, 0.6], three, 0, 0)),
            ("warmupEpochs -1", ([0.4, 0.5, 0.6], three, -1, 1)),
        ]
        // A failure shows the numbers, after the case's name: the student can rerun them.
        let cases = inputs.map { name, input in
            ("\(name): curve \(input.curve), completed \(input.completed), warmupEpochs \(input.warmup), "
                + "intervalEpochs \(input.interval)", input)
        }
        return compare(cases, attempt: { try attempt($0.curve, $0.completed, $0.warmup, $0.interval) },
                       reference: { try prunedByTheLibrary($0) }, same: ==,
                       show: { $0.map { "\($0)" } ?? "nil" })
    }

    /// Runs the library's median pruner on the completed curves (first, as its startup
    /// trials, so that none of them is pruned) and then the trial being judged; returns
    /// the epoch after which the trial was pruned, or nil if it completed.
    static func prunedByTheLibrary(_ input: (curve: [Double], completed: [[Double]], warmup: Int, interval: Int))
        throws -> Int? {
        let curves = input.completed + [input.curve]
        let epochs = input.curve.count
        guard epochs >= 1, input.completed.allSatisfy({ $0.count == epochs }) else {
            throw SearchError.invalidArgument("every curve needs the same number of epochs, at least 1")
        }
        let configurations = try curves.indices.map { try Configuration(names: ["i"], values: [.number(Double($0))]) }
        let objective = MultiFidelityObjective.learningCurves(name: "accuracy", direction: .maximize) { c, epoch in
            curves[try c.integer("i")][epoch - 1]
        }
        let pruner = try MedianPruner(maxResource: epochs, startupTrials: input.completed.count,
                                      warmupEpochs: input.warmup, intervalEpochs: input.interval)
        var tuner = try MultiFidelityTuner(searcher: ManualSearch(configurations), scheduler: pruner,
                                           objective: objective, budget: .trials(curves.count))
        let judged = try tuner.run().trials.last!
        precondition(judged.number == curves.count, "the library did not start every trial")
        return judged.state == .pruned ? judged.epochs : nil
    }

    static func showPairs(_ rows: [[Int]]) -> String {
        "[" + rows.map { "(\($0[0]), \($0[1]))" }.joined(separator: ", ") + "]"
    }
}
