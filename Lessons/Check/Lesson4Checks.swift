// Lesson4Checks.swift: the Gaussian-process exercises (Lessons/Exercises/Lesson4.swift),
// checked against GaussianProcesses' Kernel, AcquisitionFunction and
// GaussianProcessRegressor and LabMath's CholeskyFactor.

import Exercises
import GaussianProcesses
import LabMath
import Solutions

enum Lesson4Checks {
    static let all: [ExerciseCheck] = [
        ExerciseCheck(id: "4.1", title: "matern52: the Matern 5/2 kernel k(x, x')",
                      hint: "r is the distance with each coordinate divided by its own length scale; k = s2 (1 + "
                          + "sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r), so k = s2 at r = 0; refuse mismatched lengths "
                          + "and non-positive hyperparameters") { source in
            matern52(source == .student ? Exercises.matern52 : Solutions.matern52)
        },
        ExerciseCheck(id: "4.2", title: "expectedImprovement: exploitation + exploration",
                      hint: "delta = f* - mu - xi when minimising (mu - f* - xi when maximising); with sigma = 0 "
                          + "(or negative) return max(delta, 0) as exploitation and total, 0 as exploration, without "
                          + "dividing") { source in
            expectedImprovement(source == .student ? Exercises.expectedImprovement : Solutions.expectedImprovement)
        },
        ExerciseCheck(id: "4.3", title: "cholesky: L with A = L L^T",
                      hint: "go row by row; L_ij for j < i subtracts the dot product of the first j entries of rows "
                          + "i and j before dividing by L_jj; refuse a pivot that is not > 0 instead of taking its "
                          + "square root") { source in
            cholesky(source == .student ? Exercises.cholesky : Solutions.cholesky)
        },
        ExerciseCheck(id: "4.4", title: "gpPosterior: R&W Algorithm 2.1 (mean, variance, log likelihood)",
                      hint: "add the noise variance to K's diagonal only; alpha needs the forward solve with L, then "
                          + "the backward solve with L^T; the variance is k(x*, x*) - v^T v with v = L \\ k*, and "
                          + "line 7 sums log L_ii (half the log determinant)") { source in
            gpPosterior(source == .student ? Exercises.gpPosterior : Solutions.gpPosterior)
        },
    ]

    static func matern52(_ attempt: ([Double], [Double], [Double], Double) throws -> Double) -> Verdict {
        typealias Input = (x: [Double], xPrime: [Double], lengthScales: [Double], signalVariance: Double)
        let cases: [(label: String, input: Input)] = [
            ("x = [0], x' = [0.3], l = [0.3], s2 = 1 (r = 1)", ([0], [0.3], [0.3], 1)),
            ("the same point: x = x' = [0.4, 0.7], l = [0.2, 0.5], s2 = 2.5", ([0.4, 0.7], [0.4, 0.7], [0.2, 0.5], 2.5)),
            ("two inputs, different length scales: [0, 0] and [0.1, 0.4], l = [0.05, 2], s2 = 1",
             ([0, 0], [0.1, 0.4], [0.05, 2], 1)),
            ("far apart: [0] and [3], l = [0.1], s2 = 4 (r = 30)", ([0], [3], [0.1], 4)),
            ("three inputs: [1, 2, 3] and [1.5, 1, 3.2], l = [1, 2, 0.5], s2 = 0.3",
             ([1, 2, 3], [1.5, 1, 3.2], [1, 2, 0.5], 0.3)),
            ("points of different lengths: [0, 1] and [0]", ([0, 1], [0], [1, 1], 1)),
            ("two length scales for one input", ([0], [1], [1, 1], 1)),
            ("a length scale of 0", ([0], [1], [0], 1)),
            ("a negative signal variance", ([0], [1], [1], -1)),
            ("no inputs: x = x' = []", ([], [], [], 1)),
        ]
        return compare(cases, attempt: { try attempt($0.x, $0.xPrime, $0.lengthScales, $0.signalVariance) },
                       reference: { input in
            // The library's own checks of the hyperparameters, then its kernel.
            guard !input.x.isEmpty, input.x.count == input.xPrime.count else {
                throw GaussianProcessError.shapeMismatch("two points of the same length d >= 1")
            }
            try KernelHyperparameters(signalVariance: input.signalVariance, lengthScales: input.lengthScales,
                                      noiseVariance: 0).validate(dimensions: input.x.count)
            var r2 = 0.0
            for k in input.x.indices {
                let scaled = (input.x[k] - input.xPrime[k]) / input.lengthScales[k]
                r2 += scaled * scaled
            }
            return input.signalVariance * Kernel.matern52.correlation(scaledSquaredDistance: r2)
        }, same: { close($0, $1) }, show: { show($0) })
    }

