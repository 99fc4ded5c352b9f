// SpaceEncoding.swift
//
// What this file teaches: a Gaussian process measures distances between points, so
// before Bayesian optimisation can model a search space, every configuration must
// become a point in the unit cube [0, 1]^d where distances mean something:
//
//   real, linear       u = (x - low) / (high - low)
//   real, log          u = (log x - log low) / (log high - log low): 0.001 -> 0.01 is as
//                      far as 0.01 -> 0.1, as on the lesson's log axes
//   integer            the same, on the integer's scale; decoding rounds to the nearest
//                      whole number (on the log scale, rounding in log space)
//   categorical        one coordinate per choice, 1 for the chosen one and 0 for the
//                      others ("one-hot"), so all choices are equally far apart;
//                      decoding picks the largest coordinate
//
// Decoding a point and encoding it again snaps it to the nearest point the space can
// actually take, which is how an optimiser working in the continuous cube proposes
// valid integer and categorical values.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LabMath

/// The map between configurations of a space and points of the unit cube.
public struct SpaceEncoding: Sendable {
    public let space: SearchSpace
    /// For each hyperparameter, the range of cube coordinates it occupies.
    public let slices: [Range<Int>]
    /// The cube's dimension (reals and integers 1 each, categoricals one per choice).
    public let dimension: Int

    public init(space: SearchSpace) {
        self.space = space
        var slices: [Range<Int>] = []
        var next = 0
        for p in space.parameters {
            let width: Int
            if case let .categorical(values) = p.domain { width = values.count } else { width = 1 }
            slices.append(next..<(next + width))
            next += width
        }
        self.slices = slices
        self.dimension = next
    }

    /// The cube point of `configuration` (which must belong to the space).
    public func encode(_ configuration: Configuration) -> [Double] {
        var u = [Double](repeating: 0, count: dimension)
        for (i, p) in space.parameters.enumerated() {
            let value = configuration.values[i]
            switch p.domain {
            case let .real(low, high, scale):
                u[slices[i].lowerBound] = SpaceEncoding.unit(value.number ?? low, low, high, scale)
            case let .integer(low, high, scale):
                u[slices[i].lowerBound] = SpaceEncoding.unit(value.number ?? Double(low), Double(low), Double(high), scale)
            case let .categorical(values):
                if let k = values.firstIndex(of: value) { u[slices[i].lowerBound + k] = 1 }
            }
        }
        return u
    }

    /// The configuration nearest to cube point `u`: coordinates are clamped to [0, 1],
    /// integers rounded, categoricals decided by their largest coordinate (the first
    /// on ties).
    public func decode(_ u: [Double]) -> Configuration {
        precondition(u.count == dimension, "a point of the \(dimension)-dimensional cube is needed, got \(u.count)")
        var values: [HyperparameterValue] = []
        for (i, p) in space.parameters.enumerated() {
            let t = min(max(u[slices[i].lowerBound], 0), 1)
            switch p.domain {
            case let .real(low, high, scale):
                values.append(.number(SpaceEncoding.value(t, low, high, scale)))
            case let .integer(low, high, scale):
                let x = SpaceEncoding.value(t, Double(low), Double(high), scale)
                // Round on the parameter's own scale: in log space for a log scale.
                let rounded = scale == .log ? roundInLogSpace(x, low: low, high: high) : Int(x.rounded())
                values.append(.number(Double(min(max(rounded, low), high))))
            case let .categorical(choices):
                var best = 0
                for k in 1..<choices.count where u[slices[i].lowerBound + k] > u[slices[i].lowerBound + best] { best = k }
                values.append(choices[best])
            }
        }
        return Configuration(checkedNames: space.parameters.map(\.name), values: values)
    }

    /// `u` moved to the nearest point the space can take (decode, then encode).
    public func snap(_ u: [Double]) -> [Double] { encode(decode(u)) }

    /// A uniformly random point of the space, encoded (one-hot blocks get one random 1).
    public func randomPoint(_ rng: inout SeededGenerator) -> [Double] {
        var u = [Double](repeating: 0, count: dimension)
        for (i, p) in space.parameters.enumerated() {
            if case let .categorical(values) = p.domain {
                u[slices[i].lowerBound + rng.nextInt(below: values.count)] = 1
            } else {
                u[slices[i].lowerBound] = rng.nextDouble()
            }
        }
        return u
    }

    /// `count` points of a Latin hypercube: each continuous coordinate's range is cut
    /// into `count` equal strata and every stratum is used exactly once, so even a small
    /// initial design covers each axis evenly (McKay, Beckman and Conover 1979).
    /// Categorical blocks are drawn uniformly.
    public func latinHypercube(_ count: Int, _ rng: inout SeededGenerator) -> [[Double]] {
        var points = (0..<count).map { _ in randomPoint(&rng) }
        for (i, p) in space.parameters.enumerated() {
            if case .categorical = p.domain { continue }
            let strata = rng.permutation(count)
            for (n, stratum) in strata.enumerated() {
                points[n][slices[i].lowerBound] = (Double(stratum) + rng.nextDouble()) / Double(count)
            }
        }
        return points
    }

    static func unit(_ x: Double, _ low: Double, _ high: Double, _ scale: SpaceScale) -> Double {
        scale == .log ? (log(x) - log(low)) / (log(high) - log(low)) : (x - low) / (high - low)
    }

    static func value(_ t: Double, _ low: Double, _ high: Double, _ scale: SpaceScale) -> Double {
        if scale == .log {
            // The end points exactly, not exp(log(x)) one rounding step away.
            if t <= 0 { return low }
            if t >= 1 { return high }
            return exp(log(low) + t * (log(high) - log(low)))
        }
        return low + t * (high - low)
    }

    /// The integer nearest to `x` on a log scale: of floor(x) and ceil(x), the one whose
    /// logarithm is closer to log x.
    private func roundInLogSpace(_ x: Double, low: Int, high: Int) -> Int {
        let below = max(low, Int(x.rounded(.down))), above = min(high, below + 1)
        return abs(log(Double(above)) - log(x)) < abs(log(x) - log(Double(below))) ? above : below
    }
}
