// SearchSpace.swift
//
// What this file teaches: before searching, say *where* to search. A search space
// lists the hyperparameters and, for each, the values it may take:
//
//   real        a continuous interval, e.g. the learning rate in [0.0001, 0.1]
//   integer     whole numbers in an interval, e.g. the batch size in [10, 40]
//   categorical a list of values, numbers or names, e.g. activation in {relu, tanh}
//
// Reals and integers also have a *scale*. On a log scale, 0.0001 to 0.001 is as wide
// as 0.01 to 0.1: each decade gets the same share of the draws. That is the natural
// scale for learning rates, whose useful values span several powers of ten.
//
// A space is checked when it is built: a mistake (bounds the wrong way round, a log
// scale that includes 0, an empty list, two parameters with the same name) is reported
// with the parameter's name, before any training starts.

import TextCharts

/// How the values of a real or integer hyperparameter are spread.
public enum SpaceScale: String, Sendable, Equatable {
    /// Equal lengths of the interval are equally likely.
    case linear
    /// Equal *ratios* are equally likely: log(value) is uniform.
    case log
}

/// A value a hyperparameter can take: a number (also used for integers) or a name.
public enum HyperparameterValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case name(String)

    /// Numbers print compactly (integers without a decimal point, others with up to 4
    /// significant digits); names print as they are. The same value always prints the
    /// same way.
    public var description: String {
        switch self {
        case let .number(x): return formatNumber(x)
        case let .name(text): return text
        }
    }

    /// The number, if this is one.
    public var number: Double? {
        if case let .number(x) = self { return x }
        return nil
    }
}

/// One hyperparameter: a name and the set of values it may take.
public struct Hyperparameter: Sendable, Equatable {
    /// The set of allowed values.
    public enum Domain: Sendable, Equatable {
        case real(low: Double, high: Double, scale: SpaceScale)
        case integer(low: Int, high: Int, scale: SpaceScale)
        case categorical([HyperparameterValue])
    }

    public let name: String
    public let domain: Domain

    public init(name: String, domain: Domain) {
        self.name = name
        self.domain = domain
    }

    /// A real interval [low, high], e.g. `.real("learningRate", low: 1e-4, high: 0.1, scale: .log)`.
    public static func real(_ name: String, low: Double, high: Double, scale: SpaceScale = .linear) -> Hyperparameter {
        Hyperparameter(name: name, domain: .real(low: low, high: high, scale: scale))
    }

    /// Whole numbers low...high, e.g. `.integer("batchSize", low: 10, high: 40)`.
    public static func integer(_ name: String, low: Int, high: Int, scale: SpaceScale = .linear) -> Hyperparameter {
        Hyperparameter(name: name, domain: .integer(low: low, high: high, scale: scale))
    }

    /// A list of numbers, e.g. `.categorical("learningRate", [0.001, 0.01, 0.1])`.
    public static func categorical(_ name: String, _ values: [Double]) -> Hyperparameter {
        Hyperparameter(name: name, domain: .categorical(values.map { .number($0) }))
    }

    /// A list of names, e.g. `.categorical("activation", names: ["relu", "tanh"])`.
    public static func categorical(_ name: String, names: [String]) -> Hyperparameter {
        Hyperparameter(name: name, domain: .categorical(names.map { .name($0) }))
    }

    /// The number of values, or nil for a real interval (infinitely many). An integer
    /// range too wide to count (0...Int.max) gives Int.max; a `SearchSpace` refuses
    /// such a range, so inside a space the count is exact.
    public var valueCount: Int? {
        switch domain {
        case .real: return nil
        case let .integer(low, high, _):
            let (width, overflow) = high.subtractingReportingOverflow(low)
            return overflow || width == .max ? .max : width + 1
        case let .categorical(values): return values.count
        }
    }

    /// The k-th value of a discrete hyperparameter (integers in increasing order,
    /// categorical values in the order given).
    public func value(at k: Int) -> HyperparameterValue {
        switch domain {
        case .real: preconditionFailure("a real hyperparameter has no k-th value")
        case let .integer(low, _, _): return .number(Double(low + k))
        case let .categorical(values): return values[k]
        }
    }

