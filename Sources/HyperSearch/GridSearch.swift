// GridSearch.swift
//
// What this file teaches: grid search, the article's third method and scikit-learn's
// GridSearchCV. List a few values per hyperparameter and try every combination. Its
// size is the product of the list lengths, so it grows exponentially with the number
// of hyperparameters (the "curse of dimensionality"): 3 values each for 2, 3, 4
// hyperparameters is 9, 27, 81 trainings, times the folds of cross-validation. We
// therefore compute the size *before* anything runs and refuse grids above a limit the
// caller sets.
//
// Order: the first hyperparameter varies slowest and the last one fastest, exactly
// like nested for-loops written in declaration order:
//
//   for learningRate in [0.001, 0.01, 0.1] {      // outer
//       for batchSize in [10, 20, 40] { ... }     // inner
//   }
//
// (scikit-learn sorts the names alphabetically first; we keep the order you wrote.)

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TextCharts

/// The values of one hyperparameter in a grid.
public struct GridAxis: Sendable, Equatable {
    public let name: String
    public let values: [HyperparameterValue]

    /// Explicit numbers, e.g. `.values("learningRate", [0.001, 0.01, 0.1])`.
    public static func values(_ name: String, _ values: [Double]) -> GridAxis {
        GridAxis(name: name, values: values.map { .number($0) })
    }

    /// Explicit names, e.g. `.names("activation", ["relu", "tanh"])`.
    public static func names(_ name: String, _ values: [String]) -> GridAxis {
        GridAxis(name: name, values: values.map { .name($0) })
    }

    /// The most values one axis may list. A grid's size is the product of its axes'
    /// lengths, so even two such axes make a trillion configurations; the limit only
    /// stops a slip such as `step: 1e-30` before it allocates the values.
    public static let largestAxis = 1_000_000

    /// `count` as an `Int` after checking it against `largestAxis` *as a Double*: a
    /// count of 1e30 (or infinity, or NaN) would trap in the conversion to Int.
    static func checkedCount(_ count: Double, _ name: String, _ cause: @autoclosure () -> String) throws -> Int {
        guard count.isFinite, count >= 1, count <= Double(largestAxis) else {
            throw SearchError.invalidGrid("'\(name)': \(cause()) makes \(count.isFinite ? Format.compact(count) : "\(count)") "
                                          + "values; an axis may have 1 to \(Format.grouped(largestAxis))")
        }
        return Int(count)
    }

    /// from, from + step, from + 2 step, ... up to `to` (included when reached within
    /// rounding). Each value is computed as from + k * step, not by repeated addition,
    /// so rounding errors do not accumulate.
    /// - Throws: `SearchError.invalidGrid` for a step that is not positive, bounds that
    ///   are not increasing, a width to - from beyond the largest double, or more than
    ///   `largestAxis` values.
    public static func range(_ name: String, from: Double, to: Double, step: Double) throws -> GridAxis {
        guard from.isFinite, to.isFinite, step.isFinite, step > 0, from <= to else {
            throw SearchError.invalidGrid("'\(name)': a range needs finite from <= to and a positive step (got \(from), \(to), \(step))")
        }
        try checkWidth(name, from, to)
        let count = try checkedCount(((to - from) / step * (1 + 1e-12)).rounded(.down) + 1, name, "the step \(step)")
        return GridAxis(name: name, values: (0..<count).map { .number(from + Double($0) * step) })
    }

    /// Refuses -1e308...1e308: to - from is infinite, so every value would be too.
    private static func checkWidth(_ name: String, _ from: Double, _ to: Double) throws {
        guard (to - from).isFinite else {
            throw SearchError.invalidGrid("'\(name)': the range from \(from) to \(to) is wider than the largest double (1.8e308)")
        }
    }

