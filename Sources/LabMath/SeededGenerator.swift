// SeededGenerator.swift
//
// What this file teaches: where "random" numbers come from in a reproducible
// experiment. Every shuffle, weight initialisation and sampled configuration in
// TuningLab is drawn from this one generator, seeded by the `--seed` flag, so two
// runs with the same seed print the same bytes.
//
// Why not the standard library's `Double.random(in:using:)` or `shuffled(using:)`?
// Their *algorithms* are not promised to stay the same between Swift releases, so a
// lesson's output could change after a toolchain update. Here every step, from the
// 64 raw bits to a uniform double, an integer in a range, a normal draw and a
// shuffle, is our own code and is spelled out.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small, fast, seeded pseudo-random number generator: xoshiro256** by Blackman
/// and Vigna, seeded through SplitMix64.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// let u = rng.nextDouble()            // uniform in [0, 1)
/// let k = rng.nextInt(below: 10)      // uniform in 0..<10
/// let z = rng.nextNormal()            // standard normal
/// var order = Array(0..<5); rng.shuffle(&order)
/// ```
///
/// The generator deliberately does *not* conform to `RandomNumberGenerator`, so it
/// cannot be passed by accident to a standard-library API whose algorithm might
/// change between releases.
///
/// Reference: D. Blackman and S. Vigna, "Scrambled linear pseudorandom number
/// generators", ACM TOMS 47(4), 2021; https://prng.di.unimi.it/
public struct SeededGenerator: Sendable {
    // The 256-bit state. It must never be all zeros; SplitMix64 seeding makes
    // that impossible in practice (it would need four zero outputs in a row).
    private var s0, s1, s2, s3: UInt64

    /// The seed this generator was created with (for printing and derivation).
    public let seed: UInt64

    /// Creates a generator whose whole sequence is determined by `seed`.
    ///
    /// - Parameters:
    ///   - seed: any 64-bit value; nearby seeds give unrelated sequences because the
    ///     state is filled by SplitMix64, which mixes every bit of the seed.
    ///   - stream: an optional second number selecting an independent stream for the
    ///     same seed (for example one stream per trial or per fold), so that what
    ///     one trial draws does not depend on how many draws another trial made.
    public init(seed: UInt64, stream: UInt64 = 0) {
        self.seed = seed
        // Mix the stream index into the SplitMix64 starting point with a large odd
        // constant so that (seed, stream) pairs map to well-separated states.
        var mixer = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// A new generator for an independent stream, derived from this generator's seed.
    ///
    /// Use it to give each trial, fold or restart its own reproducible randomness.
    public func derived(stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: stream &+ 1)
    }

    /// The next 64 uniformly distributed bits (xoshiro256**, one step).
    public mutating func nextUInt64() -> UInt64 {
        // Output scrambler "**": rotate-and-multiply the second state word.
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        // Linear engine: a fixed sequence of xors and shifts on the state.
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    /// A uniform double in the half-open interval [0, 1).
    ///
    /// Uses the top 53 bits (the precision of a `Double` significand), so every
    /// returned value is a multiple of 2^-53 and exactly representable.
    public mutating func nextDouble() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [low, high).
    ///
    /// - Precondition: `low <= high`, both finite. The result is `low + (high - low) * u`;
    ///   rounding can make it equal to `high` when the interval is tiny relative to its
    ///   magnitude, which is harmless for sampling hyperparameters.
    public mutating func nextDouble(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextDouble()
    }

    /// A uniform integer in `0..<upperBound`, without modulo bias.
    ///
    /// Lemire's method: multiply 64 random bits by `upperBound` as a 128-bit
    /// product; the high word is the answer. The few low words that would make
    /// some answers more likely than others are rejected and redrawn.
    ///
    /// Reference: D. Lemire, "Fast random integer generation in an interval",
    /// ACM TOMACS 29(1), 2019.
    /// - Precondition: `upperBound > 0`.
    public mutating func nextInt(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextInt(below:) needs a positive bound")
        let bound = UInt64(upperBound)
        var product = nextUInt64().multipliedFullWidth(by: bound)
        if product.low < bound {
            // (2^64 - bound) mod bound: the number of low words to reject.
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = nextUInt64().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    /// A uniform integer in a closed range, e.g. `rng.nextInt(in: 10...40)`.
    ///
    /// The width upper - lower + 1 overflows `Int` for ranges wider than Int.max (such
    /// as Int.min...Int.max); those are drawn as 64 random bits, rejected until they
    /// land in the range (at least half of all bit patterns do).
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        let (width, overflow) = range.upperBound.subtractingReportingOverflow(range.lowerBound)
        guard overflow || width == .max else { return range.lowerBound + nextInt(below: width + 1) }
        while true {
            let candidate = Int(truncatingIfNeeded: nextUInt64())
            if range.contains(candidate) { return candidate }
        }
    }

    /// A draw from the normal distribution N(mean, standardDeviation^2).
    ///
    /// Box-Muller transform: with U1, U2 uniform, sqrt(-2 ln U1) * cos(2 pi U2) is
    /// standard normal. U1 is taken in (0, 1] so that ln U1 is finite. We return one
    /// value per call and discard the sine partner: simpler state, same distribution.
    ///
    /// Note: `log`, `cos` and `sqrt` come from the platform's math library; their last
    /// bit can differ between Linux and macOS, so normal draws (unlike uniform ones)
    /// are reproducible per platform.
    public mutating func nextNormal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        let u1 = 1.0 - nextDouble()  // in (0, 1]
        let u2 = nextDouble()
        let radius = (-2.0 * log(u1)).squareRoot()
        return mean + standardDeviation * radius * cos(2.0 * Double.pi * u2)
    }

    /// Shuffles `array` in place with the Fisher-Yates algorithm (Knuth's Algorithm P).
    ///
    /// - Complexity: O(n), one random integer per element.
    @inlinable
    public mutating func shuffle<T>(_ array: inout [T]) {
        var i = array.count - 1
        while i > 0 {
            // Swap position i with a uniformly chosen position in 0...i.
            let j = nextInt(below: i + 1)
            if i != j { array.swapAt(i, j) }
            i -= 1
        }
    }

    /// A random permutation of `0..<count`.
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        shuffle(&order)
        return order
    }

    /// `k` distinct indices from `0..<count`, in the order drawn (a partial shuffle).
    ///
    /// - Precondition: `0 <= k <= count`.
    /// - Complexity: O(count) memory, O(k) random draws.
    public mutating func sampleWithoutReplacement(_ k: Int, from count: Int) -> [Int] {
        precondition(k >= 0 && k <= count, "cannot draw \(k) distinct items from \(count)")
        var pool = Array(0..<count)
        for i in 0..<k {
            // Partial Fisher-Yates from the front: choose among the not-yet-drawn tail.
            let j = i + nextInt(below: count - i)
            pool.swapAt(i, j)
        }
        return Array(pool[0..<k])
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator used only to expand a
/// 64-bit seed into xoshiro's 256-bit state, as its authors recommend.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@inline(__always)
private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
}
