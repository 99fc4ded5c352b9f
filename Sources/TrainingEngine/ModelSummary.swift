// ModelSummary.swift
//
// What this file teaches: read a model before training it. Keras's `model.summary()`
// lists every layer's output shape and parameter count; the shapes show how an image
// shrinks through convolutions and poolings, and the counts show where a model keeps
// its capacity (usually in the first Dense layer after Flatten).

extension Sequential {
    /// Keras's `model.summary()`: each layer's name and class, its output shape and its
    /// number of parameters, and the total. It checks the shapes first, so a model that
    /// cannot be built throws the same `ModelError` as `compile` (naming the layer and
    /// both shapes) instead of printing a table.
    public func summary() throws -> String {
        let shapes = try Sequential.checkShapes(layers)
        var rows: [(String, String, String)] = []
        var total = 0
        for (i, layer) in layers.enumerated() {
            let count = layer.parameterCount(inputShape: shapes[i])
            total += count
            rows.append(("\(layer.name) (\(layer.kind))", shapes[i + 1].description, Sequential.grouped(count)))
        }
        let first = max(28, rows.map { $0.0.count }.max() ?? 0) + 2
        let second = max(22, rows.map { $0.1.count }.max() ?? 0) + 2
        func line(_ a: String, _ b: String, _ c: String) -> String {
            " " + a.padding(first) + b.padding(second) + c
        }
        let width = first + second + 12
        var lines = ["Model: \"sequential\"", String(repeating: "_", count: width),
                     line("Layer (type)", "Output Shape", "Param #"), String(repeating: "=", count: width)]
        for (a, b, c) in rows { lines.append(line(a, b, c)) }
        lines.append(String(repeating: "=", count: width))
        lines.append("Total params: \(Sequential.grouped(total))")
        lines.append("Trainable params: \(Sequential.grouped(total))")
        lines.append("Non-trainable params: 0")
        lines.append(String(repeating: "_", count: width))
        return lines.joined(separator: "\n")
    }

    /// 12345 -> "12,345" (this module does not import Foundation or TextCharts).
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}

extension String {
    /// The string padded with spaces to `width` characters (unchanged if longer).
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
