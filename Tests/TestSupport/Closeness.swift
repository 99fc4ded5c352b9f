// Closeness.swift: comparing floating-point results with a stated tolerance.
//
// An exact `==` between two computations that round differently is a coin toss, and
// a loose tolerance hides bugs. Each test states its tolerance and why; this file
// only measures error in meaningful units.

/// |a - b| / max(|a|, |b|), or 0 when both are 0. Not symmetric in spirit only: it is
/// a symmetric measure, so "a close to b" and "b close to a" agree (unlike dividing by
/// one of them). Beware: closeness is not transitive.
public func relativeError(_ a: Double, _ b: Double) -> Double {
    if a == b { return 0 }
    let scale = max(abs(a), abs(b))
    return abs(a - b) / scale
}

/// True when `a` and `b` differ by at most `relative` (relative error) or by at most
/// `absolute` (for values near zero, where relative error is meaningless).
public func isClose(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    abs(a - b) <= absolute || relativeError(a, b) <= relative
}

/// The largest relative error between matching elements.
public func maximumRelativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).map { relativeError($0, $1) }.max() ?? 0
}
