// Lesson 2: the teacher's solutions (`swift run Check 2 --solutions` grades them).

import Exercises
import LabMath

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public func logUniform(u: Double, low: Double, high: Double) throws -> Double {
    guard low.isFinite, high.isFinite, low > 0, high > low else {
        throw InvalidInput("log-uniform sampling needs finite bounds with 0 < low < high, got [\(low), \(high)]")
    }
    let x = exp(log(low) + (log(high) - log(low)) * u)
    return min(max(x, low), high)
}

public func stratifiedFolds(labels: [Int], k: Int, seed: UInt64) throws -> [[Int]] {
    guard k >= 2, k <= labels.count else { throw InvalidInput("need 2 <= k <= \(labels.count), got k = \(k)") }
    var rng = SeededGenerator(seed: seed)
    var dealt: [Int] = []
    // Classes in increasing label order (a sorted list, never a dictionary's order).
    for label in Array(Set(labels)).sorted() {
        var rows = labels.indices.filter { labels[$0] == label }
        rng.shuffle(&rows)
        dealt += rows
    }
    var folds = [[Int]](repeating: [], count: k)
    for (position, row) in dealt.enumerated() { folds[position % k].append(row) }
    return folds.map { $0.sorted() }
}

public func foldMeanAndStandardError(scores: [Double]) throws -> (mean: Double, standardError: Double) {
    guard !scores.isEmpty else { throw InvalidInput("no fold scores") }
    let k = Double(scores.count)
    let mean = scores.reduce(0, +) / k
    guard scores.count > 1 else { return (mean, .nan) }
    // Two passes: squared deviations from the mean, so nearly equal large scores
    // do not cancel.
    let squares = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, (squares / (k - 1)).squareRoot() / k.squareRoot())
}
