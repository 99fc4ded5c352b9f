// TestFunctionFormulas.swift
//
// What this file teaches: the shapes an optimiser meets, one formula each, as listed
// with their usual domains and minima in Surjanovic and Bingham's "Virtual Library of
// Simulation Experiments" (Simon Fraser University). Some are smooth bowls or valleys
// (Rosenbrock, Dixon-Price, Zakharov, Powell); most have many local minima (Ackley,
// Levy, Rastrigin, Griewank, Styblinski-Tang, Michalewicz, Shekel, the camel), where a
// searcher that settles in the first basin it finds loses. TestFunctionSuite.swift
// turns them into the broad benchmark's problems.

import Foundation

extension TestFunctions {
    /// Six-hump camel: (4 - 2.1 x^2 + x^4 / 3) x^2 + x y + (-4 + 4 y^2) y^2 on
    /// [-3, 3] x [-2, 2]; six local minima, two global ones (-1.0316).
    public static func sixHumpCamel(_ x: [Double]) -> Double {
        let a = x[0], b = x[1]
        return (4 - 2.1 * a * a + a * a * a * a / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b
    }

    /// Michalewicz (m = 10): -sum_i sin(x_i) sin^20(i x_i^2 / pi) on [0, pi]^d; steep
    /// narrow valleys on a flat plateau (2-D minimum -1.8013).
    public static func michalewicz(_ x: [Double]) -> Double {
        var total = 0.0
        for (i, xi) in x.enumerated() { total += sin(xi) * pow(sin(Double(i + 1) * xi * xi / Double.pi), 20) }
        return -total
    }

    /// Goldstein-Price on [-2, 2]^2: values from 3 (at (0, -1)) to about 10^6, with
    /// several local minima.
    public static func goldsteinPrice(_ x: [Double]) -> Double {
        let a = x[0], b = x[1]
        let s = a + b + 1, t = 2 * a - 3 * b
        let first = 1 + s * s * (19 - 14 * a + 3 * a * a - 14 * b + 6 * a * b + 3 * b * b)
        let second = 30 + t * t * (18 - 32 * a + 12 * a * a + 48 * b - 36 * a * b + 27 * b * b)
        return first * second
    }

    /// Hartmann 3-D on [0, 1]^3 (four local minima; minimum -3.86278).
    public static func hartmann3(_ x: [Double]) -> Double {
        hartmann(x, a: [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]],
                 p: [[0.3689, 0.1170, 0.2673], [0.4699, 0.4387, 0.7470], [0.1091, 0.8732, 0.5547],
                     [0.0381, 0.5743, 0.8828]])
    }

