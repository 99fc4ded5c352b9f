// Metric.swift
//
// What this file teaches: the difference between the loss (what the optimizer
// minimises, smooth so it has gradients) and a metric (what a human reads: the share
// of correct answers, the average error in the target's units).

import LabMath

/// A quality measure reported during training, named as in Keras (`metrics=['accuracy']`).
public enum Metric: String, Sendable, CaseIterable {
    /// The share of examples classified correctly. With one output column the
    /// prediction is "1" when the output exceeds 0.5 (Keras's binary accuracy); with
    /// several columns it is the column of the largest output (categorical accuracy).
    case accuracy
    /// The mean absolute difference between prediction and target.
    case meanAbsoluteError

    /// True when larger values are better.
    public var higherIsBetter: Bool { self == .accuracy }

    /// The Keras spelling for printing, e.g. "accuracy", "mae".
    public var shortName: String { self == .accuracy ? "accuracy" : "mae" }

    /// A sum and a count whose ratio is the metric, so that a metric can be
    /// accumulated batch by batch and divided once at the end of the epoch.
    public func total(prediction a: Matrix, target y: Matrix) -> (sum: Double, count: Int) {
        let k = a.columns
        return a.elements.withUnsafeBufferPointer { A in
            y.elements.withUnsafeBufferPointer { Y in
                switch self {
                case .meanAbsoluteError:
                    var sum = 0.0
                    for i in 0..<A.count { sum += abs(A[i] - Y[i]) }
                    return (sum, A.count)
                case .accuracy:
                    var correct = 0
                    for r in 0..<a.rows {
                        let base = r * k
                        if k == 1 {
                            if (A[base] > 0.5) == (Y[base] > 0.5) { correct += 1 }
                        } else if indexOfFirstMaximum(A.baseAddress! + base, k)
                                    == indexOfFirstMaximum(Y.baseAddress! + base, k) {
                            correct += 1
                        }
                    }
                    return (Double(correct), a.rows)
                }
            }
        }
    }

    /// The metric of predictions `a` against targets `y`.
    public func value(prediction a: Matrix, target y: Matrix) -> Double {
        let (sum, count) = total(prediction: a, target: y)
        return count == 0 ? .nan : sum / Double(count)
    }
}

/// The position of the largest of the `count` values at `row` (the first one on ties),
/// for `count >= 1`: the "argmax" of a row of predictions or one-hot targets.
///
/// The plain loop `for j in 1..<count where row[j] > row[best] { best = j }` branches
/// on every comparison, and where the maximum sits is random from row to row, so the
/// processor guesses the branch wrong about once per row (some 15 cycles lost each
/// time, more than the comparisons cost). Here both outcomes are computed and one is
/// *selected*, which the compiler turns into conditional moves: no guessing. The
/// result is the same: `bestValue` is always `row[best]`, and a NaN is never larger
/// than anything (every comparison with NaN is false), in either form.
@inline(__always)
func indexOfFirstMaximum(_ row: UnsafePointer<Double>, _ count: Int) -> Int {
    var best = 0
    var bestValue = row[0]
    for j in 1..<count {
        let value = row[j]
        let larger = value > bestValue
        best = larger ? j : best
        bestValue = larger ? value : bestValue
    }
    return best
}
