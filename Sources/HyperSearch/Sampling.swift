// Sampling.swift
//
// What this file teaches: how to draw a random value of each kind of hyperparameter.
//
//   real, linear   x = low + (high - low) u,                 u uniform in [0, 1)
//   real, log      x = exp(log low + (log high - log low) u)  (log-uniform)
//   integer        a uniform whole number in low...high
//   integer, log   floor of a log-uniform draw in [low, high + 1): each k has chance
//                  log((k + 1) / k) / log((high + 1) / low), so small values, where a
//                  change of 1 matters more, are drawn more often
//   categorical    each listed value with equal chance
//
// Every draw uses the project's seeded generator, so a seed fixes the whole search.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LabMath

extension Hyperparameter {
    /// One random value from the domain (see the table above).
    public func sample(_ rng: inout SeededGenerator) -> HyperparameterValue {
        switch domain {
        case let .real(low, high, .linear):
            return .number(low + (high - low) * rng.nextDouble())
        case let .real(low, high, .log):
            let x = exp(log(low) + (log(high) - log(low)) * rng.nextDouble())
            // exp(log(x)) can land one rounding step outside [low, high]; clamp it back.
            return .number(min(max(x, low), high))
        case let .integer(low, high, .linear):
            return .number(Double(rng.nextInt(in: low...high)))
        case let .integer(low, high, .log):
            let x = exp(log(Double(low)) + (log(Double(high) + 1) - log(Double(low))) * rng.nextDouble())
            return .number(Double(min(max(Int(x.rounded(.down)), low), high)))
        case let .categorical(values):
            return values[rng.nextInt(below: values.count)]
        }
    }
}

/// Draws distinct integers from 0..<size in random order, one at a time, without
/// building the whole list: a Fisher-Yates shuffle that records only the positions it
/// has swapped (in a dictionary that is looked up, never iterated). Memory is
/// proportional to the number of draws, so even a space of a billion configurations
/// is fine.
struct DistinctIndexSampler: Sendable {
    let size: Int
    private(set) var drawn = 0
    private var swapped: [Int: Int] = [:]

    init(size: Int) { self.size = size }

    /// The next index, or nil when all `size` indices have been drawn.
    mutating func next(_ rng: inout SeededGenerator) -> Int? {
        guard drawn < size else { return nil }
        // Swap position `drawn` with a random position in drawn..<size, as Fisher-Yates
        // would; unswapped positions hold their own index.
        let j = drawn + rng.nextInt(below: size - drawn)
        let chosen = swapped[j] ?? j
        swapped[j] = swapped[drawn] ?? drawn
        swapped[drawn] = nil
        drawn += 1
        return chosen
    }
}
