// NotDoneYet.swift
//
// The exercises in this folder are yours to edit. Each function starts with
// `throw NotDoneYet()`; replace that line with your code, then run
//
//     swift run Check        (every exercise)    swift run Check 3    (Lesson 3's)
//
// to see which are done, which are not done yet, and, for a wrong answer, the first
// input where your result differs from TuningLab's own implementation, with a hint.

/// Thrown by an exercise that has not been written yet. The checker reports it as
/// "not done yet", not as a mistake.
public struct NotDoneYet: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "not done yet" }
}

/// Throw this (or any error of your own) for an input the exercise says to refuse.
public struct InvalidInput: Error, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
