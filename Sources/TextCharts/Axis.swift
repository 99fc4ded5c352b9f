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

    public init(range: ClosedRange<Double>, scale: AxisScale = .linear, cells: Int) {
        precondition(cells >= 2, "an axis needs at least two cells")
        precondition(scale == .linear || range.lowerBound > 0, "a log axis needs a positive range")
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
        self.cells = cells
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
            let lo = Int(decimalLogarithm(range.lowerBound).rounded(.up) - 1)
            let hi = Int(decimalLogarithm(range.upperBound).rounded(.down) + 1)
            // Spanning two decades or less, 1-2-5 steps; more, powers of ten only.
            let decades = decimalLogarithm(range.upperBound) - decimalLogarithm(range.lowerBound)
            var ticks: [Double] = []
            for e in lo...hi {
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
        var t = (range.lowerBound / step).rounded(.up) * step
        var ticks: [Double] = []
        while t <= range.upperBound + step * 1e-9 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
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
        if scale == .log10 {
            let f = pow(10, (decimalLogarithm(hi) - decimalLogarithm(lo)) * padding)
            return (lo / f)...(hi * f)
        }
        let pad = (hi - lo) * padding
        return (lo - pad)...(hi + pad)
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
