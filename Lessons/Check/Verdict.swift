// Verdict.swift
//
// What the checker says about one exercise, and how it decides: the student's function
// and TuningLab's own implementation are called on the same inputs, in order, and the
// first input where they disagree is reported with both answers.

import Foundation

/// The outcome of checking one exercise.
enum Verdict: Codable, Equatable {
    /// Every case matched.
    case done(cases: Int)
    /// The function still throws `NotDoneYet`.
    case notDoneYet
    /// The first case that did not match.
    case wrong(input: String, expected: String, got: String)
    /// The student's code stopped the program (a trap such as an index out of range):
    /// the runtime's message, and the case that was running, if known.
    case crashed(String, input: String? = nil)
    /// The student's code ran longer than the checker waits (an endless loop?).
    case timedOut(seconds: Int)

    var isDone: Bool { if case .done = self { return true } else { return false } }
}

/// Which implementation of the exercises to grade.
enum Source: String, Codable {
    /// Lessons/Exercises: the student's code.
    case student
    /// Lessons/Solutions: the teacher's reference solutions.
    case solutions
}

/// One exercise as the checker knows it.
struct ExerciseCheck: Sendable {
    /// "3.1": lesson 3, exercise 1.
    let id: String
    /// The function's name and what it computes, e.g. "gridSize: a grid's number of configurations".
    let title: String
    /// Said when the answer is wrong: where the usual mistake is.
    let hint: String
    /// Runs the exercise's cases against the chosen implementation.
    let run: @Sendable (Source) -> Verdict

    /// The lesson number, from the id.
    var lesson: Int { Int(id.prefix { $0 != "." }) ?? 0 }
}

/// Compares `attempt` with `reference` on each case, in order.
///
/// - Parameters:
///   - cases: inputs with the words that describe them to a student.
///   - attempt: the student's (or teacher's) function.
///   - reference: TuningLab's own implementation, the truth to match.
///   - same: whether two answers match (exactly, or within a tolerance for numbers).
///   - show: how an answer is printed.
/// - Returns: `.done` when every case matches; `.notDoneYet` when `attempt` throws
///   `NotDoneYet`; otherwise `.wrong` with the first disagreeing case. Where the
///   reference refuses an input (throws), the attempt must throw too, any error.
func compare<Input, Output>(_ cases: [(label: String, input: Input)],
                            attempt: (Input) throws -> Output,
                            reference: (Input) throws -> Output,
                            same: (Output, Output) -> Bool,
                            show: (Output) -> String) -> Verdict {
    for (label, input) in cases {
        // In the checker's child process, name the case before running it: if the
        // student's code traps, the parent reads the last name and shows that input.
        Isolation.announce(label)
        let expected = Result { try reference(input) }
        let got = Result { try attempt(input) }
        if case let .failure(error) = got, isNotDoneYet(error) { return .notDoneYet }
        switch (expected, got) {
        case (.failure, .failure):
            continue
        case let (.failure(error), .success(value)):
            return .wrong(input: label, expected: "an error (\(error))", got: show(value))
        case let (.success(value), .failure(error)):
            return .wrong(input: label, expected: show(value), got: "an error (\(error))")
        case let (.success(want), .success(have)):
            if !same(want, have) { return .wrong(input: label, expected: show(want), got: show(have)) }
        }
    }
    return .done(cases: cases.count)
}

/// True for the stubs' `NotDoneYet` (recognised by name, so the checker does not care
/// which module threw it).
func isNotDoneYet(_ error: Error) -> Bool {
    String(describing: type(of: error)) == "NotDoneYet"
}

/// Numbers match when they agree to 1e-9 relative to their size (1e-9 absolute near
/// zero): tight enough to catch a wrong formula, loose enough for a different but
/// correct order of operations. NaN matches only NaN; a NaN answer to a finite
/// expectation is wrong, never a crash.
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// `close` for every element of two lists of the same length.
func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { close($0, $1, tolerance: tolerance) }
}

/// A number as the checker prints it: up to 10 significant digits.
func show(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    let text = "\(x)"
    return text.count <= 14 ? text : String(format: "%.10g", x)
}

/// A list of numbers as the checker prints it.
func show(_ xs: [Double]) -> String { "[" + xs.map { show($0) }.joined(separator: ", ") + "]" }
