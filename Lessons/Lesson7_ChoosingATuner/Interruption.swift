// Interruption.swift
//
// What this file teaches: how to test that a saved search survives a crash without
// waiting for one. A crash while a trial is being written leaves the file ending in
// half a line (no newline, the study's commit mark); appending half a line is exactly
// that state. Counting the objective's calls then proves what resuming did: trials read
// back from the file are replayed without training again, and only the missing ones run.

import Foundation
import HyperSearch

enum Interruption {
    /// The start of a trial's JSON line, without its end and without the newline: what a
    /// process killed while writing leaves behind.
    static let halfALine = #"{"configuration":{"batchSize":"#

    /// Appends `halfALine` to `file`.
    static func appendHalfALine(to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(halfALine.utf8))
    }
}

/// Counts the calls of objectives (a class: the objectives' closures share it).
final class CallCounter {
    private(set) var count = 0

    /// `objective`, counting each of its calls.
    func counting(_ objective: Objective) -> Objective {
        Objective(name: objective.name, direction: objective.direction) { configuration in
            self.count += 1
            return objective.evaluate(configuration)
        }
    }
}
