// Lesson 7: the teacher's solutions (`swift run Check 7 --solutions` grades them).

import Exercises
import Foundation

public func tpeSplit(scores: [Double?], maximize: Bool, goodFraction: Double,
                     maxGood: Int) throws -> (good: [Int], bad: [Int]) {
    guard goodFraction > 0, goodFraction <= 1, maxGood >= 1 else {
        throw InvalidInput("need 0 < goodFraction <= 1 and maxGood >= 1")
    }
    let n = scores.count
    let gamma = min(Int((goodFraction * Double(n)).rounded(.up)), maxGood)
    // Scored trials, best first; equal scores keep trial order (a stable rule).
    let ranked = scores.indices.filter { scores[$0] != nil }.sorted { a, b in
        let x = scores[a]!, y = scores[b]!
        return (maximize ? x > y : x < y) || (x == y && a < b)
    }
    let good = ranked.prefix(gamma).map { $0 + 1 }
    let bad = (0..<n).map { $0 + 1 }.filter { !good.contains($0) }
    return (good, bad)
}

public func parzenLogDensity(observations: [Double], low: Double, high: Double, at x: Double) throws -> Double {
    guard low < high, observations.count <= 25, observations.allSatisfy({ $0 >= low && $0 <= high }) else {
        throw InvalidInput("need low < high, at most 25 observations, all in [low, high]")
    }
    guard x >= low, x <= high else { return -.infinity }
    let n = observations.count, range = high - low
    // Neighbour widths over the sorted observations, low and high as outer neighbours.
    let order = observations.indices.sorted { observations[$0] < observations[$1] || (observations[$0] == observations[$1] && $0 < $1) }
    let sorted = [low] + order.map { observations[$0] } + [high]
    var sigmas = [Double](repeating: 0, count: n)
    for (rank, index) in order.enumerated() {
        let k = rank + 1
        var width = max(sorted[k] - sorted[k - 1], sorted[k + 1] - sorted[k])
        if n >= 2 && rank == 0 { width = sorted[2] - sorted[1] }
        if n >= 2 && rank == n - 1 { width = sorted[n] - sorted[n - 1] }
        sigmas[index] = min(max(width, range / min(100, Double(n + 2))), range)
    }
    func truncatedNormal(_ mu: Double, _ sigma: Double) -> Double {
        let z = (x - mu) / sigma
        let mass = 0.5 * (erf((high - mu) / sigma / 2.0.squareRoot()) - erf((low - mu) / sigma / 2.0.squareRoot()))
        return exp(-z * z / 2) / (2 * Double.pi).squareRoot() / (sigma * mass)
    }
    var total = truncatedNormal((low + high) / 2, range)
    for i in 0..<n { total += truncatedNormal(observations[i], sigmas[i]) }
    return log(total / Double(n + 1))
}

public func winnerOptimism(innerScores: [Double], heldOutScores: [Double], trialCounts: [Int],
                           maximize: Bool) throws -> [Double] {
    guard !innerScores.isEmpty, innerScores.count == heldOutScores.count, let first = trialCounts.first, first >= 1,
          zip(trialCounts, trialCounts.dropFirst()).allSatisfy({ $0 < $1 }) else {
        throw InvalidInput("need trials, lists of equal length and increasing counts from 1")
    }
    return trialCounts.map { count in
        var winner = 0
        for i in 1..<min(count, innerScores.count) {
            let better = maximize ? innerScores[i] > innerScores[winner] : innerScores[i] < innerScores[winner]
            if better { winner = i }
        }
        let gap = innerScores[winner] - heldOutScores[winner]
        return maximize ? gap : -gap
    }
}

public func studyResumePoint(fileText: String) throws -> (trials: Int, partialLine: Bool) {
    guard let lastNewline = fileText.lastIndex(of: "\n") else { throw InvalidInput("no complete header line") }
    let complete = fileText[..<lastNewline].split(separator: "\n", omittingEmptySubsequences: false)
    let partial = fileText[fileText.index(after: lastNewline)...]
    func object(_ line: Substring) throws -> [String: Any] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(line.utf8)), let object = value as? [String: Any] else {
            throw InvalidInput("not a JSON object: \(line)")
        }
        return object
    }
    guard try object(complete[0])["format"] as? String == "TuningLab study" else { throw InvalidInput("not a study") }
    for (index, line) in complete.dropFirst().enumerated() {
        guard let number = try object(line)["trial"] as? Int, number == index + 1 else {
            throw InvalidInput("trial numbers must count up from 1")
        }
    }
    return (complete.count - 1, !partial.isEmpty)
}