    /// -sum_i alpha_i exp(-sum_j A_ij (x_j - P_ij)^2), alpha = (1, 1.2, 3, 3.2).
    static func hartmann(_ x: [Double], a: [[Double]], p: [[Double]]) -> Double {
        let alpha = [1.0, 1.2, 3.0, 3.2]
        var total = 0.0
        for i in 0..<4 {
            var inner = 0.0
            for j in 0..<x.count { inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]) }
            total += alpha[i] * exp(-inner)
        }
        return -total
    }

    /// Ackley (a = 20, b = 0.2, c = 2 pi): a nearly flat outer region full of small
    /// dimples around one deep funnel at 0 (minimum 0).
    public static func ackley(_ x: [Double]) -> Double {
        let d = Double(x.count)
        let squares = x.reduce(0) { $0 + $1 * $1 } / d
        let cosines = x.reduce(0) { $0 + cos(2 * Double.pi * $1) } / d
        return -20 * exp(-0.2 * squares.squareRoot()) - exp(cosines) + 20 + M_E
    }

    /// Levy: with w_i = 1 + (x_i - 1) / 4, sin^2(pi w_1) + sum_{i<d} (w_i - 1)^2
    /// (1 + 10 sin^2(pi w_i + 1)) + (w_d - 1)^2 (1 + sin^2(2 pi w_d)); minimum 0 at 1.
    public static func levy(_ x: [Double]) -> Double {
        let w = x.map { 1 + ($0 - 1) / 4 }
        var total = pow(sin(Double.pi * w[0]), 2)
        for wi in w.dropLast() { total += (wi - 1) * (wi - 1) * (1 + 10 * pow(sin(Double.pi * wi + 1), 2)) }
        let last = w[w.count - 1]
        return total + (last - 1) * (last - 1) * (1 + pow(sin(2 * Double.pi * last), 2))
    }

    /// Shekel (m = 10) on [0, 10]^4: ten narrow wells, the deepest near (4, 4, 4, 4).
    public static func shekel(_ x: [Double]) -> Double {
        let beta = [0.1, 0.2, 0.2, 0.4, 0.4, 0.6, 0.3, 0.7, 0.5, 0.5]
        let c: [[Double]] = [[4, 1, 8, 6, 3, 2, 5, 8, 6, 7], [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
                             [4, 1, 8, 6, 3, 2, 5, 8, 6, 7], [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6]]
        var total = 0.0
        for i in 0..<10 {
            var inner = beta[i]
            for j in 0..<4 { inner += (x[j] - c[j][i]) * (x[j] - c[j][i]) }
            total += 1 / inner
        }
        return -total
    }

    /// Styblinski-Tang: (1/2) sum_i (x_i^4 - 16 x_i^2 + 5 x_i); 2^d local minima, the
    /// global one at x_i = -2.903534 (-39.16617 per dimension).
    public static func styblinskiTang(_ x: [Double]) -> Double {
        0.5 * x.reduce(0) { $0 + $1 * $1 * $1 * $1 - 16 * $1 * $1 + 5 * $1 }
    }

    /// Rosenbrock: sum_i 100 (x_{i+1} - x_i^2)^2 + (x_i - 1)^2, a curved valley;
    /// minimum 0 at 1.
    public static func rosenbrock(_ x: [Double]) -> Double {
        var total = 0.0
        for i in 0..<(x.count - 1) {
            let valley = x[i + 1] - x[i] * x[i]
            total += 100 * valley * valley + (x[i] - 1) * (x[i] - 1)
        }
        return total
    }

    /// Dixon-Price: (x_1 - 1)^2 + sum_{i>=2} i (2 x_i^2 - x_{i-1})^2; minimum 0 at
    /// x_i = 2^(-(2^i - 2) / 2^i).
    public static func dixonPrice(_ x: [Double]) -> Double {
        var total = (x[0] - 1) * (x[0] - 1)
        for i in 1..<x.count {
            let term = 2 * x[i] * x[i] - x[i - 1]
            total += Double(i + 1) * term * term
        }
        return total
    }

    /// Griewank: sum_i x_i^2 / 4000 - prod_i cos(x_i / sqrt(i)) + 1; a bowl covered in
    /// ripples; minimum 0 at 0.
    public static func griewank(_ x: [Double]) -> Double {
        var product = 1.0
        for (i, xi) in x.enumerated() { product *= cos(xi / Double(i + 1).squareRoot()) }
        return x.reduce(0) { $0 + $1 * $1 } / 4000 - product + 1
    }

    /// Rastrigin: 10 d + sum_i (x_i^2 - 10 cos(2 pi x_i)); a regular grid of local
    /// minima; minimum 0 at 0.
    public static func rastrigin(_ x: [Double]) -> Double {
        10 * Double(x.count) + x.reduce(0) { $0 + $1 * $1 - 10 * cos(2 * Double.pi * $1) }
    }

    /// Zakharov: sum x_i^2 + (sum 0.5 i x_i)^2 + (sum 0.5 i x_i)^4; a plate-shaped
    /// valley; minimum 0 at 0.
    public static func zakharov(_ x: [Double]) -> Double {
        var squares = 0.0, weighted = 0.0
        for (i, xi) in x.enumerated() {
            squares += xi * xi
            weighted += 0.5 * Double(i + 1) * xi
        }
        let w2 = weighted * weighted
        return squares + w2 + w2 * w2
    }

    /// Powell (d a multiple of 4): sum over blocks of (a + 10 b)^2 + 5 (c - e)^2 +
    /// (b - 2 c)^4 + 10 (a - e)^4; minimum 0 at 0, singular Hessian there.
    public static func powell(_ x: [Double]) -> Double {
        var total = 0.0
        for block in 0..<(x.count / 4) {
            let a = x[4 * block], b = x[4 * block + 1], c = x[4 * block + 2], e = x[4 * block + 3]
            let p = b - 2 * c, q = a - e
            total += (a + 10 * b) * (a + 10 * b) + 5 * (c - e) * (c - e) + p * p * p * p + 10 * q * q * q * q
        }
        return total
    }
}
