// The gradient of the log marginal likelihood (R&W eq. 5.9) against scikit-learn and
// against finite differences of our own log marginal likelihood.
//
// scikit-learn reference (Tests/References/gp_reference_values.py, section 1; scikit-learn 1.9.1):
//
//   gp = GaussianProcessRegressor(ConstantKernel(1.7) * RBF([0.3, 0.8]) + WhiteKernel(0.05),
//                                 optimizer=None, alpha=0.0, normalize_y=...).fit(X, y)
//   gp.log_marginal_likelihood(gp.kernel_.theta, eval_gradient=True)[1]
//
// (and Matern(nu=2.5)), where theta = [log 1.7, log 0.3, log 0.8, log 0.05] is exactly
// our `logVector`. Tolerance 1e-8 relative, for the reasons given in
// GaussianProcessRegressorTests.swift. The same at n = 301 checks the blocked code
// paths (section 6 of the script).

import Testing
@testable import LabMath
@testable import GaussianProcesses
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Marginal likelihood gradient")
struct MarginalLikelihoodGradientTests {
    /// (kernel, normalize_y, gradient)
    static let sklearnGradients: [(Kernel, Bool, [Double])] = [
        (.squaredExponential, true, [1.4184277040414335, 1.0232261396471407, -3.355962761878026, -0.2780691334065791]),
        (.squaredExponential, false, [2.4802121694208297, 0.49812904947571823, -4.45148965484037, -0.17790942444211444]),
        (.matern52, true, [0.42450054384999003, 1.8233020333865406, -2.0494684064876405, -0.13061986040122053]),
        (.matern52, false, [1.3200458076034645, 1.6862470677223804, -2.7960994096061498, -0.07805719197788347]),
    ]

    @Test func matchesScikitLearn() throws {
        #expect(isClose(SmallProblem.hyperparameters.logVector[0], 0.5306282510621704, relative: 1e-15))
        for (kernel, normalizes, expected) in Self.sklearnGradients {
            let gp = try GaussianProcessRegressor(inputs: SmallProblem.inputs, targets: SmallProblem.targets,
                                                  kernel: kernel, hyperparameters: SmallProblem.hyperparameters,
                                                  normalizesTargets: normalizes)
            let gradient = gp.logMarginalLikelihoodGradient()
            #expect(maximumRelativeError(gradient, expected) < 1e-8, "\(kernel), normalised \(normalizes)")
        }
    }

    /// Central differences of our own log marginal likelihood in log space:
    /// (f(theta + h e_j) - f(theta - h e_j)) / 2h with h = 1e-5. The truncation error is
    /// about h^2 |f'''| / 6 (below 1e-9 here) and the round-off about eps |f| / h
    /// (about 1e-10 for |f| near 10), so 1e-6 relative (or 1e-8 absolute for entries
    /// near zero) separates a correct gradient from a wrong one by orders of magnitude.
    @Test(arguments: Kernel.allCases)
    func matchesFiniteDifferences(_ kernel: Kernel) throws {
        let (inputs, targets) = braninObservations(count: 15)
        try checkAgainstFiniteDifferences(kernel, inputs, targets,
                                          thetas: [[0.2, -1.0, -0.4, -4.0], [2.0, 0.3, 1.1, -8.0],
                                                   [-1.0, -2.5, -1.5, -1.0]])
        // Three dimensions, 11 points: y = sin(3 x1) + x2^2 (x3 irrelevant).
        var rng = SeededGenerator(seed: 4)
        let x3 = Matrix(rows: 11, columns: 3, elements: (0..<33).map { _ in rng.nextDouble() })
        let y3 = (0..<11).map { sin(3 * x3[$0, 0]) + x3[$0, 1] * x3[$0, 1] }
        try checkAgainstFiniteDifferences(kernel, x3, y3, thetas: [[0.5, -1.2, -0.3, 2.0, -5.0]])
    }

