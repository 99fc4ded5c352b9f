// StudyFile.swift
//
// What this file teaches: reading a file that may have been cut short. A study file is
// appended to while a search runs, so the program can die at any moment, even halfway
// through writing a line. The rule that makes this safe is simple: a line counts only
// once its newline is written. Everything before the last newline is checked strictly
// (a malformed line there is an error, with its line number); whatever follows the last
// newline is the remains of an interrupted write, reported and dropped.

import Foundation
import LabMath

/// The contents of a study file.
public struct StudyContents: Sendable {
    public let header: StudyHeader
    /// The recorded trials, in order (numbered 1, 2, ...).
    public let trials: [Trial]
    /// Bytes after the last newline (an interrupted write), if any.
    public let droppedPartialLine: String?
    /// The length of the file up to and including its last newline.
    public let completeBytes: Int
}

/// Reading and writing the lines of a study file.
public enum StudyFile {
    /// Reads a complete study file (its header line must be complete).
    /// - Throws: `StudyError` for a missing file, a file that is not a study, or a
    ///   malformed line.
    public static func read(_ file: URL) throws -> StudyContents {
        switch try state(of: file, expectedHeaderLine: nil) {
        case .absent: throw StudyError.io(file: file.path, reason: "no such file, or it is empty")
        case .incompleteHeader: throw StudyError.notAStudy(file: file.path, reason: "its header line is incomplete")
        case let .study(contents): return contents
        }
    }

    /// What is in `file`: nothing yet, the first bytes of `expectedHeaderLine` (a run that
    /// died while creating the file), or a study.
    enum State {
        case absent
        case incompleteHeader
        case study(StudyContents)
    }

    static func state(of file: URL, expectedHeaderLine: Data?) throws -> State {
        let path = file.path
        guard FileManager.default.fileExists(atPath: path) else { return .absent }
        let data: Data
        do { data = try Data(contentsOf: file) } catch { throw StudyError.io(file: path, reason: "cannot be read: \(error)") }
        if data.isEmpty { return .absent }
        let newline = UInt8(ascii: "\n")
        guard let lastNewline = data.lastIndex(of: newline) else {
            // Not even the header's newline: only a prefix of the header we would write is
            // safe to overwrite; anything else may be someone's file.
            if let expectedHeaderLine, expectedHeaderLine.starts(with: data) { return .incompleteHeader }
            throw StudyError.notAStudy(file: path, reason: "it has no complete first line")
        }
        let complete = data[data.startIndex...lastNewline]
        let tail = data[(lastNewline + 1)...]
        let lines = complete.split(separator: newline, omittingEmptySubsequences: false).dropLast()
        let header = try readHeader(Data(lines.first!), path: path)
        let space = header.space
        var trials: [Trial] = []
        for (index, line) in lines.dropFirst().enumerated() {
            let lineNumber = index + 2
            do {
                let trial = try StudyJSON.decode(TrialRecord.self, from: Data(line)).trial(in: space)
                guard trial.number == trials.count + 1 else {
                    throw StudyRecordProblem("trial numbers must count up from 1: expected \(trials.count + 1), found \(trial.number)")
                }
                trials.append(trial)
            } catch let problem as StudyRecordProblem {
                throw StudyError.malformedLine(file: path, line: lineNumber, reason: problem.description)
            } catch {
                throw StudyError.malformedLine(file: path, line: lineNumber, reason: "not a trial record: \(describe(error))")
            }
        }
        return .study(StudyContents(header: header, trials: trials,
                                    droppedPartialLine: tail.isEmpty ? nil : String(decoding: tail, as: UTF8.self),
                                    completeBytes: complete.count))
    }

    /// `value` as one line of JSON, newline included.
    /// - Throws: `StudyRecordProblem` for a value JSON cannot hold (NaN or infinity).
    static func line<T: Encodable>(_ value: T) throws -> Data {
        do {
            return try StudyJSON.encode(value) + Data("\n".utf8)
        } catch {
            throw StudyRecordProblem(describe(error))
        }
    }

    private static func readHeader(_ line: Data, path: String) throws -> StudyHeader {
        let header: StudyHeader
        do {
            header = try StudyJSON.decode(StudyHeader.self, from: line)
        } catch {
            throw StudyError.notAStudy(file: path, reason: "line 1 is not a study header (\(describe(error)))")
        }
        guard header.format == StudyHeader.formatName else {
            throw StudyError.notAStudy(file: path, reason: "line 1 has format '\(header.format)'")
        }
        guard header.version == 1 else {
            throw StudyError.notAStudy(file: path, reason: "it has version \(header.version); this TuningLab reads version 1")
        }
        do {
            _ = try SearchSpace(header.space)
        } catch {
            throw StudyError.malformedLine(file: path, line: 1, reason: "the search space is invalid: \(error)")
        }
        return header
    }

    /// A short reason for a decoding or encoding error ("no 'score'", "not valid JSON", ...).
    static func describe(_ error: Error) -> String {
        func at(_ path: [CodingKey]) -> String {
            path.isEmpty ? "" : " at '\(path.map(\.stringValue).joined(separator: "."))'"
        }
        if case let EncodingError.invalidValue(value, context)? = error as? EncodingError {
            return "\(value)\(at(context.codingPath)) cannot be written in JSON"
        }
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case let .keyNotFound(key, context): return "no '\(key.stringValue)'\(at(context.codingPath))"
        case let .typeMismatch(type, context): return "expected \(type)\(at(context.codingPath))"
        case let .valueNotFound(type, context): return "missing \(type)\(at(context.codingPath))"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(context.debugDescription)\(at(context.codingPath))"
        @unknown default: return "\(error)"
        }
    }
}
