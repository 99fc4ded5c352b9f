// BothCores.swift
//
// What this file teaches: how to use a second processor core without changing a single
// printed digit. The seeds of a comparison are independent experiments: each builds its
// own data split, objective, searchers and generators from its seed and shares nothing
// mutable with the others. So the first half of the seeds can run on this thread while
// LabMath's helper thread runs the second half (runSplittingAcrossTwoCores, the same
// split the matrix products use), and the results are put back in seed order. Each
// seed's numbers are computed by the same code either way, so the output is the same
// bytes on one core or two (TUNINGLAB_ONE_CORE=1 runs everything on one).

import LabMath

enum BothCores {
    /// `body(item)` for every item, in two halves on two threads when the helper thread
    /// is free (on this thread alone otherwise); the results in the items' order. The
    /// first error thrown, in item order, is rethrown.
    ///
    /// `body` is `@Sendable`: it captures only values that may cross threads, and (unlike
    /// an ordinary closure written in main.swift) it is not tied to the main thread.
    /// Every item must build its own objective, searchers and generators.
    static func map<Item: Sendable, Output>(_ items: [Item], _ body: @Sendable (Item) throws -> Output) throws -> [Output] {
        guard !items.isEmpty else { return [] }
        // One slot per item, written by exactly one thread: distinct memory, no race.
        let slots = UnsafeMutableBufferPointer<Result<Output, Error>?>.allocate(capacity: items.count)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        runSplittingAcrossTwoCores(count: items.count, splitAt: (items.count + 1) / 2, worthSplitting: true) { range in
            for i in range { slots[i] = Result { try body(items[i]) } }
        }
        return try slots.map { try $0!.get() }
    }
}
