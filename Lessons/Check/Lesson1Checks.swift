// Lesson1Checks.swift: the manual-tuning exercises (Lessons/Exercises/Lesson1.swift),
// checked against TrainingEngine's own Adam, DivergenceRule (and fit, on real runs) and
// binary cross-entropy.

import Exercises
import LabMath
import Solutions
import TrainingEngine

enum Lesson1Checks {
    static let all: [ExerciseCheck] = [
        ExerciseCheck(id: "1.1", title: "adamSteps: Adam's updates of one weight",
                      hint: "keep m and v across steps and count t from 1; fold both bias corrections into alpha "
                          + "and add epsilon to sqrt(v) itself, as Keras does (not to the corrected sqrt(v))") { source in
            adamSteps(source == .student ? Exercises.adamSteps : Solutions.adamSteps)
        },
        ExerciseCheck(id: "1.2", title: "divergedAtEpoch: when a run counts as diverged",
                      hint: "epochs count from 1; NaN and infinity always count, even without a factor; with a factor "
                          + "the loss must be strictly more than factor x the initial loss") { source in
            divergedAtEpoch(source == .student ? Exercises.divergedAtEpoch : Solutions.divergedAtEpoch)
        },
        ExerciseCheck(id: "1.3", title: "binaryCrossEntropy from probabilities (clipped)",
                      hint: "clip p into [1e-7, 1 - 1e-7] before taking logs, average over the rows (not the sum), "
                          + "and refuse empty or unequal lists") { source in
            binaryCrossEntropy(source == .student ? Exercises.binaryCrossEntropy : Solutions.binaryCrossEntropy)
        },
    ]

    /// A list as the checker labels it: short lists in full, long ones by their start.
    static func describe(_ values: [Double]) -> String {
        values.count <= 6 ? show(values) : String(show(Array(values.prefix(4))).dropLast()) + ", ... (\(values.count) values)]"
    }

    static func adamSteps(_ attempt: (Double, [Double], Double) throws -> [Double]) -> Verdict {
        typealias Input = (start: Double, gradients: [Double], learningRate: Double)
        var rng = SeededGenerator(seed: 11)
        let inputs: [(String, Input)] = [
            ("one step, the docstring's example", (1, [0.5], 0.1)),
            ("a constant gradient: steps of lr", (0, [1, 1, 1, 1, 1], 0.01)),
            ("a huge gradient: still steps of about lr", (0.3, [1e6, 1e6], 0.001)),
            ("a tiny gradient, where epsilon matters", (0, [1e-9, 1e-9, 1e-9], 0.01)),
            ("a gradient that flips sign", (2, [1, -1, 1, -1, 1, -1], 0.1)),
            ("zero gradients: the weight stays", (0.5, [0, 0, 0], 0.1)),
            ("1000 zero gradients, then 1: a step of 2.5 lr", (0, Array(repeating: 0, count: 1000) + [1], 0.01)),
            ("50 random gradients", (0.1, (0..<50).map { _ in rng.nextNormal() }, 0.003)),
            ("lr 50, Lesson 1's diverging rate", (0.2, [0.3, -0.1, 0.2], 50)),
            ("no gradients", (1, [], 0.1)),
        ]
        let cases = inputs.map { label, input in
            ("\(label): start \(show(input.start)), gradients \(describe(input.gradients)), lr \(show(input.learningRate))",
             input)
        }
        return compare(cases, attempt: { try attempt($0.start, $0.gradients, $0.learningRate) }, reference: { input in
            // TrainingEngine's Adam on a parameter of one element.
            var adam = try Adam(learningRate: input.learningRate)
            let weight = Parameter(name: "w", value: Matrix(rows: 1, columns: 1, elements: [input.start]))
            return input.gradients.map { g in
                weight.gradient = Matrix(rows: 1, columns: 1, elements: [g])
                adam.update([weight])
                return weight.value[0, 0]
            }
        }, same: { close($0, $1) }, show: { show($0) })
    }

    /// A divergence case: the losses the student sees, and the library's verdict on them.
    struct DivergenceCase {
        let initialLoss: Double
        let epochLosses: [Double]
        let factor: Double?
        /// The library's answer.
        let reference: () throws -> Int?
    }

