// BracketPlan.swift
//
// What this file teaches: the arithmetic of successive halving and Hyperband, before
// anything is trained. Successive halving starts n trials on r epochs, keeps the best
// 1/eta of them, trains those eta times longer, and repeats until R epochs. Each such
// schedule is a *bracket*. How aggressive should it be: many trials on 1 epoch, or a
// few trials on many epochs? Hyperband (Li et al. 2018) does not bet: it runs every
// bracket s = s_max, ..., 0, from the most aggressive to plain full training.
//
// With R the maximum resource, r the minimum one and eta the reduction factor
// (Li et al., "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
// Optimization", JMLR 18(185), 2018, Algorithm 1):
//
//   s_max = floor(log_eta(R / r))                       brackets s = s_max, ..., 0
//   n     = ceil((s_max + 1) / (s + 1) * eta^s)         trials started in bracket s
//   r_s   = R * eta^-s                                  their first number of epochs
//   rung i = 0...s:  n_i = floor(n * eta^-i),  r_i = r_s * eta^i
//
// and from each rung the best floor(n_i / eta) trials are promoted to the next.
// For R = 81, eta = 3 this gives the paper's Table 1 (the tests check it).
//
// Epochs are whole numbers, so r_i = R eta^(i - s) is rounded to the nearest integer
// (halves up). Rungs are anchored at R: the last rung of every bracket trains exactly
// R epochs, whatever r is. When R / r is not a power of eta the first rung then gets
// a little more than r (R = 100, r = 1, eta = 3: rungs 1, 4, 11, 33, 100).
//
// Cost: a promoted trial *resumes*, so rung i costs n_i (r_i - r_{i-1}) epochs, not
// n_i r_i as when every rung retrains from scratch (the paper's accounting).

import TextCharts

/// One rung of a planned bracket: how many trials train to how many epochs.
public struct RungPlan: Sendable, Equatable {
    /// n_i, the trials that enter the rung.
    public let trials: Int
    /// r_i, the epochs each of them has trained when the rung judges them.
    public let epochs: Int
}

/// A successive-halving bracket, planned before it runs.
public struct BracketPlan: Sendable, Equatable {
    /// Li et al.'s index s: the bracket has s + 1 rungs.
    public let s: Int
    /// Rungs in order, from the first (most trials, fewest epochs) to R.
    public let rungs: [RungPlan]

    /// Epochs the bracket trains when promoted trials resume: sum of n_i (r_i - r_{i-1}).
    public var epochs: Int {
        var total = 0, previous = 0
        for rung in rungs {
            total += rung.trials * (rung.epochs - previous)
            previous = rung.epochs
        }
        return total
    }

    /// Epochs if every rung retrained its trials from scratch: sum of n_i r_i.
    public var epochsRetrainingFromScratch: Int { rungs.reduce(0) { $0 + $1.trials * $1.epochs } }

    /// The best floor(n_i / eta) of rung i go on: the planned rung sizes follow from n.
    /// (With an integer eta, floor(floor(n / eta^i) / eta) = floor(n / eta^(i+1)).)
    static func make(s: Int, initialTrials n: Int, eta: Int, maxResource: Int) -> BracketPlan {
        var rungs: [RungPlan] = []
        var size = n
        for i in 0...s {
            // eta^(s - i) <= R / r fits in an Int (see `maxBracket`).
            var divisor = 1
            for _ in 0..<(s - i) { divisor *= eta }
            // r_i = R / eta^(s - i), rounded to the nearest whole epoch, halves up: with
            // R = a q + b, that is a, plus 1 when b >= q - b (no 2R that could overflow).
            let remainder = maxResource % divisor
            let epochs = maxResource / divisor + (remainder >= divisor - remainder ? 1 : 0)
            rungs.append(RungPlan(trials: size, epochs: epochs))
            size /= eta
        }
        return BracketPlan(s: s, rungs: rungs)
    }
}

/// The geometry shared by successive halving, Hyperband and ASHA.
public enum Brackets {
    /// The largest maximum resource accepted: a million epochs keeps n_i r_i far from
    /// overflowing an Int for any eta.
    public static let largestResource = 1_000_000