    /// True when `value` belongs to the domain.
    public func contains(_ value: HyperparameterValue) -> Bool {
        switch (domain, value) {
        case let (.real(low, high, _), .number(x)): return x >= low && x <= high
        case let (.integer(low, high, _), .number(x)): return x == x.rounded() && x >= Double(low) && x <= Double(high)
        case let (.categorical(values), v): return values.contains(v)
        default: return false
        }
    }

    /// The largest magnitude of an integer bound: 2^53. Values are stored as doubles,
    /// which represent every integer up to 2^53 and only some beyond it, and all counts
    /// and draws of such ranges fit in `Int` without overflow.
    public static let largestIntegerBound = 1 << 53

    /// Checks the domain; see `SearchSpaceError` for what is refused.
    func validate() throws {
        guard !name.isEmpty else { throw SearchSpaceError.emptyName }
        switch domain {
        case let .real(low, high, scale):
            guard low.isFinite, high.isFinite else { throw SearchSpaceError.nonFiniteBound(name: name) }
            guard low < high else { throw SearchSpaceError.boundsNotIncreasing(name: name, low: "\(low)", high: "\(high)") }
            if scale == .log, low <= 0 { throw SearchSpaceError.logScaleNeedsPositiveBounds(name: name, low: "\(low)") }
            // A linear draw is low + (high - low) u: the width must be a finite double
            // (-1e308...1e308 is not), or draws become inf and encodings NaN.
            if scale == .linear, !(high - low).isFinite {
                throw SearchSpaceError.widthOverflows(name: name, low: "\(low)", high: "\(high)")
            }
        case let .integer(low, high, scale):
            for bound in [low, high] where abs(Double(bound)) > Double(Hyperparameter.largestIntegerBound) {
                throw SearchSpaceError.integerBoundTooLarge(name: name, bound: "\(bound)")
            }
            guard low < high else { throw SearchSpaceError.boundsNotIncreasing(name: name, low: "\(low)", high: "\(high)") }
            if scale == .log, low <= 0 { throw SearchSpaceError.logScaleNeedsPositiveBounds(name: name, low: "\(low)") }
        case let .categorical(values):
            guard !values.isEmpty else { throw SearchSpaceError.noChoices(name: name) }
            for (i, v) in values.enumerated() {
                if case let .number(x) = v, !x.isFinite { throw SearchSpaceError.nonFiniteBound(name: name) }
                if values[..<i].contains(v) { throw SearchSpaceError.duplicateChoice(name: name, value: v.description) }
            }
        }
    }
}

/// An ordered list of hyperparameters, validated when built.
///
/// ```swift
/// let space = try SearchSpace([
///     .real("learningRate", low: 1e-4, high: 0.1, scale: .log),
///     .integer("batchSize", low: 10, high: 40),
///     .categorical("hiddenUnits", [5, 10, 20]),
/// ])
/// space.size          // nil: a real interval has infinitely many values
/// ```
public struct SearchSpace: Sendable, Equatable {
    /// The hyperparameters, in declaration order (the order configurations print in).
    public let parameters: [Hyperparameter]

    /// - Throws: `SearchSpaceError` for an empty space, an empty or repeated name, bounds
    ///   that are not increasing or not finite, a log scale reaching 0 or below, an empty
    ///   or repeated list of choices.
    public init(_ parameters: [Hyperparameter]) throws {
        guard !parameters.isEmpty else { throw SearchSpaceError.empty }
        for (i, p) in parameters.enumerated() {
            try p.validate()
            if parameters[..<i].contains(where: { $0.name == p.name }) { throw SearchSpaceError.duplicateName(p.name) }
        }
        self.parameters = parameters
    }

    /// The parameter called `name`.
    public func parameter(named name: String) -> Hyperparameter? {
        parameters.first { $0.name == name }
    }

    /// True when every parameter is integer or categorical (a finite space).
    public var isDiscrete: Bool { parameters.allSatisfy { $0.valueCount != nil } }

