// Interruption.swift
//
// What this file teaches: how to test that a saved search survives a crash without
// waiting for one. A process killed while writing a trial has already trained it,
// and leaves the file ending in part of that trial's line (no newline, the study's
// commit mark). The simulation does exactly that: it runs the trial, which writes
// its whole line, then cuts the line short. Counting the objective's calls then
// proves what resuming did: trials read back from the file are replayed without
// training again; the one whose line was cut is lost and trained again.

import Foundation
import HyperSearch

enum Interruption {
    /// The bytes of the interrupted trial's line that reach the disk before the crash.
    static let bytesWritten = 30

    /// Runs one more trial of `study`, then cuts its line after `bytesWritten` bytes:
    /// the file a process killed while writing that trial leaves behind.
    /// - Returns: the bytes of the line that were kept.
    static func crashWhileWritingNextTrial(_ study: inout Study) throws -> String {
        let handle = try FileHandle(forUpdating: study.file)
        defer { try? handle.close() }
        let before = try handle.seekToEnd()         // where the trial's line will start
        _ = try study.step()                        // trained, and its line written in full
        try handle.seek(toOffset: before)
        let kept = try handle.read(upToCount: bytesWritten) ?? Data()
        try handle.truncate(atOffset: before + UInt64(kept.count))
        return String(decoding: kept, as: UTF8.self)
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