    /// `count` values from `from` to `to` inclusive, evenly spaced on the given scale
    /// (on a log scale: 0.001, 0.01, 0.1 for from 0.001, to 0.1, count 3).
    /// - Throws: `SearchError.invalidGrid` for count < 1, bounds not increasing, or a
    ///   log scale with from <= 0.
    public static func range(_ name: String, from: Double, to: Double, count: Int,
                             scale: SpaceScale = .linear) throws -> GridAxis {
        guard from.isFinite, to.isFinite, count >= 1, from < to || (count == 1 && from == to) else {
            throw SearchError.invalidGrid("'\(name)': a range needs finite from < to and count >= 1 (got \(from), \(to), \(count))")
        }
        if scale == .log, from <= 0 { throw SearchError.invalidGrid("'\(name)': a log-scaled range needs from > 0") }
        if scale == .linear { try checkWidth(name, from, to) }
        _ = try checkedCount(Double(count), name, "count \(count)")
        guard count > 1 else { return GridAxis(name: name, values: [.number(from)]) }
        let values = (0..<count).map { k -> HyperparameterValue in
            // The end points are exactly what was typed; exp(log(x)) could be off by a bit.
            if k == 0 { return .number(from) }
            if k == count - 1 { return .number(to) }
            let t = Double(k) / Double(count - 1)
            return .number(scale == .log ? exp(log(from) + t * (log(to) - log(from))) : from + t * (to - from))
        }
        return GridAxis(name: name, values: values)
    }
}

/// Every combination of the axes' values, in nested-loop order.
///
/// ```swift
/// var grid = try GridSearch([.values("learningRate", [0.001, 0.01, 0.1]),
///                            .values("batchSize", [10, 20, 40])], limit: 100)
/// grid.size          // 9, known before anything runs
/// grid.suggest()     // learningRate=0.001, batchSize=10
/// ```
public struct GridSearch: Searcher {
    public let name = "grid search"
    public let axes: [GridAxis]
    /// The grid as a search space (one categorical hyperparameter per axis).
    public let space: SearchSpace
    /// The number of configurations.
    public let size: Int
    private var next = 0

    /// - Parameter limit: the largest grid you accept; a larger one throws
    ///   `SearchError.gridTooLarge` and nothing runs.
    /// - Throws: `SearchSpaceError` for an empty axis, a repeated value or name;
    ///   `SearchError.gridTooLarge` above the limit.
    public init(_ axes: [GridAxis], limit: Int) throws {
        try GridSearch.checkLimit(limit)
        let space = try SearchSpace(axes.map { Hyperparameter(name: $0.name, domain: .categorical($0.values)) })
        guard let size = space.size, size <= limit else { throw SearchError.gridTooLarge(size: space.size, limit: limit) }
        self.axes = axes
        self.space = space
        self.size = size
    }

    /// A grid over a discrete space: integers give every whole number of their range,
    /// categorical hyperparameters their list.
    /// - Throws: `SearchError.invalidGrid` if a hyperparameter is real (a grid needs
    ///   explicit values: use `GridAxis.range`).
    public init(space: SearchSpace, limit: Int) throws {
        try GridSearch.checkLimit(limit)
        let axes = try space.parameters.map { p -> GridAxis in
            guard let count = p.valueCount else {
                throw SearchError.invalidGrid("'\(p.name)' is a real interval; give the grid explicit values (GridAxis.range)")
            }
            // Check the size before listing the values of a huge integer range.
            guard count <= limit else { throw SearchError.gridTooLarge(size: space.size, limit: limit) }
            return GridAxis(name: p.name, values: (0..<count).map { p.value(at: $0) })
        }
        try self.init(axes, limit: limit)
    }

    private static func checkLimit(_ limit: Int) throws {
        guard limit >= 1 else { throw SearchError.invalidArgument("a grid's limit must be at least 1, got \(limit)") }
    }

    /// The configuration at position `index` in 0..<size (nested-loop order).
    public func configuration(at index: Int) -> Configuration {
        space.configuration(atIndex: index)
    }

    public mutating func suggest() -> Configuration? {
        guard next < size else { return nil }
        next += 1
        return configuration(at: next - 1)
    }

    public var exhaustionNote: String? {
        next >= size ? "all \(size) grid points were tried" : nil
    }

    /// How many distinct values of each hyperparameter the grid tries (the list lengths).
    public var distinctValuesPerAxis: [Int] { axes.map(\.values.count) }
}
