// Configuration.swift
//
// What this file teaches: a configuration is one point of the search space, one value
// per hyperparameter. It always prints the same way (parameters in declaration order,
// fixed formatting), so logs and tables can be compared across runs, and it gives
// typed access so an objective can read `try config.double("learningRate")` instead
// of unpacking an untyped dictionary.

import TextCharts

/// One value for each hyperparameter of a search space, in declaration order.
///
/// ```swift
/// let c = space.configuration(atIndex: 4)
/// print(c)                          // learningRate=0.01, batchSize=20
/// try c.double("learningRate")      // 0.01
/// try c.integer("batchSize")        // 20
/// ```
public struct Configuration: Sendable, Hashable, CustomStringConvertible {
    /// The hyperparameter names, in declaration order.
    public let names: [String]
    /// The values, aligned with `names`.
    public let values: [HyperparameterValue]

    /// A configuration from parallel lists of names and values (see also
    /// `SearchSpace.configuration(_:)`, which checks the values against the space).
    /// - Throws: `SearchError.invalidArgument` unless there is one value per name.
    public init(names: [String], values: [HyperparameterValue]) throws {
        guard names.count == values.count else {
            throw SearchError.invalidArgument("Configuration(names:values:): \(names.count) names but \(values.count) "
                                              + "values; there must be one value per name")
        }
        self.init(checkedNames: names, values: values)
    }

    /// The memberwise initialiser, for the searchers, which build one value per name.
    init(checkedNames names: [String], values: [HyperparameterValue]) {
        self.names = names
        self.values = values
    }

    /// "name=value, name=value", in declaration order.
    public var description: String {
        zip(names, values).map { "\($0)=\($1)" }.joined(separator: ", ")
    }

    /// The value of `name`, if the configuration has it.
    public subscript(name: String) -> HyperparameterValue? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// The value of `name` as a number.
    /// - Throws: `SearchError.unknownParameter` or `.wrongType` (for a name value).
    public func double(_ name: String) throws -> Double {
        switch try value(name) {
        case let .number(x): return x
        case let .name(text): throw SearchError.wrongType(name: name, expected: "a number", found: "'\(text)'")
        }
    }

    /// The value of `name` as an integer.
    /// - Throws: `SearchError.wrongType` unless the value is a whole number.
    public func integer(_ name: String) throws -> Int {
        let x = try double(name)
        guard x == x.rounded(), abs(x) < 9e15 else {
            throw SearchError.wrongType(name: name, expected: "a whole number", found: formatNumber(x))
        }
        return Int(x)
    }

    /// The value of `name` as text (a categorical name).
    /// - Throws: `SearchError.wrongType` for a number.
    public func text(_ name: String) throws -> String {
        switch try value(name) {
        case let .name(text): return text
        case let .number(x): throw SearchError.wrongType(name: name, expected: "a name", found: formatNumber(x))
        }
    }

    private func value(_ name: String) throws -> HyperparameterValue {
        guard let v = self[name] else { throw SearchError.unknownParameter(name, known: names) }
        return v
    }
}

/// Errors raised while running a search.
public enum SearchError: Error, Equatable, CustomStringConvertible {
    case unknownParameter(String, known: [String])
    case missingParameter(String)
    case wrongType(name: String, expected: String, found: String)
    case valueOutsideDomain(name: String, value: String)
    /// A grid larger than the limit the caller set; nothing was run.
    case gridTooLarge(size: Int?, limit: Int)
    case invalidGrid(String)
    case invalidBudget(String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .unknownParameter(name, known):
            return "no hyperparameter called '\(name)' (known: \(known.joined(separator: ", ")))"
        case let .missingParameter(name):
            return "no value given for hyperparameter '\(name)'"
        case let .wrongType(name, expected, found):
            return "'\(name)' is \(found), not \(expected)"
        case let .valueOutsideDomain(name, value):
            return "'\(name)' = \(value) is outside its search space"
        case let .gridTooLarge(size, limit):
            let count = size.map { Format.counted($0, "configuration") } ?? "more configurations than can be counted"
            return "the grid has \(count), more than the limit of \(limit); nothing was run"
        case let .invalidGrid(message), let .invalidBudget(message), let .invalidArgument(message):
            return message
        }
    }
}
