// Lesson2Checks.swift: the random-search exercises (Lessons/Exercises/Lesson2.swift),
// checked against HyperSearch's sampling, LabData's stratified folds and LabMath's
// statistics.

import Exercises
import HyperSearch
import LabData
import LabMath
import Solutions

enum Lesson2Checks {
    static let all: [ExerciseCheck] = [
        ExerciseCheck(id: "2.1", title: "logUniform: a log-uniform draw from a uniform one",
                      hint: "interpolate between log(low) and log(high), take exp, then clamp into [low, high]; "
                          + "refuse low <= 0, high <= low and infinite bounds") { source in
            logUniform(source == .student ? Exercises.logUniform : Solutions.logUniform)
        },
        ExerciseCheck(id: "2.2", title: "stratifiedFolds: k folds that keep the class shares",
                      hint: "one generator for all classes, classes in increasing label order, each class's rows "
                          + "in increasing order before its shuffle; deal the concatenation with position % k, "
                          + "without restarting at fold 0 for each class") { source in
            stratifiedFolds(source == .student ? Exercises.stratifiedFolds : Solutions.stratifiedFolds)
        },
        ExerciseCheck(id: "2.3", title: "foldMeanAndStandardError: how far the mean can be trusted",
                      hint: "standard error = sample standard deviation (divide by k - 1) / sqrt(k); subtract the "
                          + "mean before squaring; NaN for one score, an error for none") { source in
            foldMeanAndStandardError(source == .student ? Exercises.foldMeanAndStandardError
                                                        : Solutions.foldMeanAndStandardError)
        },
    ]

    /// A draw and the interval it must lie in: an answer one rounding step outside
    /// [low, high] is wrong, although `close` would accept it.
    struct Draw {
        let x: Double
        let low: Double, high: Double
        var isInside: Bool { low <= x && x <= high }
    }

    static func logUniform(_ attempt: (Double, Double, Double) throws -> Double) -> Verdict {
        // u is what the generator with `seed` draws first; the library's own sample
        // from that generator is the answer. The last two usable intervals are one or
        // a few rounding steps wide: there exp(log(x)) lands outside [low, high]
        // unless clamped (seed 9: exp of the interpolated log gives 4.999999999999999
        // < 5; seed 1: 0.1 * pow(high / 0.1, u) gives 0.10000000000000003 > high;
        // found with Tests/References/seeded_generator.py and Python's math, which
        // calls the same C library as Swift on Linux).
        let inputs: [(seed: UInt64, low: Double, high: Double, name: String?)] = [
            (42, 1e-4, 0.1, nil), (1, 1e-4, 0.1, nil), (7, 1e-4, 0.1, nil), (3, 2, 32, nil), (5, 1e-6, 1, nil),
            (9, 0.5, 0.6, nil), (11, 1, 1e6, nil), (13, 0.1, 0.1 * (1 + 1e-15), nil),
            (9, 5, 5 * (1 + 1e-15), "low 5, high 5 (1 + 1e-15): rounding may leave the range"),
            (1, 0.1, 0.1.nextUp, "low 0.1, high the next Double after 0.1: rounding may leave the range"),
            (1, 0, 1, nil), (1, -1, 1, nil), (1, 0.1, 0.1, nil), (1, 0.1, 0.01, nil), (1, 1e-4, .infinity, nil),
        ]
        let cases = inputs.map { input -> (String, (u: Double, seed: UInt64, low: Double, high: Double)) in
            var generator = SeededGenerator(seed: input.seed)
            let u = generator.nextDouble()
            let bounds = input.name ?? "low \(show(input.low)), high \(show(input.high))"
            return ("u = \(show(u)), \(bounds)", (u, input.seed, input.low, input.high))
        }
        return compare(cases, attempt: { Draw(x: try attempt($0.u, $0.low, $0.high), low: $0.low, high: $0.high) },
                       reference: { input in
            // SearchSpace refuses bounds it cannot sample from; Hyperparameter.sample draws.
            let space = try SearchSpace([.real("x", low: input.low, high: input.high, scale: .log)])
            var generator = SeededGenerator(seed: input.seed)
            guard let x = space.parameters[0].sample(&generator).number else { throw InvalidInput("not a number") }
            return Draw(x: x, low: input.low, high: input.high)
        }, same: { close($0.x, $1.x) && $1.isInside },
        show: { draw in "\(draw.x)" + (draw.isInside ? "" : " (outside [low, high]: clamp it)") })
    }

