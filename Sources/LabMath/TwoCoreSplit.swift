// TwoCoreSplit.swift
//
// What this file teaches: how two processor cores can share one loop without changing
// its result. A matrix product computes each row of the result independently, so the
// rows can be divided: the calling thread computes the first half while a helper
// thread computes the second. Each element is still computed by exactly the same
// instructions, so the answer is bit-for-bit what one core would produce.
//
// The hard part is the hand-off. Waking a sleeping thread through the operating system
// takes tens of microseconds, longer than a mini-batch's product. So after finishing a
// job the helper keeps checking ("spinning") for the next one for about a
// millisecond before it goes to sleep; during training, products arrive every few
// microseconds and the helper never sleeps. The two threads communicate through
// atomic counters:
//
//   caller                                 helper
//   job = body; posted += 1  ------------> sees posted change, claims the job,
//   runs body(first half)                  runs job(second half)
//   waits until finished == posted <------ finished = posted
//
// The helper may not get to the job in time: on a shared or virtual machine the
// operating system can pause it for milliseconds. So the second half is *claimed*
// (an atomic compare-and-exchange that only one thread can win): a caller that has
// finished its half and finds the second half unclaimed runs it itself instead of
// waiting. Either way each row is computed once, by the same instructions.
//
// Only one caller uses the helper at a time (an atomic "owner" flag); any other caller
// (another thread, a nested product) simply does all the work itself.

import Foundation
import Synchronization

/// Runs `body(range)` over `0..<count`, split between the calling thread and one helper
/// thread when `worthSplitting` is true and the helper is free; otherwise runs
/// `body(0..<count)` on the calling thread. Returns when all the work is done.
///
/// - Parameters:
///   - count: the number of independent pieces (rows of a product, say).
///   - splitAt: where the first part ends; the caller takes `0..<splitAt`.
public func runSplittingAcrossTwoCores(count: Int, splitAt: Int, worthSplitting: Bool,
                                _ body: (Range<Int>) -> Void) {
    if worthSplitting, splitAt > 0, splitAt < count, hasSecondCore, #available(macOS 15.0, *) {
        let helper = HelperThread.shared
        if helper.tryRun(first: 0..<splitAt, second: splitAt..<count, body) { return }
    }
    body(0..<count)
}

/// Read once: on Linux, `activeProcessorCount` reads the cgroup files in /sys on every
/// call, which takes longer than a small matrix product. Setting the environment
/// variable TUNINGLAB_ONE_CORE (to anything) keeps all work on the calling thread, to
/// measure what the second core brings (`TUNINGLAB_ONE_CORE=1 swift run -c release
/// Benchmarks`); results are the same bits either way.
private let hasSecondCore = ProcessInfo.processInfo.activeProcessorCount > 1
    && ProcessInfo.processInfo.environment["TUNINGLAB_ONE_CORE"] == nil

/// The single background thread that takes the second half of split work.
@available(macOS 15.0, *)
final class HelperThread: @unchecked Sendable {
    static let shared = HelperThread()

    /// True while some caller is using the helper.
    private let owner = Atomic<Bool>(false)
    /// Incremented by the caller for each job; the helper watches it.
    private let posted = Atomic<UInt64>(0)
    /// The number of the last job whose second half was claimed, by the helper or by
    /// the caller itself; one less than `posted` while a second half is unclaimed.
    private let claimed = Atomic<UInt64>(0)
    /// Set by the helper to the number of the job it has completed.
    private let finished = Atomic<UInt64>(0)
    /// True while the helper is asleep (or about to be) on `wakeUp`.
    private let sleeping = Atomic<Bool>(false)
    private let wakeUp = DispatchSemaphore(value: 0)

    // The current job. Written by the owning caller before `posted` is incremented and
    // read by the helper after it sees the increment; the atomics' release/acquire
    // ordering makes these plain stores visible in that order.
    private nonisolated(unsafe) var job: ((Range<Int>) -> Void)?
    private nonisolated(unsafe) var jobRange: Range<Int> = 0..<0

    /// How many checks the helper makes before sleeping (about a millisecond).
    private let spinLimit = 200_000

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "TuningLab helper"
        thread.start()
    }

    /// Runs `body(first)` here and `body(second)` on the helper; false if busy.
    func tryRun(first: Range<Int>, second: Range<Int>, _ body: (Range<Int>) -> Void) -> Bool {
        guard owner.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return false
        }
        // The closure only needs to live until both halves are done, which is before
        // this function returns; `withoutActuallyEscaping` lets us store it meanwhile.
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            jobRange = second
            let number = posted.add(1, ordering: .sequentiallyConsistent).newValue
            if sleeping.load(ordering: .sequentiallyConsistent) { wakeUp.signal() }
            escapable(first)
            if claimed.compareExchange(expected: number - 1, desired: number, ordering: .acquiringAndReleasing).exchanged {
                // The helper has not started: do the second half here rather than wait.
                escapable(second)
            } else {
                while finished.load(ordering: .acquiring) != number {}
            }
            job = nil
        }
        owner.store(false, ordering: .releasing)
        return true
    }

    /// The helper's loop: wait for a job (spinning, then sleeping), run it, report.
    private func serve() {
        var seen: UInt64 = 0
        while true {
            var spins = 0
            while posted.load(ordering: .acquiring) == seen {
                spins += 1
                if spins == spinLimit {
                    // Announce the sleep, then check once more: a caller that posted in
                    // between either sees `sleeping` and signals, or we see its job.
                    sleeping.store(true, ordering: .sequentiallyConsistent)
                    if posted.load(ordering: .sequentiallyConsistent) == seen { wakeUp.wait() }
                    sleeping.store(false, ordering: .sequentiallyConsistent)
                    spins = 0
                }
            }
            seen = posted.load(ordering: .acquiring)
            // Run the job only if the caller has not taken it back (see the top).
            if claimed.compareExchange(expected: seen - 1, desired: seen, ordering: .acquiringAndReleasing).exchanged {
                job?(jobRange)
                finished.store(seen, ordering: .releasing)
            }
        }
    }
}
