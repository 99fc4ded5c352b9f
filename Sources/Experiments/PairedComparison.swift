// PairedComparison.swift
//
// What this file teaches: how to compare two search methods honestly. One run proves
// nothing (either could be lucky), so we repeat the comparison over many problems or
// seeds, give both methods the same budget and the same data, and count how often each
// won. If both were equally good, each pairing would be a coin toss; the exact sign
// test says how surprising the observed split is, and only a split unlikely under
// "equally good" (p < 0.05) is reported as a winner.

import LabMath
import TextCharts

/// The best values two methods reached on the same problems or seeds.
public struct PairedComparison: Sendable {
    /// One problem or seed: what each method reached.
    public struct Pairing: Sendable {
        public let first: Double
        public let second: Double
        public init(first: Double, second: Double) {
            self.first = first
            self.second = second
        }
    }

    public let firstName: String
    public let secondName: String
    public let direction: OptimizationDirection
    public var pairings: [Pairing]

    public init(firstName: String, secondName: String, direction: OptimizationDirection, pairings: [Pairing] = []) {
        self.firstName = firstName
        self.secondName = secondName
        self.direction = direction
        self.pairings = pairings
    }

    public var firstWins: Int { pairings.filter { direction.isBetter($0.first, than: $0.second) }.count }
    public var secondWins: Int { pairings.filter { direction.isBetter($0.second, than: $0.first) }.count }
    public var ties: Int { pairings.count - firstWins - secondWins }
    public var medianFirst: Double { Statistics.median(pairings.map(\.first)) }
    public var medianSecond: Double { Statistics.median(pairings.map(\.second)) }
    /// Median of (second - first).
    public var medianDifference: Double { Statistics.median(pairings.map { $0.second - $0.first }) }
    /// The exact sign test's p-value for the win counts (ties dropped).
    public var pValue: Double { Statistics.signTestPValue(wins: firstWins, losses: secondWins) }

    /// "X did better (...)" only when the sign test rejects "equally good" at the 5%
    /// level; otherwise "neither method was clearly better (...)".
    public var verdict: String {
        let counts = "\(secondName) won \(secondWins), \(firstName) \(firstWins), ties \(ties), of \(pairings.count); sign test p "
            + Format.pValue(pValue)
        guard pValue < 0.05 else { return "neither method was clearly better (\(counts))" }
        return (secondWins > firstWins ? secondName : firstName) + " did better (\(counts))"
    }

    /// A note when there are too few pairings for any split to be significant.
    public var smallSampleNote: String? {
        guard pairings.count < 6 else { return nil }
        return "With \(Format.counted(pairings.count, "pairing")) no split can be conclusive: even "
            + "\(Format.counted(pairings.count, "win")) to 0 gives p "
            + Format.pValue(Statistics.signTestPValue(wins: pairings.count, losses: 0)) + "."
    }
}
