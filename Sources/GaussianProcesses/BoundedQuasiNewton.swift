// BoundedQuasiNewton.swift
//
// What this file teaches: how to minimise a smooth function of a few variables that
// must stay inside a box, lower <= x <= upper, using only values and gradients. This is
// the job scikit-learn hands to SciPy's L-BFGS-B when it fits a Gaussian process.
//
// The method is a *projected quasi-Newton* method (Bertsekas, "Projected Newton methods
// for optimization problems with simple constraints", SIAM J. Control Optim. 20(2),
// 1982), with the BFGS update of Nocedal and Wright, "Numerical Optimization", 2nd ed.,
// 2006, section 6.1. Each iteration:
//
//   1. Stop if the projected gradient x - P(x - g) is tiny (P clamps into the box):
//      then no feasible direction goes downhill (the first-order optimality test).
//   2. Split the variables. *Active*: at (or within eps of) a bound with the gradient
//      pushing out of the box; they move by steepest descent, which the clamp turns
//      into "stay on the bound". *Free*: all others; they follow the quasi-Newton
//      direction d = -H g, where H approximates the inverse Hessian.
//   3. Line search along the projected path x(a) = P(x + a d): backtrack from a = 1
//      until f(x(a)) <= f(x) + c1 g . (x(a) - x) (the Armijo condition).
//   4. Update H with the step s and the gradient change y by the BFGS formula, if the
//      curvature s . y is positive (otherwise H would stop being positive definite).
//
// Everything is deterministic: the same start gives the same steps, bit for bit.
// The problems here have d + 2 <= a few dozen variables, so H is a dense matrix.

import LabMath

/// Why a run of `BoundedQuasiNewton` stopped.
public enum QuasiNewtonStopReason: String, Sendable {
    /// The projected gradient's largest entry fell below `gradientTolerance`.
    case projectedGradientSmall
    /// An accepted step improved f by less than `relativeFunctionTolerance` (relative).
    case functionChangeSmall
    /// `maximumIterations` steps were taken.
    case iterationLimit
    /// Not even a tiny steepest-descent step improved f (round-off level reached).
    case lineSearchFailed
    /// f was not finite at the starting point.
    case startNotFinite
}

/// The outcome of one minimisation.
public struct QuasiNewtonResult: Sendable {
    /// The best point found (inside the box).
    public var point: [Double]
    /// f at `point`.
    public var value: Double
    /// Accepted steps.
    public var iterations: Int
    /// Calls of the objective (each one value and one gradient).
    public var evaluations: Int
    public var stopReason: QuasiNewtonStopReason
}

/// A projected BFGS minimiser for box constraints (Bertsekas 1982; Nocedal and Wright
/// 2006, ch. 6). Stopping rules mirror SciPy's L-BFGS-B defaults.
///
/// ```swift
/// // minimise (x - 3)^2 + (y + 1)^2 over [0, 2] x [-5, 5]: the answer is (2, -1)
/// let result = try BoundedQuasiNewton().minimize(from: [0.5, 0], lower: [0, -5], upper: [2, 5]) { x, g in
///     g[0] = 2 * (x[0] - 3); g[1] = 2 * (x[1] + 1)
///     return (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1)
/// }
/// ```
public struct BoundedQuasiNewton: Sendable {
    /// At most this many accepted steps.
    public var maximumIterations = 200
    /// Stop when max_i |x_i - P(x - g)_i| <= this (L-BFGS-B's `pgtol`).
    public var gradientTolerance = 1e-5
    /// Stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= this (L-BFGS-B's
    /// `factr` 1e7 times machine epsilon).
    public var relativeFunctionTolerance = 1e7 * Double.ulpOfOne
    /// The first step (while H is still the identity) moves no variable by more than
    /// this. In log space, 1 means "at most a factor e": the raw gradient of a marginal
    /// likelihood can be in the hundreds, which would jump straight to the bounds.
    public var maximumFirstStep = 1.0

    public init() {}