    /// The number of distinct configurations, or nil if a parameter is real or the
    /// count exceeds `Int.max`.
    public var size: Int? {
        var total = 1
        for p in parameters {
            guard let count = p.valueCount else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: count)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// The configuration with mixed-radix index `index` in 0..<size: the first
    /// parameter varies slowest, the last fastest (like nested loops written in
    /// declaration order).
    public func configuration(atIndex index: Int) -> Configuration {
        var rest = index
        var values = [HyperparameterValue](repeating: .number(0), count: parameters.count)
        for (i, p) in parameters.enumerated().reversed() {
            let count = p.valueCount!
            values[i] = p.value(at: rest % count)
            rest /= count
        }
        return Configuration(checkedNames: parameters.map(\.name), values: values)
    }

    /// A configuration from values given by name (any order), checked against the space.
    ///
    /// ```swift
    /// let c = try space.configuration(["learningRate": .number(0.01), "batchSize": .number(20),
    ///                                  "hiddenUnits": .number(10)])
    /// ```
    /// - Throws: `SearchError` for a missing or unknown name or a value outside its domain.
    public func configuration(_ values: [String: HyperparameterValue]) throws -> Configuration {
        // Look up names in declaration order; the dictionary is only searched, never iterated.
        for name in values.keys.sorted() where parameter(named: name) == nil {
            throw SearchError.unknownParameter(name, known: parameters.map(\.name))
        }
        var ordered: [HyperparameterValue] = []
        for p in parameters {
            guard let v = values[p.name] else { throw SearchError.missingParameter(p.name) }
            guard p.contains(v) else { throw SearchError.valueOutsideDomain(name: p.name, value: v.description) }
            ordered.append(v)
        }
        return Configuration(checkedNames: parameters.map(\.name), values: ordered)
    }
}

/// Mistakes in the definition of a search space.
public enum SearchSpaceError: Error, Equatable, CustomStringConvertible {
    case empty
    case emptyName
    case duplicateName(String)
    case boundsNotIncreasing(name: String, low: String, high: String)
    case logScaleNeedsPositiveBounds(name: String, low: String)
    case nonFiniteBound(name: String)
    /// A real interval whose width high - low is beyond the largest double.
    case widthOverflows(name: String, low: String, high: String)
    /// An integer bound beyond +/-2^53 (see `Hyperparameter.largestIntegerBound`).
    case integerBoundTooLarge(name: String, bound: String)
    case noChoices(name: String)
    case duplicateChoice(name: String, value: String)

    public var description: String {
        switch self {
        case .empty: return "the search space has no hyperparameters"
        case .emptyName: return "a hyperparameter has an empty name"
        case let .duplicateName(name): return "two hyperparameters are called '\(name)'"
        case let .boundsNotIncreasing(name, low, high):
            return "'\(name)': the lower bound \(low) must be below the upper bound \(high)"
        case let .logScaleNeedsPositiveBounds(name, low):
            return "'\(name)': a log scale needs bounds above 0, but the lower bound is \(low)"
        case let .nonFiniteBound(name): return "'\(name)': bounds and values must be finite numbers"
        case let .widthOverflows(name, low, high):
            return "'\(name)': the interval from \(low) to \(high) is wider than the largest double (1.8e308); "
                + "narrow it or rescale the parameter"
        case let .integerBoundTooLarge(name, bound):
            return "'\(name)': the integer bound \(bound) is beyond +/-\(Hyperparameter.largestIntegerBound) (2^53, "
                + "above which doubles skip integers); narrow the range"
        case let .noChoices(name): return "'\(name)': the list of choices is empty"
        case let .duplicateChoice(name, value): return "'\(name)': the choice \(value) appears twice"
        }
    }
}

/// Integers print without a decimal point; other numbers with up to 4 significant
/// digits, trailing zeros removed: 10, 0.001, 0.0123, 1.235e-05.
func formatNumber(_ x: Double) -> String {
    Format.compact(x, significantDigits: 4)
}