    static func expectedImprovement(
        _ attempt: (Double, Double, Double, Double, Bool) throws -> (exploitation: Double, exploration: Double, total: Double)
    ) -> Verdict {
        typealias Input = (mean: Double, sd: Double, incumbent: Double, xi: Double, maximizing: Bool)
        let cases: [(label: String, input: Input)] = [
            ("mu 0.30, sigma 0.05, f* 0.32, xi 0.01, minimising", (0.30, 0.05, 0.32, 0.01, false)),
            ("mu 0.30, sigma 0.05, f* 0.32, xi 0.01, maximising", (0.30, 0.05, 0.32, 0.01, true)),
            ("mu 0.80, sigma 0.02, f* 0.76, xi 0, maximising (the mean beats f*)", (0.80, 0.02, 0.76, 0, true)),
            ("mu -2.5, sigma 0.7, f* -2.9, xi 0, minimising (chosen for its uncertainty)", (-2.5, 0.7, -2.9, 0, false)),
            ("sigma = 0, the mean beats f* by 0.1 (maximising)", (0.9, 0, 0.8, 0, true)),
            ("sigma = 0, the mean is worse than f* (minimising)", (1.5, 0, 1.0, 0, false)),
            ("sigma = 0 and mu = f*: delta = 0", (1.0, 0, 1.0, 0, true)),
            ("a negative sigma (round-off), -1e-12", (0.5, -1e-12, 0.4, 0, true)),
            ("far worse than f*: z = -20", (0.0, 0.05, 1.0, 0, true)),
            ("a large margin xi = 1 sd", (0.3, 0.2, 0.35, 0.2, false)),
        ]
        return compare(cases, attempt: { try attempt($0.mean, $0.sd, $0.incumbent, $0.xi, $0.maximizing) },
                       reference: { input in
            let terms = AcquisitionFunction.expectedImprovementTerms(
                mean: input.mean, standardDeviation: input.sd, incumbent: input.incumbent, xi: input.xi,
                direction: input.maximizing ? .maximize : .minimize)
            return (terms.exploitation, terms.exploration, terms.total)
        }, same: { close($0.exploitation, $1.exploitation) && close($0.exploration, $1.exploration)
                   && close($0.total, $1.total) },
           show: { "(exploitation: \(show($0.exploitation)), exploration: \(show($0.exploration)), total: \(show($0.total)))" })
    }

    static func cholesky(_ attempt: ([[Double]]) throws -> [[Double]]) -> Verdict {
        let cases: [(label: String, input: [[Double]])] = [
            ("[[4, 2], [2, 3]]", [[4, 2], [2, 3]]),
            ("the 1 x 1 matrix [[9]]", [[9]]),
            ("a 3 x 3 covariance", [[2, 0.6, 0.2], [0.6, 1.5, 0.3], [0.2, 0.3, 1]]),
            ("5 x 5: Matern 5/2 correlations of 0, 0.25, ..., 1 (l = 0.3) plus 0.01 I", maternMatrix()),
            ("an empty matrix []", []),
            ("not positive definite: [[1, 2], [2, 1]]", [[1, 2], [2, 1]]),
            ("a zero pivot: [[0, 0], [0, 1]]", [[0, 0], [0, 1]]),
            ("not square: [[1, 0, 0], [0, 1, 0]]", [[1, 0, 0], [0, 1, 0]]),
            ("rows of different lengths: [[1], [0, 1]]", [[1], [0, 1]]),
        ]
        return compare(cases, attempt: attempt, reference: { a in
            guard a.allSatisfy({ $0.count == a.count }) else {
                throw CholeskyError.notSquare(rows: a.count, columns: a.first?.count ?? 0)
            }
            let factor = try CholeskyFactor(Matrix(rows: a.count, columns: a.count, elements: a.flatMap { $0 }))
            return (0..<a.count).map { factor.lower.row($0) }
        }, same: { $0.count == $1.count && zip($0, $1).allSatisfy { close($0, $1) } },
           show: { "[" + $0.map { show($0) }.joined(separator: ", ") + "]" })
    }

    /// Matern 5/2 correlations of 5 evenly spaced points, plus 0.01 on the diagonal.
    static func maternMatrix() -> [[Double]] {
        let xs = [0, 0.25, 0.5, 0.75, 1.0]
        return xs.map { a in
            xs.map { b in
                Kernel.matern52.correlation(scaledSquaredDistance: (a - b) * (a - b) / 0.09) + (a == b ? 0.01 : 0)
            }
        }
    }

