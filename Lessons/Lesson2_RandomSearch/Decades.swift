// Decades.swift
//
// What this file teaches: how to see what a sampling distribution does, by drawing from
// it. Learning rates matter by their order of magnitude, so we count how many draws of
// a random search land in each decade [1e-4, 1e-3), [1e-3, 1e-2), ...; the exact shares
// follow from the distribution and the counts must come out close to them.
//
//   uniform on [a, b]:      share of [c, d] = (d - c) / (b - a)
//   log-uniform on [a, b]:  share of [c, d] = (log d - log c) / (log b - log a)

import Foundation
import HyperSearch
import TextCharts

enum Decades {
    /// The edges low, 10 low, 100 low, ..., high: the decades of [low, high] (the last
    /// one shorter when high is not a power of ten times low).
    static func edges(low: Double, high: Double) -> [Double] {
        var edges = [low]
        while edges.last! * 10 < high * (1 - 1e-12) { edges.append(edges.last! * 10) }
        return edges + [high]
    }

    /// "[1e-04, 0.001)" for each interval between consecutive edges.
    static func labels(_ edges: [Double]) -> [String] {
        zip(edges, edges.dropFirst()).map { "[\(Format.compact($0)), \(Format.compact($1)))" }
    }

    /// The share of `draws` random-search draws of `parameter` that land in each
    /// interval between consecutive `edges` (a draw equal to the top edge counts in the
    /// last interval).
    /// - Complexity: O(draws x edges).
    static func shares(of space: SearchSpace, parameter: String, edges: [Double], draws: Int,
                       seed: UInt64) throws -> [Double] {
        var search = try RandomSearch(space: space, iterations: draws, seed: seed)
        var counts = [Int](repeating: 0, count: edges.count - 1)
        while let configuration = search.suggest() {
            let x = try configuration.double(parameter)
            counts[(0..<(edges.count - 1)).last { x >= edges[$0] } ?? 0] += 1
        }
        return counts.map { Double($0) / Double(draws) }
    }

    /// The exact share of [c, d] under uniform sampling on [low, high].
    static func uniformShare(_ c: Double, _ d: Double, low: Double, high: Double) -> Double {
        (d - c) / (high - low)
    }

    /// The exact share of [c, d] under log-uniform sampling on [low, high].
    static func logUniformShare(_ c: Double, _ d: Double, low: Double, high: Double) -> Double {
        (log(d) - log(c)) / (log(high) - log(low))
    }
}