    /// What the checker compares for stratified folds: each property by name, then the
    /// folds themselves.
    static func foldFacts(_ folds: [[Int]], labels: [Int], k: Int) -> String {
        let rows = folds.flatMap { $0 }
        var counts = [Int](repeating: 0, count: labels.count)
        for row in rows where labels.indices.contains(row) { counts[row] += 1 }
        if folds.count != k { return "\(folds.count) folds" }
        if let row = rows.first(where: { !labels.indices.contains($0) }) { return "row \(row), which does not exist" }
        if let row = counts.firstIndex(where: { $0 != 1 }) { return "row \(row) in \(counts[row]) folds" }
        let sizes = folds.map(\.count)
        if sizes.max()! - sizes.min()! > 1 { return "fold sizes \(sizes), which differ by more than one" }
        for label in Array(Set(labels)).sorted() {
            let n = labels.filter { $0 == label }.count
            let perFold = folds.map { fold in fold.filter { labels[$0] == label }.count }
            if perFold.contains(where: { $0 != n / k && $0 != (n + k - 1) / k }) {
                return "class \(label) (\(n) rows) split \(perFold) over the folds, not \(n / k) or \((n + k - 1) / k) each"
            }
        }
        if let unsorted = folds.firstIndex(where: { $0 != $0.sorted() }) { return "fold \(unsorted) not sorted" }
        return "folds \(folds)"
    }

    static func stratifiedFolds(_ attempt: ([Int], Int, UInt64) throws -> [[Int]]) -> Verdict {
        var generator = SeededGenerator(seed: 17)
        let pimaLike = (0..<60).map { _ in generator.nextDouble() < 0.35 ? 1 : 0 }
        let inputs: [(String, [Int], Int, UInt64)] = [
            ("the docstring's example", [0, 0, 1, 1, 1], 2, 42),
            ("two balanced classes", [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 5, 1),
            ("60 rows, about 35% positive, 5 folds", pimaLike, 5, 42),
            ("60 rows, 3 folds, another seed", pimaLike, 3, 7),
            ("three classes, labels not 0-based", [5, 2, 5, 9, 2, 2, 5, 9, 9, 2, 5], 3, 3),
            ("a class smaller than k", [0, 0, 0, 0, 0, 0, 1], 3, 5),
            ("one class only", [4, 4, 4, 4, 4], 2, 9),
            ("k = number of rows", [1, 0, 1, 0], 4, 2),
            ("k = 1", [0, 1, 0, 1], 1, 2),
            ("k larger than the rows", [0, 1, 0], 4, 2),
        ]
        let cases = inputs.map { ("labels \($0.1.count <= 12 ? "\($0.1)" : "of \($0.1.count) rows"), k \($0.2), seed \($0.3) "
                                  + "(\($0.0))", (labels: $0.1, k: $0.2, seed: $0.3)) }
        return compare(cases, attempt: { input in
            foldFacts(try attempt(input.labels, input.k, input.seed), labels: input.labels, k: input.k)
        }, reference: { input in
            var rng = SeededGenerator(seed: input.seed)
            let folds = try FoldGenerator.stratifiedKFold(labels: input.labels, k: input.k, rng: &rng)
            return foldFacts(folds.map(\.validationIndices), labels: input.labels, k: input.k)
        }, same: ==, show: { $0 })
    }

    static func foldMeanAndStandardError(_ attempt: ([Double]) throws -> (mean: Double, standardError: Double)) -> Verdict {
        var generator = SeededGenerator(seed: 19)
        let inputs: [(String, [Double])] = [
            ("the docstring's example", [0.76, 0.78, 0.80, 0.76, 0.76]),
            ("three folds", [0.56, 0.72, 0.70]),
            ("two folds", [0.74, 0.78]),
            ("all equal: no spread", [0.75, 0.75, 0.75]),
            ("ten random folds", (0..<10).map { _ in 0.7 + 0.1 * generator.nextDouble() }),
            ("large numbers close together", [1e9 + 0.125, 1e9 + 0.25, 1e9 + 0.375]),
            ("one fold: no standard error", [0.8]),
            ("no folds", []),
        ]
        let cases = inputs.map { ("\($0.0): \(show($0.1))", $0.1) }
        return compare(cases, attempt: { try attempt($0) }, reference: { scores in
            guard !scores.isEmpty else { throw InvalidInput("no fold scores") }
            // LabMath's mean and sample standard deviation (delta degrees of freedom 1).
            let s = Statistics.standardDeviation(scores, deltaDegreesOfFreedom: 1)
            return (Statistics.mean(scores), s / Double(scores.count).squareRoot())
        }, same: { close($0.mean, $1.mean) && close($0.standardError, $1.standardError) },
        show: { "(mean: \(show($0.mean)), standardError: \(show($0.standardError)))" })
    }
}
