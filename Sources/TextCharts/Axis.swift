// Axis.swift
//
// What this file teaches: how a chart maps numbers to character cells, and how it
// chooses "nice" tick values (0.2, 0.4, 0.6 rather than 0.213, 0.426, 0.639).
// A log-scaled axis maps log10(value) linearly, which is how learning rates are
// drawn and plotted: 0.001, 0.01 and 0.1 are equally far apart.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Linear or logarithmic placement along an axis.
public enum AxisScale: Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; the range must be positive.
    case log10
}

/// One axis of a chart: a value range spread over `cells` character positions.
public struct Axis: Sendable {
    public var range: ClosedRange<Double>
    public var scale: AxisScale
    public var cells: Int
    /// Ticks only at whole numbers (epochs, trial numbers): a linear step of at least 1.
    public var integerTicks = false

    /// - Parameters:
    ///   - range: the values at the two ends. A range no axis can draw is replaced by
    ///     one it can (see `drawableRange`), so a chart of a diverged run or a hostile
    ///     file still draws its frame instead of trapping.
    ///   - cells: character positions along the axis (at least 2 are used).
    public init(range: ClosedRange<Double>, scale: AxisScale = .linear, cells: Int) {
        let range = Axis.drawableRange(range, scale: scale)
        // A degenerate range (all values equal) is widened so every value maps somewhere.
        if range.lowerBound == range.upperBound {
            let pad = range.lowerBound == 0 ? 1 : abs(range.lowerBound) * 0.1
            self.range = scale == .log10
                ? (range.lowerBound / 2)...(range.upperBound * 2)
                : (range.lowerBound - pad)...(range.upperBound + pad)
        } else {
            self.range = range
        }
        self.scale = scale
        self.cells = max(cells, 2)
    }

    /// The largest magnitude an axis end may have: a quarter of the largest double, so
    /// the width (up to half of it), a tenth of padding and a tick step stay finite.
    /// A value beyond it is drawn at the edge as clipped, like any value outside the range.
    static let largestEnd = Double.greatestFiniteMagnitude / 4

    /// `range` made drawable on `scale`: NaN gives the unit range; infinite or enormous
    /// ends are pulled in to +/-`largestEnd`; on a log axis the ends must be positive
    /// (non-positive ones are raised to the smallest normal double, 2.2e-308, whose
    /// logarithm is finite), and a range with no positive end becomes 1...10.
    static func drawableRange(_ range: ClosedRange<Double>, scale: AxisScale) -> ClosedRange<Double> {
        let fallback: ClosedRange<Double> = scale == .log10 ? 1...10 : 0...1
        guard !range.lowerBound.isNaN, !range.upperBound.isNaN else { return fallback }
        var lo = min(max(range.lowerBound, -largestEnd), largestEnd)
        let hi = min(max(range.upperBound, -largestEnd), largestEnd)
        if scale == .log10 {
            guard hi > 0 else { return fallback }
            lo = max(lo, Double.leastNormalMagnitude)
        }
        return lo...max(lo, hi)
    }

    private func transform(_ v: Double) -> Double { scale == .log10 ? decimalLogarithm(v) : v }

    /// The fractional position of `value`: 0 at the lower bound, cells - 1 at the upper.
    public func position(of value: Double) -> Double {
        let lo = transform(range.lowerBound), hi = transform(range.upperBound)
        return (transform(value) - lo) / (hi - lo) * Double(cells - 1)
    }

    /// The cell of `value`, or nil when it is outside the range (or not finite).
    public func cell(of value: Double) -> Int? {
        guard value.isFinite, scale == .linear || value > 0 else { return nil }
        let p = position(of: value).rounded()
        guard p >= 0, p <= Double(cells - 1) else { return nil }
        return Int(p)
    }

    /// The value at the centre of cell `index`.
    public func value(atCell index: Int) -> Double {
        let lo = transform(range.lowerBound), hi = transform(range.upperBound)
        let t = lo + (hi - lo) * Double(index) / Double(cells - 1)
        return scale == .log10 ? pow(10, t) : t
    }

