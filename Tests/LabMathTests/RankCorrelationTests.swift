// Spearman's rank correlation against SciPy. Reference values: scipy 1.17.1,
// `scipy.stats.spearmanr(x, y).statistic` and `scipy.stats.rankdata(x)` on the inputs
// written next to each check (run by the session that wrote these tests).

import Testing
@testable import LabMath
import TestSupport

@Suite("Rank correlation")
struct RankCorrelationTests {
    @Test func averageRanksMatchSciPy() {
        #expect(Statistics.averageRanks([10, 30, 20, 20]) == [1, 4, 2.5, 2.5])
        #expect(Statistics.averageRanks([5, 5, 5]) == [2, 2, 2])
        #expect(Statistics.averageRanks([]) == [])
    }

    @Test func spearmanMatchesSciPy() {
        // With ties in both lists (0.77 twice in x, 0.70 in y once): 0.900937462695559.
        let x = [0.81, 0.64, 0.77, 0.77, 0.92, 0.55, 0.70]
        let y = [0.88, 0.71, 0.85, 0.90, 0.93, 0.60, 0.70]
        #expect(isClose(Statistics.spearmanCorrelation(x, y), 0.900937462695559, relative: 1e-14))
        // [1, 2, 3, 4, 5] against [5, 6, 7, 8, 7]: 0.8207826816681233.
        #expect(isClose(Statistics.spearmanCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]), 0.8207826816681233, relative: 1e-14))
        // Same order, reversed order, no order.
        #expect(Statistics.spearmanCorrelation([1, 2, 3], [10, 20, 30]) == 1)
        #expect(Statistics.spearmanCorrelation([1, 2, 3], [30, 20, 10]) == -1)
        #expect(Statistics.spearmanCorrelation([1, 1, 1], [1, 2, 3]).isNaN)
        #expect(Statistics.spearmanCorrelation([1], [2]).isNaN)
    }
}
