// TestFunctions.swift
//
// What this file teaches: how to test an optimiser before trusting it with a network.
// These standard functions are cheap to evaluate and their global minima are known, so
// "how far from the best did the search end?" (the simple regret) can be measured
// exactly. Lesson 4 watches a search on Forrester's function; the benchmarks measure
// regret on all three; the Gaussian-process tests fit noisy Branin samples.

import Foundation
import LabMath

/// Standard test functions for optimisers, with their known global minima.
public enum TestFunctions {
    /// Forrester et al. (2008): f(x) = (6x - 2)^2 sin(12x - 4) on [0, 1]. A local
    /// minimum near x = 0.14 traps greedy searches; the global minimum is `forresterMinimum`
    /// at x = 0.757249.
    public static func forrester(_ x: Double) -> Double {
        let t = 6 * x - 2
        return t * t * sin(12 * x - 4)
    }
    public static let forresterMinimum = -6.020_740_055_767_083

    /// Branin-Hoo (Dixon and Szego 1978) on [-5, 10] x [0, 15]:
    /// (x2 - b x1^2 + c x1 - 6)^2 + 10 (1 - t) cos(x1) + 10 with b = 5.1 / (4 pi^2),
    /// c = 5 / pi, t = 1 / (8 pi). Three global minima, all `braninMinimum`.
    public static func branin(_ x1: Double, _ x2: Double) -> Double {
        let b = 5.1 / (4.0 * Double.pi * Double.pi)
        let c = 5.0 / Double.pi
        let t = 1.0 / (8.0 * Double.pi)
        let square = x2 - b * x1 * x1 + c * x1 - 6.0
        return square * square + 10.0 * (1.0 - t) * cos(x1) + 10.0
    }
    public static let braninMinimum = 0.397_887_357_729_738

    /// Branin at a point (u1, u2) of the unit square, mapped linearly onto its domain.
    /// Values from about 0.4 to 300.
    public static func braninOnUnitSquare(_ u1: Double, _ u2: Double) -> Double {
        branin(15.0 * u1 - 5.0, 15.0 * u2)
    }

    /// `count` noisy observations of `braninOnUnitSquare`: per point u1, u2 uniform,
    /// then N(0, noise^2) added to the value, all from `SeededGenerator(seed:)`. With the
    /// defaults this is the problem of the `gp-fit-predict-n30` benchmark and of
    /// Tests/References/gp_benchmark_problem.py.
    public static func noisyBraninObservations(count: Int, seed: UInt64 = 2024,
                                               noise: Double = 1) -> (inputs: Matrix, targets: [Double]) {
        var rng = SeededGenerator(seed: seed)
        var inputs = Matrix(rows: count, columns: 2)
        var targets: [Double] = []
        for i in 0..<count {
            inputs[i, 0] = rng.nextDouble()
            inputs[i, 1] = rng.nextDouble()
            targets.append(braninOnUnitSquare(inputs[i, 0], inputs[i, 1]) + rng.nextNormal(standardDeviation: noise))
        }
        return (inputs, targets)
    }

    /// Hartmann 6-D on [0, 1]^6: -sum_i alpha_i exp(-sum_j A_ij (x_j - P_ij)^2); global
    /// minimum `hartmann6Minimum` (Dixon and Szego 1978; constants from Surjanovic and
    /// Bingham's Virtual Library of Simulation Experiments).
    public static func hartmann6(_ x: [Double]) -> Double {
        precondition(x.count == 6, "Hartmann 6-D takes 6 coordinates, got \(x.count)")
        var total = 0.0
        for i in 0..<4 {
            var inner = 0.0
            for j in 0..<6 { inner += hartmannA[i][j] * (x[j] - hartmannP[i][j]) * (x[j] - hartmannP[i][j]) }
            total += hartmannAlpha[i] * exp(-inner)
        }
        return -total
    }
    public static let hartmann6Minimum = -3.322_368_011_415_515

    private static let hartmannAlpha = [1.0, 1.2, 3.0, 3.2]
    private static let hartmannA: [[Double]] = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                                                [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
    private static let hartmannP: [[Double]] = [
        [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
        [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
    ]
}
