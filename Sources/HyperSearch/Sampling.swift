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
        case .integer, .categorical:
            return value(at: sampleIndex(&rng))
        }
    }

    /// The position (as in `value(at:)`) of a random value of a discrete domain, drawn
    /// as `sample` draws it. A real interval has no positions: it returns 0.
    func sampleIndex(_ rng: inout SeededGenerator) -> Int {
        switch domain {
        case .real:
            return 0
        case let .integer(low, high, .linear):
            return rng.nextInt(in: low...high) - low
        case let .integer(low, high, .log):
            let x = exp(log(Double(low)) + (log(Double(high) + 1) - log(Double(low))) * rng.nextDouble())
            return min(max(Int(x.rounded(.down)), low), high) - low
        case let .categorical(values):
            return rng.nextInt(below: values.count)
        }
    }

    /// The chance that `sampleIndex` returns `index`: 1 / count for a linear integer or
    /// a list, log((k + 1) / k) / log((high + 1) / low) for the value k on a log scale.
    func probability(ofIndex index: Int) -> Double {
        switch domain {
        case .real:
            return 0
        case let .integer(low, high, .log):
            let k = Double(low + index)
            return (log(k + 1) - log(k)) / (log(Double(high) + 1) - log(Double(low)))
        case .integer, .categorical:
            return 1 / Double(valueCount ?? 1)
        }
    }
}

extension SearchSpace {
    /// True when some hyperparameter is drawn non-uniformly (an integer on a log
    /// scale), so that configurations of a discrete space are not equally likely.
    var hasNonUniformDiscreteParameter: Bool {
        parameters.contains { if case .integer(_, _, .log) = $0.domain { return true } else { return false } }
    }

    /// A random configuration index of a discrete space (see `configuration(atIndex:)`),
    /// each parameter drawn as `Hyperparameter.sample` draws it.
    func sampleIndex(_ rng: inout SeededGenerator) -> Int {
        var index = 0
        for p in parameters { index = index * p.valueCount! + p.sampleIndex(&rng) }
        return index
    }

    /// The chance of configuration `index` under `sampleIndex`: the product of its
    /// values' chances (the parameters are drawn independently).
    func probability(ofIndex index: Int) -> Double {
        var rest = index, probability = 1.0
        for p in parameters.reversed() {
            probability *= p.probability(ofIndex: rest % p.valueCount!)
            rest /= p.valueCount!
        }
        return probability
    }
}

/// What RandomSearch needs from a sampler that never repeats a configuration.
protocol DistinctSampler: Sendable {
    /// The number of configurations, and how many have been drawn.
    var size: Int { get }
    var drawn: Int { get }
    /// The next index, or nil when all `size` indices have been drawn.
    mutating func next(_ rng: inout SeededGenerator) -> Int?
}

/// Draws distinct integers from 0..<size in random order, one at a time, without
/// building the whole list: a Fisher-Yates shuffle that records only the positions it
/// has swapped (in a dictionary that is looked up, never iterated). Memory is
/// proportional to the number of draws, so even a space of a billion configurations
/// is fine.
struct DistinctIndexSampler: DistinctSampler {
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

/// Draws distinct configurations of a discrete space in which some parameter is drawn
/// log-uniformly: each draw picks among the configurations not drawn yet, with
/// chances proportional to their chances under `SearchSpace.sampleIndex`. This is
/// "successive sampling", what numpy's `choice(n, k, replace=False, p=p)` does, so a
/// log-scaled integer stays log-uniform however many configurations are drawn
/// (without it, 1...1000 on a log scale was drawn uniformly: median 457 instead of 31).
///
/// Rejection does the work: draw from the full distribution and redraw while the
/// configuration is a repeat. Accepted draws follow the distribution restricted to the
/// new configurations exactly. When most of the probability has been drawn, repeats
/// become frequent, so after `rejectionsBeforeEnumerating` redraws in a row a space of
/// at most `largestEnumerated` configurations is enumerated with explicit weights.
struct WeightedDistinctSampler: DistinctSampler {
    let space: SearchSpace
    let size: Int
    /// Drawn indices (only looked up, never iterated, so no hash order leaks out).
    private var seen: Set<Int> = []
    static let rejectionsBeforeEnumerating = 64
    static let largestEnumerated = 1_000_000

    init(space: SearchSpace, size: Int) {
        self.space = space
        self.size = size
    }

    var drawn: Int { seen.count }

    mutating func next(_ rng: inout SeededGenerator) -> Int? {
        guard seen.count < size else { return nil }
        var attempts = 0
        while size > Self.largestEnumerated || attempts < Self.rejectionsBeforeEnumerating {
            let index = space.sampleIndex(&rng)
            if seen.insert(index).inserted { return index }
            attempts += 1
        }
        // Enumerate: the weights of the configurations not drawn yet, then one uniform
        // draw against their running sum (in index order, so the result is reproducible).
        var total = 0.0
        for index in 0..<size where !seen.contains(index) { total += space.probability(ofIndex: index) }
        let target = rng.nextDouble() * total
        var sum = 0.0, last = 0
        for index in 0..<size where !seen.contains(index) {
            sum += space.probability(ofIndex: index)
            last = index
            if sum > target { break }
        }
        seen.insert(last)
        return last
    }
}
