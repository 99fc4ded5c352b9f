// ShadingRamp.swift
//
// What this file teaches: how a terminal shows a third number without colour. Each
// value gets a character from a ramp that goes from light to dark (" .:-=+*#%@"), so a
// grid of scores becomes a picture in which the good region stands out at a glance.
// The ramp is a legend's promise: equal steps of value, always light = low.

/// Which end of a scale is better: accuracy (higher) or loss (lower).
public enum BetterEnd: Sendable, Equatable {
    case higher
    case lower

    /// Whether `a` is strictly better than `b`.
    public func prefers(_ a: Double, over b: Double) -> Bool {
        self == .higher ? a > b : a < b
    }
}

/// Characters ordered from light (lowest value) to dark (highest value).
///
/// The range from the minimum to the maximum is cut into as many equal steps as there
/// are characters, so with the standard ramp each character covers a tenth of it.
///
/// ```swift
/// let ramp = ShadingRamp.standard                 // " .:-=+*#%@"
/// ramp.character(for: 0.95, in: 0...1)            // "@"
/// ramp.character(for: 0.05, in: 0...1)            // " "
/// ramp.character(for: .nan, in: 0...1)            // nil: the caller shows it as missing
/// ```
public struct ShadingRamp: Sendable, Equatable {
    /// The characters, lightest first.
    public let characters: [Character]

    /// A ramp from a string of at least two characters, lightest first; a shorter
    /// string gives the standard ramp (a chart never traps on a bad option).
    public init(_ characters: String) {
        self.characters = characters.count >= 2 ? Array(characters) : Array(" .:-=+*#%@")
    }

    /// Ten characters of increasing ink: blank for the lowest tenth, '@' for the highest.
    public static let standard = ShadingRamp(" .:-=+*#%@")

    /// The step of `value` between the bounds of `range`: 0 (lightest) to
    /// characters.count - 1 (darkest); values outside the range are clamped to its
    /// ends. A single-valued range puts every value in the middle step. Nil for NaN
    /// and infinities.
    public func level(of value: Double, in range: ClosedRange<Double>) -> Int? {
        guard value.isFinite, range.lowerBound.isFinite, range.upperBound.isFinite else { return nil }
        let n = characters.count
        let span = range.upperBound - range.lowerBound
        guard span > 0 else { return n / 2 }
        // Equal-width steps: step k covers [lo + k/n * span, lo + (k+1)/n * span); the
        // maximum itself belongs to the last step.
        let t = min(1, max(0, (value - range.lowerBound) / span))
        return min(n - 1, Int(t * Double(n)))
    }

    /// The character of `value`, or nil when it is not finite.
    public func character(for value: Double, in range: ClosedRange<Double>) -> Character? {
        level(of: value, in: range).map { characters[$0] }
    }

    /// One line explaining the ramp, for example
    /// `shading " .:-=+*#%@": ' ' = 0.652 (worst) ... '@' = 0.781 (best)`.
    /// - Parameters:
    ///   - range: the values at the light and dark ends.
    ///   - decimals: digits printed for the two values; nil uses `Format.compact`.
    ///   - better: names the better end, or nil when neither is (a standard deviation).
    public func legend(range: ClosedRange<Double>, decimals: Int?, better: BetterEnd?) -> String {
        // A value a billion times smaller than the other end prints as 0: "7.25e-146"
        // next to "9.61e-04" says nothing a reader can use.
        let scale = max(abs(range.lowerBound), abs(range.upperBound))
        func text(_ v: Double) -> String {
            if v != 0 && abs(v) < scale * 1e-9 { return "0" }
            return decimals.map { Format.fixed(v, $0) } ?? Format.compact(v)
        }
        let low = better == nil ? "low" : (better == .lower ? "best" : "worst")
        let high = better == nil ? "high" : (better == .higher ? "best" : "worst")
        let first = characters[0], last = characters[characters.count - 1]
        if range.lowerBound == range.upperBound {
            return "shading \"\(String(characters))\": all values equal \(text(range.lowerBound))"
        }
        return "shading \"\(String(characters))\": '\(first)' = \(text(range.lowerBound)) (\(low))"
            + " ... '\(last)' = \(text(range.upperBound)) (\(high))"
    }

    /// The smallest and largest finite values, or nil if there are none.
    static func finiteRange<S: Sequence>(of values: S) -> ClosedRange<Double>? where S.Element == Double {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        return lo <= hi ? lo...hi : nil
    }
}