    /// Checks the three numbers every halving scheduler takes.
    /// - Throws: `SearchError.invalidArgument` saying which one is wrong and why.
    public static func validate(eta: Int, minResource: Int, maxResource: Int) throws {
        guard eta >= 2 else {
            throw SearchError.invalidArgument("eta must be at least 2 (keep the best 1/eta of each rung), got \(eta)")
        }
        guard minResource >= 1 else {
            throw SearchError.invalidArgument("the minimum resource must be at least 1 epoch, got \(minResource)")
        }
        guard maxResource <= Brackets.largestResource else {
            throw SearchError.invalidArgument("the maximum resource must be at most \(Brackets.largestResource) epochs "
                                              + "(so that every bracket's arithmetic is exact), got \(maxResource)")
        }
        guard minResource <= maxResource else {
            throw SearchError.invalidArgument("the minimum resource (\(minResource) epochs) is larger than the "
                                              + "maximum (\(maxResource) epochs)")
        }
    }

    /// s_max = floor(log_eta(R / r)): the largest s with r eta^s <= R, computed with
    /// integers (a floating-point log_3(81) can come out as 3.9999999999999996).
    public static func maxBracket(eta: Int, minResource: Int, maxResource: Int) throws -> Int {
        try validate(eta: eta, minResource: minResource, maxResource: maxResource)
        var s = 0
        var reach = minResource
        // Multiply while r eta^(s + 1) <= R; dividing first avoids overflow.
        while reach <= maxResource / eta {
            reach *= eta
            s += 1
        }
        return s
    }

    /// Hyperband's brackets s = s_max, ..., 0 (Li et al. 2018, Algorithm 1).
    /// - Throws: `SearchError.invalidArgument` for bad settings, or when a bracket
    ///   would need more trials than an Int can count.
    public static func hyperband(eta: Int, minResource: Int, maxResource: Int) throws -> [BracketPlan] {
        let sMax = try maxBracket(eta: eta, minResource: minResource, maxResource: maxResource)
        return try (0...sMax).reversed().map { s in
            var power = 1
            for _ in 0..<s { power *= eta }
            // n = ceil((s_max + 1) eta^s / (s + 1)), in integers: (a + b - 1) / b.
            let (numerator, overflow) = (sMax + 1).multipliedReportingOverflow(by: power)
            guard !overflow else {
                throw SearchError.invalidArgument("bracket s = \(s) would start more trials than can be counted; "
                                                  + "use a larger minimum resource or eta")
            }
            let n = numerator / (s + 1) + (numerator % (s + 1) == 0 ? 0 : 1)
            return BracketPlan.make(s: s, initialTrials: n, eta: eta, maxResource: maxResource)
        }
    }

    /// The most aggressive bracket (s = s_max), which successive halving and ASHA use:
    /// `initialTrials` trials (eta^s_max by default, so that exactly one reaches R).
    /// - Throws: `SearchError.invalidArgument` for bad settings, or fewer initial
    ///   trials than eta^s_max (then no trial would reach R).
    public static func successiveHalving(eta: Int, minResource: Int, maxResource: Int,
                                         initialTrials: Int? = nil) throws -> BracketPlan {
        let sMax = try maxBracket(eta: eta, minResource: minResource, maxResource: maxResource)
        var power = 1
        for _ in 0..<sMax { power *= eta }
        let n = initialTrials ?? power
        guard n >= power else {
            throw SearchError.invalidArgument("with eta \(eta) and \(sMax + 1) rungs the first rung needs at least "
                                              + "\(power) trials so that one reaches \(maxResource) epochs, got \(n)")
        }
        return BracketPlan.make(s: sMax, initialTrials: n, eta: eta, maxResource: maxResource)
    }

    /// The bracket table, printed before a run as Lesson 3 prints a grid's cost: one
    /// row per rung, with each bracket's total in epochs (promoted trials resume).
    public static func table(_ plans: [BracketPlan]) -> String {
        var table = Table(columns: [Table.Column("bracket"), Table.Column("rung"), Table.Column("trials"),
                                    Table.Column("epochs each"), Table.Column("epochs spent"),
                                    Table.Column("bracket total")])
        for plan in plans {
            var previous = 0
            for (i, rung) in plan.rungs.enumerated() {
                table.addRow([i == 0 ? "s=\(plan.s)" : "", String(i), String(rung.trials), String(rung.epochs),
                              String(rung.trials * (rung.epochs - previous)),
                              i == plan.rungs.count - 1 ? String(plan.epochs) : ""])
                previous = rung.epochs
            }
        }
        let total = plans.reduce(0) { $0 + $1.epochs }
        let fromScratch = plans.reduce(0) { $0 + $1.epochsRetrainingFromScratch }
        return table.render() + "\n  all brackets: \(total) epochs (\(fromScratch) if every rung retrained from scratch)"
    }
}
