// StudyRecord.swift
//
// What this file teaches: what goes into a study file (Study.swift) and how it comes back
// out unchanged. The file is JSON Lines: one JSON object per line, the first a header
// naming the search, each further one a finished trial:
//
//   {"direction":"minimize","format":"TuningLab study","objective":"branin","searcher":"TPE",
//    "seed":42,"space":[{"high":10,"low":-5,"name":"x1","scale":"linear","type":"real"}, ...],
//    "version":1}
//   {"configuration":{"x1":2.5,"x2":7.25},"cost":{"epochs":0,"evaluations":1,"updates":0},
//    "outcome":"score","score":12.0625,"trial":1}
//   {"configuration":{...},"cost":{...},"outcome":"diverged","reason":"loss was NaN at epoch 3",
//    "trial":2}
//
// Keys are sorted, so the same search always writes the same bytes. Numbers are written
// with the shortest digits that read back as the *same* double (Swift's JSONEncoder does
// this; 0.1 + 0.2 is written 0.30000000000000004), and read back with JSONDecoder, which
// is exact. (Foundation's JSONSerialization is not: on Linux it reads some numbers as
// decimals and rounds them differently.) Exactness matters: resuming replays the file
// through the searcher, and one changed bit would send it down another path.

import Foundation
import LabMath

/// The first line of a study file: what search wrote it.
public struct StudyHeader: Codable, Sendable, Equatable {
    public var format = StudyHeader.formatName
    public var version = 1
    /// The searcher's `name`, e.g. "TPE".
    public var searcher: String
    /// The seed the searcher was built with.
    public var seed: UInt64
    /// The objective's name and direction.
    public var objective: String
    public var direction: String
    public var space: [Hyperparameter]

    public static let formatName = "TuningLab study"

    public init(searcher: String, seed: UInt64, objective: String, direction: OptimizationDirection, space: SearchSpace) {
        self.searcher = searcher
        self.seed = seed
        self.objective = objective
        self.direction = direction.rawValue
        self.space = space.parameters
    }

    /// One phrase per field that differs from `other`, e.g. "seed: 42 in the file, 7 now".
    public func differences(from other: StudyHeader) -> [String] {
        var found: [String] = []
        func compare(_ label: String, _ mine: String, _ theirs: String) {
            if mine != theirs { found.append("\(label): \(mine) in the file, \(theirs) now") }
        }
        compare("format", "\(format) \(version)", "\(other.format) \(other.version)")
        compare("searcher", searcher, other.searcher)
        compare("seed", "\(seed)", "\(other.seed)")
        compare("objective", "'\(objective)'", "'\(other.objective)'")
        compare("direction", direction, other.direction)
        if space != other.space {
            compare("search space", space.map(StudyHeader.describe).joined(separator: ", "),
                    other.space.map(StudyHeader.describe).joined(separator: ", "))
        }
        return found
    }

    static func describe(_ p: Hyperparameter) -> String {
        switch p.domain {
        case let .real(low, high, scale): return "\(p.name) real [\(low), \(high)] \(scale.rawValue)"
        case let .integer(low, high, scale): return "\(p.name) integer [\(low), \(high)] \(scale.rawValue)"
        case let .categorical(values): return "\(p.name) one of {\(values.map(\.description).joined(separator: ", "))}"
        }
    }
}

/// One finished trial as written to the file.
struct TrialRecord: Codable, Equatable {
    var trial: Int
    var configuration: [String: HyperparameterValue]
    /// "score", "diverged" or "failed".
    var outcome: String
    var score: Double?
    var reason: String?
    var cost: CostRecord
    var foldScores: [Double]?

    struct CostRecord: Codable, Equatable {
        var epochs: Int
        var updates: Int
        var evaluations: Int
    }

    init(_ trial: Trial) {
        self.trial = trial.number
        var values: [String: HyperparameterValue] = [:]
        for (name, value) in zip(trial.configuration.names, trial.configuration.values) { values[name] = value }
        configuration = values
        switch trial.evaluation.outcome {
        case let .score(x): outcome = "score"; score = x
        case let .diverged(why): outcome = "diverged"; reason = why
        case let .failed(why): outcome = "failed"; reason = why
        }
        cost = CostRecord(epochs: trial.cost.epochs, updates: trial.cost.updates, evaluations: trial.cost.evaluations)
        foldScores = trial.evaluation.foldScores
    }