    struct Problem {
        let inputs: [[Double]], targets: [Double], lengthScales: [Double]
        let signalVariance: Double, noiseVariance: Double, points: [[Double]]
    }

    static func gpPosterior(
        _ attempt: ([[Double]], [Double], [Double], Double, Double, [[Double]]) throws
            -> (mean: [Double], variance: [Double], logMarginalLikelihood: Double)
    ) -> Verdict {
        let cases: [(label: String, input: Problem)] = [
            ("X = [0.1, 0.4, 0.9], y = [1, 2.5, 0.5], l = 0.3, s2 = 1, sn2 = 0.01, at 0.4 and 0.6",
             Problem(inputs: [[0.1], [0.4], [0.9]], targets: [1, 2.5, 0.5], lengthScales: [0.3], signalVariance: 1,
                     noiseVariance: 0.01, points: [[0.4], [0.6]])),
            ("one observation, at it, near it and far away (the prior)",
             Problem(inputs: [[0.5]], targets: [2], lengthScales: [0.2], signalVariance: 2, noiseVariance: 0.1,
                     points: [[0.5], [0.6], [5]])),
            ("no noise, predicting at an observation (variance 0) and between two",
             Problem(inputs: [[0], [0.5], [1]], targets: [0, 1, 0], lengthScales: [0.4], signalVariance: 1,
                     noiseVariance: 0, points: [[0.5], [0.25]])),
            ("two inputs with different length scales, 4 observations, 3 test points",
             Problem(inputs: [[0, 0], [0.3, 0.8], [0.7, 0.2], [1, 1]], targets: [0.2, -0.4, 1.1, 0.3],
                     lengthScales: [0.3, 2], signalVariance: 1.5, noiseVariance: 1e-4,
                     points: [[0.5, 0.5], [0.3, 0.8], [2, -1]])),
            ("no test points: only line 7",
             Problem(inputs: [[0.2], [0.6]], targets: [1, -1], lengthScales: [0.5], signalVariance: 1,
                     noiseVariance: 0.05, points: [])),
            ("3 targets for 2 observations",
             Problem(inputs: [[0], [1]], targets: [1, 2, 3], lengthScales: [1], signalVariance: 1, noiseVariance: 0.1,
                     points: [[0.5]])),
            ("a test point of 2 numbers for inputs of 1",
             Problem(inputs: [[0], [1]], targets: [1, 2], lengthScales: [1], signalVariance: 1, noiseVariance: 0.1,
                     points: [[0.5, 0.5]])),
            ("a negative noise variance",
             Problem(inputs: [[0], [1]], targets: [1, 2], lengthScales: [1], signalVariance: 1, noiseVariance: -0.1,
                     points: [[0.5]])),
            ("no observations",
             Problem(inputs: [], targets: [], lengthScales: [1], signalVariance: 1, noiseVariance: 0.1, points: [[0.5]])),
        ]
        return compare(cases, attempt: {
            try attempt($0.inputs, $0.targets, $0.lengthScales, $0.signalVariance, $0.noiseVariance, $0.points)
        }, reference: { problem in
            // The library's regressor, without normalising the targets: exactly Algorithm 2.1.
            let d = problem.inputs.first?.count ?? 0
            guard problem.inputs.allSatisfy({ $0.count == d }), problem.points.allSatisfy({ $0.count == d }) else {
                throw GaussianProcessError.shapeMismatch("every point needs \(d) numbers")
            }
            let model = try GaussianProcessRegressor(
                inputs: Matrix(rows: problem.inputs.count, columns: d, elements: problem.inputs.flatMap { $0 }),
                targets: problem.targets, kernel: .matern52,
                hyperparameters: KernelHyperparameters(signalVariance: problem.signalVariance,
                                                       lengthScales: problem.lengthScales,
                                                       noiseVariance: problem.noiseVariance),
                normalizesTargets: false)
            // These problems are well conditioned: the library must not have needed jitter.
            precondition(model.jitterAdded == 0, "a check problem needed jitter")
            let p = try model.predict(Matrix(rows: problem.points.count, columns: d,
                                             elements: problem.points.flatMap { $0 }))
            return (p.mean, p.variance, model.logMarginalLikelihood)
        }, same: { close($0.mean, $1.mean) && close($0.variance, $1.variance)
                   && close($0.logMarginalLikelihood, $1.logMarginalLikelihood) },
           show: { "(mean: \(show($0.mean)), variance: \(show($0.variance)), log likelihood: "
                   + "\(show($0.logMarginalLikelihood)))" })
    }
}
