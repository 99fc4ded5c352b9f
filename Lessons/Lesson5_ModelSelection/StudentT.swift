// StudentT.swift
//
// What this file teaches: how high the bar is for calling a fold-by-fold lead "clear".
// With k folds the k differences give a mean (the lead) and a standard error
// s.e. = sd(d) / sqrt(k), and t = lead / s.e. If the two candidates were equally good,
// t would follow Student's t distribution with k - 1 degrees of freedom (the paired
// t-test, assuming the differences are independent and roughly normal). Its tails are
// far heavier than the normal's when k is small: 5% of the mass lies beyond +-1.96 for
// the normal, beyond +-4.30 for t with 2 degrees of freedom (3 folds) and beyond
// +-12.71 with 1 (2 folds). So "more than two standard errors" would call leads clear
// that a paired t-test gives p of 0.1 to 0.3.

enum StudentT {
    /// t_{0.975, df}: the value that Student's t with `df` degrees of freedom exceeds
    /// in absolute value with probability 5% (the two-sided 5% critical value).
    ///
    /// The table was computed with SciPy 1.17.1:
    /// `[round(scipy.stats.t.ppf(0.975, df), 6) for df in range(1, 11)]`.
    /// Beyond 10 degrees of freedom the value for 10 is returned: a slightly higher
    /// bar than the exact one (2.228 against 2.042 at 30), so nothing is called clear
    /// that the exact test would not call clear. (Lesson 5 uses 1 or 2.)
    /// - Returns: nil for fewer than 1 degree of freedom (fewer than two folds).
    static func twoSidedCriticalValue5Percent(degreesOfFreedom df: Int) -> Double? {
        guard df >= 1 else { return nil }
        return table[min(df, table.count) - 1]
    }

    /// t_{0.975, df} for df = 1...10 (SciPy, see above).
    static let table = [12.706205, 4.302653, 3.182446, 2.776445, 2.570582,
                        2.446912, 2.364624, 2.306004, 2.262157, 2.228139]
}
