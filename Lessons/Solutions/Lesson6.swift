// Lesson 6: the teacher's solutions (`swift run Check 6 --solutions` grades them).

import Exercises

public func halvingRungs(initialTrials: Int, minEpochs: Int, maxEpochs: Int,
                         eta: Int) throws -> [(trials: Int, epochs: Int)] {
    let s = try halvings(minEpochs: minEpochs, maxEpochs: maxEpochs, eta: eta)
    var needed = 1
    for _ in 0..<s { needed *= eta }
    guard initialTrials >= needed else {
        throw InvalidInput("\(s + 1) rungs need at least \(needed) initial trials, got \(initialTrials)")
    }
    return rungs(s: s, initialTrials: initialTrials, maxEpochs: maxEpochs, eta: eta)
}

public func hyperbandBrackets(minEpochs: Int, maxEpochs: Int,
                              eta: Int) throws -> [(s: Int, trials: Int, firstEpochs: Int, totalEpochs: Int)] {
    let sMax = try halvings(minEpochs: minEpochs, maxEpochs: maxEpochs, eta: eta)
    return stride(from: sMax, through: 0, by: -1).map { s in
        var power = 1
        for _ in 0..<s { power *= eta }
        // ceil(a / b) = (a + b - 1) / b for positive integers.
        let n = ((sMax + 1) * power + s) / (s + 1)
        let plan = rungs(s: s, initialTrials: n, maxEpochs: maxEpochs, eta: eta)
        var total = 0, previous = 0
        for rung in plan {
            total += rung.trials * (rung.epochs - previous)
            previous = rung.epochs
        }
        return (s, n, plan[0].epochs, total)
    }
}

public func promotedTrials(scores: [Double?], eta: Int) throws -> [Int] {
    guard eta >= 2 else { throw InvalidInput("eta must be at least 2, got \(eta)") }
    guard scores.count >= eta else { throw InvalidInput("a rung needs at least eta = \(eta) trials") }
    let scored = scores.indices.compactMap { i in scores[i].map { (index: i, score: $0) } }
    // Best first; equal scores keep the earlier trial first.
    let ranked = scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
    return ranked.prefix(scores.count / eta).map(\.index)
}

public func medianPruningEpoch(curve: [Double], completed: [[Double]], warmupEpochs: Int,
                               intervalEpochs: Int) throws -> Int? {
    guard !curve.isEmpty, warmupEpochs >= 0, intervalEpochs >= 1 else {
        throw InvalidInput("need a non-empty curve, warmupEpochs >= 0 and intervalEpochs >= 1")
    }
    guard completed.allSatisfy({ $0.count == curve.count }) else {
        throw InvalidInput("every completed curve must have \(curve.count) scores")
    }
    guard let incumbent = completed.map({ $0[$0.count - 1] }).max() else { return nil }
    var best = -Double.infinity
    for k in 1..<curve.count + 1 {
        best = max(best, curve[k - 1])
        guard k < curve.count else { break }
        let step = k - 1
        guard step >= warmupEpochs, (step - warmupEpochs) % intervalEpochs == 0 else { continue }
        if best >= incumbent { continue }
        if best < median(completed.map { $0[k - 1] }) { return k }
    }
    return nil
}

/// floor(log_eta(R / r)) in integers, after checking the settings.
private func halvings(minEpochs r: Int, maxEpochs R: Int, eta: Int) throws -> Int {
    guard eta >= 2, r >= 1, r <= R, R <= 1_000_000 else {
        throw InvalidInput("need eta >= 2 and 1 <= r <= R <= 1,000,000")
    }
    var s = 0, reach = r
    while reach <= R / eta {
        reach *= eta
        s += 1
    }
    return s
}

/// The rungs of a bracket with s halvings, anchored at R.
private func rungs(s: Int, initialTrials n: Int, maxEpochs R: Int, eta: Int) -> [(trials: Int, epochs: Int)] {
    (0...s).map { i in
        var divisor = 1, trials = n
        for _ in 0..<(s - i) { divisor *= eta }
        for _ in 0..<i { trials /= eta }
        // R / divisor rounded, halves up: 2R / divisor, plus one, halved.
        return (trials, (2 * R / divisor + 1) / 2)
    }
}

private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
