// RunningBest.swift
//
// What this file teaches: how tuning methods are compared. What matters after k trials
// is the best score found so far (the incumbent), so each method's curve is the
// running best of its trials: it only ever improves, stays flat while trials fail to
// beat it, and drops in steps. Curves averaged over several seeds, never one lucky run,
// are what a fair comparison draws.

/// "Best so far against trial" curves drawn with `LineChart`.
///
/// ```swift
/// var chart = LineChart(title: "Best validation loss so far", xLabel: "trial", yLabel: "loss")
/// chart.addRunningBest("random search", scores: randomLosses, mark: "r")
/// chart.addRunningBest("Bayesian optimisation", scores: boLosses, mark: "b")
/// print(chart.render())
/// ```
extension LineChart {
    /// The best value among the first k scores, for every k (the incumbent's score after
    /// each trial). A NaN or infinite score (a failed or diverged trial) never becomes
    /// the best; before the first finite score the result is NaN.
    ///
    /// runningBest([0.9, 0.7, .nan, 0.8, 0.6]) == [0.9, 0.7, 0.7, 0.7, 0.6]
    /// - Complexity: O(n).
    public static func runningBest(_ scores: [Double], better: BetterEnd = .lower) -> [Double] {
        var best = Double.nan
        return scores.map { s in
            if s.isFinite, best.isNaN || better.prefers(s, over: best) { best = s }
            return best
        }
    }

    /// Adds the running best of `scores` (trial k at x = k, from 1) as a staircase: flat
    /// until the trial that improves it, then straight down (or up) in that trial's
    /// column, the way an incumbent's score changes.
    /// - Parameters:
    ///   - scores: one score per trial, in the order the trials ran.
    ///   - better: `.lower` for losses and errors, `.higher` for accuracies.
    public mutating func addRunningBest(_ name: String, scores: [Double], mark: Character,
                                        better: BetterEnd = .lower) {
        add(name, points: LineChart.staircase(LineChart.runningBest(scores, better: better)), mark: mark)
    }

    /// Points drawing `values` (at x = 1, 2, 3, ...) as steps: each change gets an extra
    /// point at the old level just before the new x, so the line between them is flat
    /// and the change is vertical. NaN values are left out.
    public static func staircase(_ values: [Double]) -> [(x: Double, y: Double)] {
        var points: [(x: Double, y: Double)] = []
        for (k, v) in values.enumerated() where v.isFinite {
            let x = Double(k + 1)
            if let last = points.last, last.y != v {
                // 1e-6 of a trial before the change: the same character column, a
                // distinct x, so sorting by x keeps the order.
                points.append((x: x - 1e-6, y: last.y))
            }
            points.append((x: x, y: v))
        }
        return points
    }
}
