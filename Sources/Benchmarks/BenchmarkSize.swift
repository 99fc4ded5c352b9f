// BenchmarkSize.swift: full measurements, or a smoke run that only proves every case
// still builds and runs.
//
// `swift run -c release Benchmarks --smoke` runs every case once at tiny sizes (a few
// seconds in all). CI does that on every change, so a case that no longer compiles in
// release mode, or that throws, is caught at once. Smoke figures mean nothing as
// measurements: too few repetitions, epochs and seeds.

/// How large each case's work is.
struct BenchmarkSize: Sendable {
    /// True for the smoke run.
    let smoke: Bool

    static let full = BenchmarkSize(smoke: false)
    static let smokeTest = BenchmarkSize(smoke: true)

    /// `full` for a measurement, `smoke` for the smoke run.
    func pick<T>(_ full: T, smoke small: T) -> T { smoke ? small : full }

    /// How often to time a case: `n` for a measurement, once for the smoke run.
    func repetitions(_ n: Int) -> Int { smoke ? 1 : n }
}
