// Issue 8, item 3.1 at its root: the statistics behind every standardisation. Means
// and deviations of values near the ends of the double range used to overflow (or
// underflow to 0); they are now computed on values scaled by a power of two.

import Testing
import LabMath
import TestSupport

@Suite("Hostile input: statistics")
struct HostileInputStatisticsTests {
    @Test func item3_1_meanAndDeviationOfHugeValuesAreFinite() {
        #expect(Statistics.mean([1e308, -1e308]) == 0)
        #expect(Statistics.mean([1.7e308, 1.7e308]) == 1.7e308)
        // Population deviation of [1, 2, 4] m is sqrt(14 / 9) m.
        for m in [1e160, 1e300, 1e-170, 1e-300] {
            #expect(isClose(Statistics.standardDeviation([m, 2 * m, 4 * m]), (14.0 / 9).squareRoot() * m,
                            relative: 1e-14), "\(m)")
        }
        #expect(Statistics.standardDeviation([-1.7e308, 1.7e308]).isFinite)
        // The variance itself may overflow (it is 1e616 here); it says so with inf.
        #expect(Statistics.variance([1e308, -1e308]) == .infinity)
    }

    @Test func item3_1_scalingLeavesEverydayResultsBitForBit() {
        // Pima-like magnitudes: the scaled computation must give the very same bits as
        // the textbook running mean and Welford's update.
        let values = [148.0, 85, 183, 89, 137, 116, 78, 115, 197, 125, 0.078, 846]
        var mean = 0.0, sumOfSquares = 0.0
        for (k, x) in values.enumerated() {
            let delta = x - mean
            mean += delta / Double(k + 1)
            sumOfSquares += delta * (x - mean)
        }
        var runningMean = 0.0
        for (k, x) in values.enumerated() { runningMean += (x - runningMean) / Double(k + 1) }
        #expect(Statistics.mean(values) == runningMean)
        #expect(Statistics.variance(values) == sumOfSquares / Double(values.count))
        #expect(Statistics.standardDeviation(values) == (sumOfSquares / Double(values.count)).squareRoot())
    }
}
