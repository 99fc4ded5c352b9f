// RankCorrelation.swift
//
// What this file teaches: how to ask "do two lists put things in the same order?"
// without caring about their scales. Spearman's rank correlation replaces each value
// by its rank and takes Pearson's correlation of the ranks: 1 when the orders agree
// exactly, -1 when one is the other reversed, near 0 when unrelated. Early-stopping
// tuners bet that the order of learning curves after a few epochs is the order at
// the end; this is the number that checks the bet.

extension Statistics {
    /// Ranks 1...n of `values`, ties sharing the mean of the ranks they span (scipy's
    /// `rankdata(method="average")`): [10, 30, 20, 20] -> [1, 4, 2.5, 2.5].
    /// - Complexity: O(n log n).
    public static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            // Positions start...end (0-based) hold equal values: ranks start+1 ... end+1.
            let shared = Double(start + end + 2) / 2
            for position in start...end { ranks[order[position]] = shared }
            start = end + 1
        }
        return ranks
    }

    /// Spearman's rank correlation of paired samples (scipy's `spearmanr`): Pearson's
    /// correlation of the average ranks,
    ///   rho = sum (a_i - mean a)(b_i - mean b) / sqrt(sum (a_i - mean a)^2 sum (b_i - mean b)^2).
    /// The textbook shortcut 1 - 6 sum d_i^2 / (n (n^2 - 1)) is only right without ties.
    ///
    /// Returns NaN for fewer than 2 pairs or when either list is constant (no order to
    /// compare). NaN inputs have no rank: leave them out first.
    /// - Precondition: `x.count == y.count`.
    public static func spearmanCorrelation(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "spearmanCorrelation needs pairs, got \(x.count) and \(y.count) values")
        guard x.count >= 2 else { return .nan }
        let a = averageRanks(x), b = averageRanks(y)
        let meanA = mean(a), meanB = mean(b)
        var cross = 0.0, squaresA = 0.0, squaresB = 0.0
        for i in a.indices {
            cross += (a[i] - meanA) * (b[i] - meanB)
            squaresA += (a[i] - meanA) * (a[i] - meanA)
            squaresB += (b[i] - meanB) * (b[i] - meanB)
        }
        guard squaresA > 0, squaresB > 0 else { return .nan }
        return cross / (squaresA * squaresB).squareRoot()
    }
}
