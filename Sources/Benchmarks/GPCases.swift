// GPCases.swift: Gaussian-process regression, in milliseconds per fit and prediction.
//
// `gp-fit-predict-n30` follows Tests/References/sklearn_gp_benchmark.py: Branin scaled to the
// unit square, 30 noisy observations, a Matern 5/2 kernel with one length scale per
// dimension, hyperparameters fitted by maximising the marginal likelihood from 5
// starting points within the default bounds, then the mean and standard deviation at
// 2,000 grid points. scikit-learn's GaussianProcessRegressor (n_restarts_optimizer=4,
// same kernel, bounds and data) needs 140 to 190 ms for the same work on the
// development machine; this case about 3.7 ms.

import GaussianProcesses
import LabMath
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Branin function (Dixon and Szego 1978) on [-5, 10] x [0, 15], evaluated at a
/// point (u1, u2) of the unit square. Values from about 0.4 to 300.
func branin(_ u1: Double, _ u2: Double) -> Double {
    let x1 = 15.0 * u1 - 5.0
    let x2 = 15.0 * u2
    let b = 5.1 / (4.0 * Double.pi * Double.pi)
    let c = 5.0 / Double.pi
    let t = 1.0 / (8.0 * Double.pi)
    let square = x2 - b * x1 * x1 + c * x1 - 6.0
    return square * square + 10.0 * (1.0 - t) * cos(x1) + 10.0
}

/// `count` points uniform in the unit square (per point: u1, u2, then the noise) with
/// Branin targets plus N(0, noise^2) noise, exactly as Tests/References/gp_benchmark_problem.py.
func braninObservations(count: Int, seed: UInt64 = 2024, noise: Double = 1) -> (inputs: Matrix, targets: [Double]) {
    var rng = SeededGenerator(seed: seed)
    var inputs = Matrix(rows: count, columns: 2)
    var targets: [Double] = []
    for i in 0..<count {
        inputs[i, 0] = rng.nextDouble()
        inputs[i, 1] = rng.nextDouble()
        targets.append(branin(inputs[i, 0], inputs[i, 1]) + rng.nextNormal(standardDeviation: noise))
    }
    return (inputs, targets)
}

/// The centres of a rows x columns grid of cells over the unit square, row-major.
func unitSquareGrid(rows: Int, columns: Int) -> Matrix {
    var grid = Matrix(rows: rows * columns, columns: 2)
    for i in 0..<rows {
        for j in 0..<columns {
            grid[i * columns + j, 0] = (Double(i) + 0.5) / Double(rows)
            grid[i * columns + j, 1] = (Double(j) + 0.5) / Double(columns)
        }
    }
    return grid
}

/// Milliseconds for one fit (5 optimiser starts) plus one prediction at 2,000 points.
func gpFitPredictMilliseconds() throws -> Double {
    let (inputs, targets) = braninObservations(count: 30)
    let grid = unitSquareGrid(rows: 50, columns: 40)
    var checksum = 0.0
    let time = try bestSeconds(of: 9) {
        var rng = SeededGenerator(seed: 0)
        let gp = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: .matern52,
                                                  restarts: 5, rng: &rng)
        let prediction = try gp.predict(grid)
        // Use the result, so that the optimiser cannot drop the work.
        checksum += prediction.mean[0] + prediction.standardDeviation[0]
    }
    precondition(checksum.isFinite, "the benchmark's predictions are not finite")
    return time * 1000
}

func gaussianProcessCases() -> [BenchmarkCase] {
    [BenchmarkCase(name: "gp-fit-predict-n30", unit: "ms") { try gpFitPredictMilliseconds() }]
}