    /// Minimises `objective` over the box `lower <= x <= upper` starting at `start`
    /// (clamped into the box first).
    ///
    /// - Parameters:
    ///   - objective: returns f(x) and writes the gradient into its second argument
    ///     (an array of the right length). It may return +infinity (or NaN) where f is
    ///     undefined; the line search then backs off.
    /// - Returns: the best point, its value, and the work done.
    /// - Throws: `GaussianProcessError.invalidBounds` when the bounds do not have one
    ///   entry per variable, are NaN, or have lower > upper; the start must be finite.
    /// - Complexity: per iteration O(p^2) for p variables plus the objective's cost.
    public func minimize(from start: [Double], lower: [Double], upper: [Double],
                         _ objective: (_ x: [Double], _ gradient: inout [Double]) -> Double) throws
        -> QuasiNewtonResult {
        let p = start.count
        guard lower.count == p && upper.count == p else {
            throw GaussianProcessError.invalidBounds(
                "\(p) variables but \(lower.count) lower and \(upper.count) upper bounds")
        }
        if let i = (0..<p).first(where: { !(lower[$0] <= upper[$0]) || !start[$0].isFinite }) {
            throw GaussianProcessError.invalidBounds(
                "variable \(i): start \(start[i]), bounds [\(lower[i]), \(upper[i])]")
        }
        func project(_ v: Double, _ i: Int) -> Double { min(max(v, lower[i]), upper[i]) }

        var x = (0..<p).map { project(start[$0], $0) }
        var g = [Double](repeating: 0, count: p)
        var f = objective(x, &g)
        var evaluations = 1
        guard f.isFinite else {
            return QuasiNewtonResult(point: x, value: f, iterations: 0, evaluations: 1, stopReason: .startNotFinite)
        }
        var inverseHessian = identity(p)
        var hessianIsIdentity = true
        var trial = x, trialGradient = g, direction = g, step = g
        var iterations = 0

        while iterations < maximumIterations {
            // 1. Projected gradient: zero exactly at a box-constrained stationary point.
            var projectedGradientNorm = 0.0
            for i in 0..<p { projectedGradientNorm = max(projectedGradientNorm, abs(x[i] - project(x[i] - g[i], i))) }
            if projectedGradientNorm <= gradientTolerance {
                return QuasiNewtonResult(point: x, value: f, iterations: iterations, evaluations: evaluations,
                                         stopReason: .projectedGradientSmall)
            }
            // 2. Active variables (Bertsekas's eps-active set, eps shrinking near the
            //    solution) follow -g; free ones follow -H_FF g_F.
            let nearBound = min(1e-3, projectedGradientNorm)
            let active = (0..<p).map { i in
                (x[i] <= lower[i] + nearBound && g[i] > 0) || (x[i] >= upper[i] - nearBound && g[i] < 0)
            }
            var freeSlope = 0.0
            for i in 0..<p {
                if active[i] {
                    direction[i] = -g[i]
                } else {
                    var sum = 0.0
                    for j in 0..<p where !active[j] { sum -= inverseHessian[i * p + j] * g[j] }
                    direction[i] = sum
                    freeSlope += g[i] * sum
                }
            }
            // Safeguard: round-off can make H indefinite; then -H g may point uphill.
            // Fall back to steepest descent with H reset to the identity.
            if freeSlope >= 0 && !hessianIsIdentity {
                inverseHessian = identity(p)
                hessianIsIdentity = true
                for i in 0..<p { direction[i] = -g[i] }
            }
            // 3. Backtracking line search along the projected path.
            var a = 1.0
            if hessianIsIdentity {
                let largest = direction.reduce(0) { max($0, abs($1)) }
                if largest > maximumFirstStep { a = maximumFirstStep / largest }
            }
            var accepted = false
            var trialValue = Double.infinity
            for _ in 0..<30 {
                var decrease = 0.0      // g . (x(a) - x): the predicted change, < 0 downhill
                for i in 0..<p {
                    trial[i] = project(x[i] + a * direction[i], i)
                    step[i] = trial[i] - x[i]
                    decrease += g[i] * step[i]
                }
                // A projected step that goes nowhere, or no longer points downhill
                // (clamping can do that), cannot satisfy Armijo: shrink a.
                if decrease < 0 {
                    trialValue = objective(trial, &trialGradient)
                    evaluations += 1
                    if trialValue.isFinite && trialValue <= f + 1e-4 * decrease {
                        accepted = true
                        break
                    }
                }
                if trialValue.isFinite && decrease < 0 {
                    // Minimiser of the parabola through f, the slope and the trial value,
                    // kept within [a/10, a/2] (Nocedal and Wright, section 3.5).
                    let parabolaMinimum = -decrease * a / (2 * (trialValue - f - decrease))
                    a = min(max(parabolaMinimum, 0.1 * a), 0.5 * a)
                } else {
                    a *= 0.1   // infinite value (K not factorisable) or no descent
                }
            }
            guard accepted else {
                if hessianIsIdentity {
                    return QuasiNewtonResult(point: x, value: f, iterations: iterations, evaluations: evaluations,
                                             stopReason: .lineSearchFailed)
                }
                // The quasi-Newton direction failed: retry this iteration as steepest descent.
                inverseHessian = identity(p)
                hessianIsIdentity = true
                continue
            }
            iterations += 1
            // 4. BFGS update of the inverse Hessian (Nocedal and Wright, eq. 6.17):
            //    H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T,  rho = 1 / (y^T s).
            var y = trialGradient
            for i in 0..<p { y[i] -= g[i] }
            // A variable that ends the step on a bound with the gradient pushing outward
            // is held there by the box, not by curvature: its gradient stays nonzero
            // however the others move, and letting it into s and y would teach H a
            // curvature that does not exist (the step is clamped, the gradient is not).
            // Like L-BFGS-B's subspace step, update H on the other variables only.
            for i in 0..<p where (trial[i] <= lower[i] && trialGradient[i] > 0)
                || (trial[i] >= upper[i] && trialGradient[i] < 0) {
                step[i] = 0
                y[i] = 0
            }
            let sy = dot(step, y), yy = dot(y, y), ss = dot(step, step)
            // Curvature condition: skip the update unless s^T y > 0 clearly (a line
            // search without the Wolfe curvature test does not guarantee it).
            if sy > 1e-10 * (ss * yy).squareRoot() {
                if hessianIsIdentity {
                    // Before the first update, scale the identity to the observed
                    // curvature, H = (s^T y / y^T y) I (Nocedal and Wright, eq. 6.20).
                    let scale = sy / yy
                    for i in 0..<p { inverseHessian[i * p + i] = scale }
                    hessianIsIdentity = false
                }
                updateInverseHessian(&inverseHessian, step: step, gradientChange: y, p: p)
            }
            let change = f - trialValue
            x = trial
            f = trialValue
            g = trialGradient
            if change <= relativeFunctionTolerance * max(abs(f), abs(f + change), 1) {
                return QuasiNewtonResult(point: x, value: f, iterations: iterations, evaluations: evaluations,
                                         stopReason: .functionChangeSmall)
            }
        }
        return QuasiNewtonResult(point: x, value: f, iterations: iterations, evaluations: evaluations,
                                 stopReason: .iterationLimit)
    }
}

/// H <- H + (rho + rho^2 y^T H y) s s^T - rho (H y s^T + s y^T H), the expanded form of
/// the BFGS inverse update for a symmetric H (Nocedal and Wright, eq. 6.17).
private func updateInverseHessian(_ h: inout [Double], step s: [Double], gradientChange y: [Double], p: Int) {
    let rho = 1 / dot(s, y)
    var hy = [Double](repeating: 0, count: p)
    for i in 0..<p {
        var sum = 0.0
        for j in 0..<p { sum += h[i * p + j] * y[j] }
        hy[i] = sum
    }
    let yhy = dot(y, hy)
    let outer = rho + rho * rho * yhy
    for i in 0..<p {
        for j in 0..<p {
            h[i * p + j] += outer * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j])
        }
    }
}

private func identity(_ p: Int) -> [Double] {
    var m = [Double](repeating: 0, count: p * p)
    for i in 0..<p { m[i * p + i] = 1 }
    return m
}
