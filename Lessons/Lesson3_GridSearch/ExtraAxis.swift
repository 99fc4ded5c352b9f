// ExtraAxis.swift: reads `--axis NAME=V1,V2,...`, a third axis for step 1's grid.

import HyperSearch
import LessonKit

enum ExtraAxis {
    /// The hyperparameters of the article's network that step 1 does not already vary.
    static let names = ["hiddenUnits", "epochs"]

    /// "hiddenUnits=5,10,20" -> `.values("hiddenUnits", [5, 10, 20])`.
    /// - Throws: `UsageError` naming what is wrong: the form, the name, or a value that is
    ///   not a whole number from 1 to 10,000, or repeated.
    static func parse(_ text: String) throws -> GridAxis {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw UsageError("--axis needs NAME=V1,V2,..., e.g. hiddenUnits=5,10,20; got '\(text)'") }
        guard names.contains(parts[0]) else {
            throw UsageError("--axis: '\(parts[0])' is not a hyperparameter step 1 can add; use "
                             + names.joined(separator: " or "))
        }
        var values: [Double] = []
        for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Int(item), (1...10_000).contains(value) else {
                throw UsageError("--axis \(parts[0]): '\(item)' is not a whole number from 1 to 10000")
            }
            guard !values.contains(Double(value)) else { throw UsageError("--axis \(parts[0]): \(value) is listed twice") }
            values.append(Double(value))
        }
        return .values(parts[0], values)
    }
}