    private func checkAgainstFiniteDifferences(_ kernel: Kernel, _ inputs: Matrix, _ targets: [Double],
                                               thetas: [[Double]]) throws {
        for theta in thetas {
            let h = 1e-5
            func logLikelihood(_ logVector: [Double]) throws -> Double {
                try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: kernel,
                                             hyperparameters: try KernelHyperparameters(logVector: logVector))
                    .logMarginalLikelihood
            }
            let gp = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: kernel,
                                                  hyperparameters: try KernelHyperparameters(logVector: theta))
            let analytic = gp.logMarginalLikelihoodGradient()
            for j in 0..<theta.count {
                var plus = theta, minus = theta
                plus[j] += h
                minus[j] -= h
                let numeric = (try logLikelihood(plus) - logLikelihood(minus)) / (2 * h)
                #expect(isClose(analytic[j], numeric, relative: 1e-6, absolute: 1e-8),
                        "\(kernel) theta \(theta) entry \(j): analytic \(analytic[j]), numeric \(numeric)")
            }
        }
    }

    @Test func evaluatorAgreesWithTheRegressor() throws {
        // The fitting path (precomputed squared differences, pair arrays) and the
        // regressor (direct kernel matrix) compute r^2 in the same order, so the same
        // hyperparameters give the same log likelihood to the last bit.
        let (inputs, targets) = braninObservations(count: 25)
        for kernel in Kernel.allCases {
            let h = KernelHyperparameters(signalVariance: 3, lengthScales: [0.2, 0.7], noiseVariance: 1e-3)
            let gp = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: kernel, hyperparameters: h)
            let evaluator = MarginalLikelihoodEvaluator(inputs: inputs, normalizedTargets: gp.normalizedTargets,
                                                        kernel: kernel)
            var gradient = [Double](repeating: 0, count: 4)
            #expect(evaluator.evaluate(h, gradient: &gradient) == gp.logMarginalLikelihood)
        }
    }

    @Test func inverseFromCholeskyIsTheInverse() throws {
        // K K^-1 = I for a 9 x 9 covariance matrix (9 is not a multiple of the SIMD
        // width 4, so the padding is exercised). Error bound: cond(K) eps, and K here
        // has a condition number below 1e4, hence 1e-11.
        let (inputs, _) = braninObservations(count: 9)
        var k = Matrix(rows: 0, columns: 0)
        fillTrainingCovariance(inputs, kernel: .matern52,
                               hyperparameters: KernelHyperparameters(signalVariance: 1, lengthScales: [0.3, 0.3],
                                                                      noiseVariance: 0.01),
                               diagonalAddition: 0.01, into: &k)
        var inverse = CholeskyInverse(dimension: 9)
        inverse.compute(from: try CholeskyFactor(k).lower)
        for i in 0..<9 {
            for j in 0..<9 {
                var sum = 0.0
                for m in 0..<9 { sum += k[i, m] * (m <= j ? inverse[j, m] : inverse[m, j]) }
                #expect(abs(sum - (i == j ? 1 : 0)) < 1e-11, "(\(i), \(j))")
            }
        }
    }

    @Test func blockedInverseIsTheInverseAndAgreesWithTheUnblockedLoops() throws {
        // Above `blockedInverseThreshold` K^-1 is computed in blocks of 64 rows
        // (BlockedCholeskyInverse.swift); 301 leaves a short last block and is not a
        // multiple of 4. K = a Matern covariance plus 0.1 I has a condition number
        // below 1e3 (eigenvalues between 0.1 and about 50), so K K^-1 = I to
        // cond(K) n eps < 1e-10 per entry, and the two groupings of the same sums
        // (blocked and unblocked) agree to 1e-12 relative to the largest entry.
        let n = 301
        #expect(n > blockedInverseThreshold)
        let (inputs, _) = braninObservations(count: n)
        var k = Matrix(rows: 0, columns: 0)
        fillTrainingCovariance(inputs, kernel: .matern52,
                               hyperparameters: KernelHyperparameters(signalVariance: 1, lengthScales: [0.1, 0.1],
                                                                      noiseVariance: 0.1),
                               diagonalAddition: 0.1, into: &k)
        let factor = try CholeskyFactor(k)
        var inverse = CholeskyInverse(dimension: n)
        inverse.compute(from: factor.lower)
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for m in 0..<n { sum += k[i, m] * (m <= j ? inverse[j, m] : inverse[m, j]) }
                worst = max(worst, abs(sum - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-10, "largest error \(worst)")
        var unblocked = CholeskyInverse(dimension: n)
        unblocked.computeUnblocked(from: factor.lower)
        var largest = 0.0, difference = 0.0
        for i in 0..<n {
            for j in 0...i {
                largest = max(largest, abs(unblocked[i, j]))
                difference = max(difference, abs(inverse[i, j] - unblocked[i, j]))
            }
        }
        #expect(difference <= 1e-12 * largest, "largest difference \(difference), largest entry \(largest)")
    }

    /// The log marginal likelihood and its gradient at n = 301, where both the Cholesky
    /// factor and K^-1 take the blocked paths, against scikit-learn
    /// (Tests/References/gp_reference_values.py, section 6; scikit-learn 1.9.1):
    ///
    ///   gp = GaussianProcessRegressor(ConstantKernel(2.0) * Matern([0.15, 0.3], nu=2.5)
    ///          + WhiteKernel(0.01), optimizer=None, alpha=0.0, normalize_y=True)
    ///   gp.fit(X, y)    # X, y = training_data(count=301), as braninObservations(301)
    ///   gp.log_marginal_likelihood(gp.kernel_.theta, eval_gradient=True)
    ///
    /// cond(K) = 1.2e4 (numpy), so round-off moves these by about 1e-11 relative;
    /// 1e-8 as in `matchesScikitLearn`.
    @Test func largeProblemMatchesScikitLearn() throws {
        let (inputs, targets) = braninObservations(count: 301)
        #expect(inputs.rows > blockedCholeskyThreshold && inputs.rows > blockedInverseThreshold)
        let h = KernelHyperparameters(signalVariance: 2, lengthScales: [0.15, 0.3], noiseVariance: 0.01)
        let gp = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: .matern52, hyperparameters: h)
        #expect(isClose(gp.logMarginalLikelihood, 166.59437737338328, relative: 1e-8), "\(gp.logMarginalLikelihood)")
        let expected = [-56.22587431594883, 118.93034435614065, 113.2144769203148, -77.17605418791352]
        let gradient = gp.logMarginalLikelihoodGradient()
        #expect(maximumRelativeError(gradient, expected) < 1e-8, "\(gradient)")
    }
}