    static func divergedAtEpoch(_ attempt: (Double, [Double], Double?) throws -> Int?) -> Verdict {
        func rule(_ initial: Double, _ losses: [Double], _ factor: Double?) -> (String, DivergenceCase) {
            let label = "initial loss \(show(initial)), epoch losses \(describe(losses)), factor "
                + (factor.map { show($0) } ?? "none")
            // The library's rule, epoch by epoch: a non-finite loss ends a run at once
            // (fit checks every mini-batch), an exploded one by DivergenceRule.
            return (label, DivergenceCase(initialLoss: initial, epochLosses: losses, factor: factor) {
                let divergence = DivergenceRule(lossIncreaseFactor: factor)
                for (i, loss) in losses.enumerated()
                where !loss.isFinite || divergence.lossExploded(epochLoss: loss, initialLoss: initial) {
                    return i + 1
                }
                return nil
            })
        }
        var cases = [
            rule(0.7, [0.65, 0.6, 0.55], 10), rule(0.7, [0.65, 8, 0.6], 10), rule(0.7, [7.0], 10),
            rule(0.5, [0.4, 4, 6], 10), rule(1, [1.5, 2.5], 2), rule(0.7, [0.6, .nan, 0.5], nil),
            rule(0.7, [0.6, .infinity], 10), rule(0.7, [100, 1000], nil), rule(0.7, [], 10),
        ]
        do {
            for learningRate in [50.0, 3, 0.01] { cases.append(try realRun(learningRate: learningRate)) }
        } catch {
            return .crashed("the reference run failed: \(error)")
        }
        return compare(cases, attempt: { try attempt($0.initialLoss, $0.epochLosses, $0.factor) },
                       reference: { try $0.reference() }, same: ==, show: { $0.map { "\($0)" } ?? "nil" })
    }

    /// A real training run through `fit`: the student gets the initial loss and the
    /// epoch losses of a run that only stops on NaN, and must find the epoch at which
    /// the same run (same seed) with `DivergenceRule(lossIncreaseFactor: 10)` stopped.
    static func realRun(learningRate: Double) throws -> (String, DivergenceCase) {
        // 64 rows of two features; the label says whether x0 + x1 > 0.
        var data = SeededGenerator(seed: 5)
        let x = Matrix(rows: 64, columns: 2, elements: (0..<128).map { _ in data.nextNormal() })
        let y = Matrix(rows: 64, columns: 1, elements: (0..<64).map { x[$0, 0] + x[$0, 1] > 0 ? 1 : 0 })
        func model(_ rng: inout SeededGenerator) throws -> Sequential {
            let model = Sequential()
            try model.add(Dense(8, inputDim: 2, activation: .relu))
            try model.add(Dense(1, activation: .sigmoid))
            try model.compile(loss: .binaryCrossEntropy, optimizer: try Adam(learningRate: learningRate),
                              metrics: [.accuracy], weightsFrom: &rng)
            return model
        }
        var rng = SeededGenerator(seed: 3)
        let free = try model(&rng)
        let initialLoss = try free.evaluate(x, y).loss
        let unstopped = try free.fit(x, y, epochs: 20, batchSize: 8, divergence: .nonFiniteOnly, rng: &rng)
        // A run stopped on NaN has no record of that epoch: its loss was NaN.
        let losses = unstopped.history.map(\.trainingLoss) + (unstopped.outcome.isUsable ? [] : [.nan])
        let label = "a real run of fit (Adam lr \(show(learningRate)), 20 epochs): initial loss \(show(initialLoss)), "
            + "epoch losses \(describe(losses)), factor 10"
        return (label, DivergenceCase(initialLoss: initialLoss, epochLosses: losses, factor: 10) {
            var again = SeededGenerator(seed: 3)
            let stopped = try model(&again).fit(x, y, epochs: 20, batchSize: 8,
                                                divergence: DivergenceRule(lossIncreaseFactor: 10), rng: &again)
            if case let .diverged(epoch, _) = stopped.outcome { return epoch }
            return nil
        })
    }

    static func binaryCrossEntropy(_ attempt: ([Double], [Double]) throws -> Double) -> Verdict {
        var rng = SeededGenerator(seed: 13)
        let many = (0..<50).map { _ in rng.nextDouble() }
        let labels = (0..<50).map { _ in Double(rng.nextInt(below: 2)) }
        let inputs: [(String, [Double], [Double])] = [
            ("the docstring's example", [0.9, 0.2], [1, 0]),
            ("always 0.5: log 2", [0.5, 0.5, 0.5], [1, 0, 1]),
            ("p = 0 for a positive row: clipped", [0], [1]),
            ("p = 1 for a negative row: clipped", [1], [0]),
            ("confident and right", [1, 0], [1, 0]),
            ("soft targets", [0.3, 0.8], [0.25, 1]),
            ("50 random rows", many, labels),
            ("no rows", [], []),
            ("1 prediction, 2 targets", [0.5], [1, 0]),
        ]
        let cases = inputs.map { ("\($0.0): p \(describe($0.1)), y \(describe($0.2))", (p: $0.1, y: $0.2)) }
        return compare(cases, attempt: { try attempt($0.p, $0.y) }, reference: { input in
            // TrainingEngine's loss on a one-column batch (it would stop the program on
            // unequal shapes, so those are refused first, as the exercise asks).
            guard !input.p.isEmpty, input.p.count == input.y.count else {
                throw ModelError.invalidArgument("need as many targets as predictions, at least one")
            }
            return Loss.binaryCrossEntropy.value(prediction: Matrix(rows: input.p.count, columns: 1, elements: input.p),
                                                 target: Matrix(rows: input.y.count, columns: 1, elements: input.y))
        }, same: { close($0, $1) }, show: { show($0) })
    }
}