    /// About `count` tick values inside the range: multiples of 1, 2 or 5 times a power
    /// of ten on a linear axis (Heckbert, "Nice numbers for graph labels", Graphics
    /// Gems 1990); powers of ten (with 2 and 5 between them if there are too few) on a
    /// log axis.
    public func ticks(count: Int = 5) -> [Double] {
        if scale == .log10 {
            // The range is positive and finite (see `drawableRange`), so these are too.
            let lo = Int(decimalLogarithm(range.lowerBound).rounded(.up) - 1)
            let hi = Int(decimalLogarithm(range.upperBound).rounded(.down) + 1)
            // Spanning two decades or less, 1-2-5 steps; more, powers of ten only, and
            // beyond ten decades every k-th power, about ten ticks however wide.
            let decades = decimalLogarithm(range.upperBound) - decimalLogarithm(range.lowerBound)
            let everyKth = max(1, Int((decades / 10).rounded(.up)))
            var ticks: [Double] = []
            for e in stride(from: lo, through: hi, by: everyKth) {
                let decade = pow(10, Double(e))
                let candidates = decades <= 2.01 ? [decade, 2 * decade, 5 * decade] : [decade]
                for t in candidates where t >= range.lowerBound * (1 - 1e-9) && t <= range.upperBound * (1 + 1e-9) {
                    ticks.append(t)
                }
            }
            return ticks
        }
        let span = range.upperBound - range.lowerBound
        var step = Axis.niceNumber(span / Double(max(count - 1, 1)))
        if integerTicks { step = max(step, 1) }
        // A span of a few units at 1e16 has a step below the spacing of the doubles
        // there (t + step == t), and a subnormal span a step of 0: stop rather than loop
        // forever. Neither happens on a range a chart of real measurements produces.
        guard step > 0, step.isFinite else { return [range.lowerBound] }
        var t = (range.lowerBound / step).rounded(.up) * step
        var ticks: [Double] = []
        while t <= range.upperBound + step * 1e-9 && ticks.count <= 2 * count + 10 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            let next = t + step
            guard next > t else { break }
            t = next
        }
        return ticks
    }

    /// The nice number (1, 2 or 5 times a power of ten) closest to `x` > 0.
    static func niceNumber(_ x: Double) -> Double {
        let exponent = (decimalLogarithm(x)).rounded(.down)
        let fraction = x / pow(10, exponent)
        let nice: Double = fraction < 1.5 ? 1 : (fraction < 3 ? 2 : (fraction < 7 ? 5 : 10))
        return nice * pow(10, exponent)
    }

    /// A range covering `values` (finite ones), padded by `padding` of its span on
    /// each side; for a log axis, positive values only, padded multiplicatively.
    public static func range(covering values: [Double], scale: AxisScale = .linear,
                             padding: Double = 0.05) -> ClosedRange<Double> {
        let finite = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        // With nothing to cover, a unit range that is valid on either scale (a log
        // axis cannot include 0), so an empty chart draws instead of trapping.
        guard let lo = finite.min(), let hi = finite.max() else {
            return scale == .log10 ? 1...10 : 0...1
        }
        // Padding can overflow (or underflow to 0 on a log axis) at the ends of the
        // doubles; `drawableRange` pulls such ends back in.
        if scale == .log10 {
            let f = pow(10, (decimalLogarithm(hi) - decimalLogarithm(lo)) * padding)
            return drawableRange((lo / f)...max(lo / f, hi * f), scale: scale)
        }
        // (hi - lo) * padding computed as two halves: hi - lo alone overflows for
        // -1e308...1e308.
        let pad = (hi * 0.5 - lo * 0.5) * (2 * padding)
        return drawableRange((lo - pad)...max(lo - pad, hi + pad), scale: scale)
    }
}

/// The C library's log10 under another name: inside `AxisScale`, `log10` is a case.
@inline(__always)
func decimalLogarithm(_ x: Double) -> Double { log10(x) }

extension Axis {
    /// `range(covering:scale:padding:)`, but always valid for `scale`: with no usable
    /// value (nothing finite, or nothing positive on a log axis) it is 0...1 on a linear
    /// axis and 1...10 on a log axis, so a chart of nothing still draws its frame.
    public static func usableRange(covering values: [Double], scale: AxisScale = .linear,
                                   padding: Double = 0.05) -> ClosedRange<Double> {
        let r = range(covering: values, scale: scale, padding: padding)
        return scale == .log10 && !(r.lowerBound > 0) ? 1...10 : r
    }
}
