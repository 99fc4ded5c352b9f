// Format.swift
//
// What this file teaches: that printing numbers reproducibly is a decision. Lessons
// print fixed decimals (never "0.30000000000000004"), never "-0.000", and the same
// text on every machine, so that output can be compared byte for byte in tests.

import Foundation

/// Number formatting used by tables, charts and lessons.
public enum Format {
    /// `value` with exactly `decimals` digits after the point: fixed(0.81234, 3) == "0.812".
    /// NaN prints as "nan" and infinities as "inf"/"-inf"; a result that rounds to zero
    /// never carries a minus sign. Magnitudes of 1e15 and more print in scientific
    /// notation (`scientific(value, decimals)`): their integer part alone already has
    /// more digits than a double carries (about 16), and 1e300 in fixed notation would
    /// be 301 characters wide, far beyond any table.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if abs(value) >= 1e15 { return scientific(value, decimals) }
        let text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }

    /// `fixed` with an explicit sign for a difference: signed(0.02, 3) == "+0.020",
    /// signed(-0.02, 3) == "-0.020", and "0.000" for a difference that rounds to zero.
    public static func signed(_ value: Double, _ decimals: Int) -> String {
        let text = fixed(value, decimals)
        return value > 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "+" + text : text
    }

    /// Scientific notation with `digits` significant digits after the point:
    /// scientific(0.000123, 2) == "1.23e-04".
    public static func scientific(_ value: Double, _ digits: Int = 2) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(format: "%.\(digits)e", value)
    }

    /// A short, readable number for axis ticks and learning rates: plain decimals for
    /// magnitudes in [0.001, 100000), scientific otherwise; trailing zeros removed.
    /// compact(0.001) == "0.001", compact(2.5) == "2.5", compact(1e-5) == "1e-05".
    public static func compact(_ value: Double, significantDigits: Int = 3) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e5 {
            let exponent = Int(log10(magnitude).rounded(.down))
            let decimals = max(0, significantDigits - 1 - exponent)
            return trimZeros(fixed(value, decimals))
        }
        var text = String(format: "%.\(max(0, significantDigits - 1))e", value)
        if let e = text.firstIndex(of: "e") {
            let mantissa = trimZeros(String(text[..<e]))
            text = mantissa + text[e...]
        }
        return text
    }

    /// An integer with thousands separators: grouped(1234567) == "1,234,567".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// A p-value as printed after "p": "< 0.001" below 0.001, otherwise "= " and three
    /// significant digits (pValue(1) == "= 1", pValue(0.0625) == "= 0.0625").
    public static func pValue(_ p: Double) -> String {
        p < 0.001 ? "< 0.001" : "= " + compact(p)
    }

    /// A count with its noun, singular or plural: counted(1, "trial") == "1 trial",
    /// counted(3, "trial") == "3 trials", counted(2, "class", plural: "classes").
    public static func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }

    /// A percentage with `decimals` decimals: percent(0.8123, 1) == "81.2%".
    public static func percent(_ fraction: Double, _ decimals: Int = 1) -> String {
        fixed(fraction * 100, decimals) + "%"
    }

    /// Pads `text` on the left to `width` characters (right-aligns it).
    public static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// Pads `text` on the right to `width` characters (left-aligns it).
    public static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func trimZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var t = text
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }
}