    /// The trial, its values put in the space's declaration order.
    /// - Throws: a message (the caller adds the file and line) for a missing or unknown
    ///   name, an unknown outcome or a missing score.
    func trial(in space: [Hyperparameter]) throws -> Trial {
        let names = space.map(\.name)
        for name in configuration.keys.sorted() where !names.contains(name) {
            throw StudyRecordProblem("the configuration names '\(name)', which is not in the search space")
        }
        var values: [HyperparameterValue] = []
        for name in names {
            guard let value = configuration[name] else { throw StudyRecordProblem("the configuration has no value for '\(name)'") }
            values.append(value)
        }
        let result: EvaluationOutcome
        switch (outcome, score, reason) {
        case let ("score", x?, _): result = .score(x)
        case let ("diverged", _, why?): result = .diverged(why)
        case let ("failed", _, why?): result = .failed(why)
        default:
            throw StudyRecordProblem("the outcome '\(outcome)' needs a score (for \"score\") or a reason (\"diverged\", \"failed\")")
        }
        let evaluation = Evaluation(outcome: result, cost: SearchCost(epochs: cost.epochs, updates: cost.updates,
                                                                      evaluations: cost.evaluations),
                                    foldScores: foldScores)
        return Trial(number: trial, configuration: try Configuration(names: names, values: values), evaluation: evaluation)
    }
}

/// Why a line could not be turned back into a trial (without file and line; the reader adds them).
struct StudyRecordProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The encoder and decoder every study line goes through.
enum StudyJSON {
    /// Sorted keys: the same record always gives the same bytes. Unescaped slashes, so
    /// reasons such as "loss 1/0" read naturally.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from line: Data) throws -> T {
        try JSONDecoder().decode(type, from: line)
    }
}

// MARK: - Search spaces and values as JSON

extension HyperparameterValue: Codable {
    /// A number is a JSON number, a name a JSON string.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let x = try? container.decode(Double.self) {
            self = .number(x)
        } else {
            self = .name(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .number(x): try container.encode(x)
        case let .name(text): try container.encode(text)
        }
    }
}

extension Hyperparameter: Codable {
    private enum Key: String, CodingKey { case name, type, low, high, scale, values }

    /// {"name": ..., "type": "real" | "integer" | "categorical", then "low", "high",
    /// "scale" or "values"}. Integer bounds are written as integers, exactly.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let name = try c.decode(String.self, forKey: .name)
        let type = try c.decode(String.self, forKey: .type)
        func scale() throws -> SpaceScale {
            let text = try c.decode(String.self, forKey: .scale)
            guard let s = SpaceScale(rawValue: text) else {
                throw DecodingError.dataCorruptedError(forKey: .scale, in: c, debugDescription: "unknown scale '\(text)'")
            }
            return s
        }
        switch type {
        case "real":
            self.init(name: name, domain: .real(low: try c.decode(Double.self, forKey: .low),
                                                high: try c.decode(Double.self, forKey: .high), scale: try scale()))
        case "integer":
            self.init(name: name, domain: .integer(low: try c.decode(Int.self, forKey: .low),
                                                   high: try c.decode(Int.self, forKey: .high), scale: try scale()))
        case "categorical":
            self.init(name: name, domain: .categorical(try c.decode([HyperparameterValue].self, forKey: .values)))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown type '\(type)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .name)
        switch domain {
        case let .real(low, high, scale):
            try c.encode("real", forKey: .type)
            try c.encode(low, forKey: .low)
            try c.encode(high, forKey: .high)
            try c.encode(scale.rawValue, forKey: .scale)
        case let .integer(low, high, scale):
            try c.encode("integer", forKey: .type)
            try c.encode(low, forKey: .low)
            try c.encode(high, forKey: .high)
            try c.encode(scale.rawValue, forKey: .scale)
        case let .categorical(values):
            try c.encode("categorical", forKey: .type)
            try c.encode(values, forKey: .values)
        }
    }
}
