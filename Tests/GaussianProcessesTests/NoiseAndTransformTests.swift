// Per-observation noise, log expected improvement, the Yeo-Johnson transform and the
// length-scale prior, against numbers computed elsewhere.
//
// Reference values: Tests/References/gp_noise_reference_values.py (scikit-learn 1.9.1,
// NumPy 2.4.6, mpmath 1.3.0), which says how each was produced:
// * the GP: scikit-learn with a per-sample `alpha` = s_i^2 / std(y)^2 (its diagonal is
//   in normalised units) on SmallProblem, Matern 5/2, optimizer=None;
// * log h(z) = log(phi(z) + z Phi(z)) and Phi(z) / h(z): mpmath at 50 digits;
// * lambda: scikit-learn's PowerTransformer (Yeo-Johnson, standardize=False) fitted to
//   the standardised values.
// Tolerances: 1e-9 relative for the GP (same algorithm in double precision, K's
// condition number below 1e3); 1e-13 for log h (a closed form and a continued fraction
// against 50 digits; 1e-13 allows a few roundings); 1e-6 for lambda (both sides stop a
// 1-D search near 1e-8).

import Foundation
import Testing
import LabMath
@testable import GaussianProcesses
import TestSupport

struct NoiseAndTransformTests {
    static let knownNoise: [Double] = [0.01, 0.5, 0.0, 0.2, 0.05, 1.0, 0.3]

    @Test func perObservationNoiseMatchesScikitLearn() throws {
        let h = KernelHyperparameters(signalVariance: 1.7, lengthScales: [0.3, 0.8], noiseVariance: 0.05)
        let gp = try GaussianProcessRegressor(inputs: SmallProblem.inputs, targets: SmallProblem.targets, kernel: .matern52,
                                              hyperparameters: h, observationNoiseVariances: Self.knownNoise)
        #expect(isClose(gp.logMarginalLikelihood, -10.670112571526158, relative: 1e-9))
        let p = try gp.predict(SmallProblem.testPoints)
        let mean = [1.0896878564313368, 0.7212741053241853, -1.4784158324406378, -0.10559715790971658]
        let sd = [0.34782712202731414, 0.24360541874726957, 0.7213693647107673, 0.5405424709599403]
        #expect(maximumRelativeError(p.mean, mean) < 1e-9)
        #expect(maximumRelativeError(p.standardDeviation, sd) < 1e-9)
        // The gradient with known noise: against central differences of the likelihood.
        let gradient = gp.logMarginalLikelihoodGradient()
        for j in 0..<4 {
            var up = h.logVector, down = h.logVector
            up[j] += 1e-5
            down[j] -= 1e-5
            func value(_ v: [Double]) throws -> Double {
                try GaussianProcessRegressor(inputs: SmallProblem.inputs, targets: SmallProblem.targets, kernel: .matern52,
                                             hyperparameters: KernelHyperparameters(logVector: v),
                                             observationNoiseVariances: Self.knownNoise).logMarginalLikelihood
            }
            let numeric = (try value(up) - value(down)) / 2e-5
            #expect(abs(numeric - gradient[j]) < 1e-6 * max(1, abs(numeric)), "entry \(j)")
        }
    }

    @Test func badNoiseVariancesAreRefused() {
        let h = SmallProblem.hyperparameters
        #expect(throws: GaussianProcessError.self) {
            try GaussianProcessRegressor(inputs: SmallProblem.inputs, targets: SmallProblem.targets, kernel: .matern52,
                                         hyperparameters: h, observationNoiseVariances: [0.1])
        }
        #expect(throws: GaussianProcessError.self) {
            try GaussianProcessRegressor(inputs: SmallProblem.inputs, targets: SmallProblem.targets, kernel: .matern52,
                                         hyperparameters: h, observationNoiseVariances: [0, 0, 0, -1, 0, 0, 0])
        }
    }

    @Test func logHMatchesFiftyDigitReference() {
        let reference: [(z: Double, logH: Double, ratio: Double)] = [
            (2.0, 0.6973835457882284, 0.48655931878528386), (0.0, -0.9189385332046728, 1.2533141373155003),
            (-1.0, -2.4851210257126413, 1.9042712333296918), (-2.9, -7.520846492887873, 3.4445327294133317),
            (-3.1, -8.227329393572749, 3.620604262143193), (-5.0, -16.74430116266099, 5.361816241288088),
            (-20.0, -206.9178385094251, 20.099262811101283), (-40.0, -808.29856835662, 40.04990665764852),
        ]
        for r in reference {
            let (value, slope) = LogExpectedImprovement.logH(r.z)
            #expect(isClose(value, r.logH, relative: 1e-13), "log h(\(r.z)) = \(value)")
            #expect(isClose(slope, r.ratio, relative: 1e-13), "Phi/h at \(r.z) = \(slope)")
        }
    }

    /// log EI agrees with log of the closed-form EI where EI is representable, and its
    /// derivatives with central differences; where EI underflows to 0 it stays finite.
    @Test func logExpectedImprovementIsConsistent() {
        for (mean, sd) in [(0.3, 0.05), (0.8, 0.02), (1.9, 0.04)] {
            let logEI = LogExpectedImprovement.evaluate(mean: mean, standardDeviation: sd, incumbent: 0.32, xi: 0.01,
                                                        direction: .minimize)
            let ei = AcquisitionFunction.expectedImprovement(xi: 0.01).evaluate(mean: mean, standardDeviation: sd,
                                                                                incumbent: 0.32, direction: .minimize)
            if ei > 1e-250 { #expect(isClose(logEI.value, log(ei), relative: 1e-9)) } else { #expect(logEI.value > -2000) }
            let step = 1e-7
            func value(_ m: Double, _ s: Double) -> Double {
                LogExpectedImprovement.evaluate(mean: m, standardDeviation: s, incumbent: 0.32, xi: 0.01,
                                                direction: .minimize).value
            }
            let byMean = (value(mean + step, sd) - value(mean - step, sd)) / (2 * step)
            let bySd = (value(mean, sd + step) - value(mean, sd - step)) / (2 * step)
            #expect(isClose(byMean, logEI.byMean, relative: 1e-5), "\(byMean) vs \(logEI.byMean)")
            #expect(isClose(bySd, logEI.byStandardDeviation, relative: 1e-5), "\(bySd) vs \(logEI.byStandardDeviation)")
        }
    }

    @Test func yeoJohnsonLambdaMatchesScikitLearn() {
        let values = [0.3, 1.5, 2.2, 8.0, 40.0, 150.0, 0.9, 3.3, 600.0, 12.0]
        let transform = PowerTransform(fittedTo: values)
        #expect(abs(transform.lambda - -2.391151529286259) < 1e-6, "lambda \(transform.lambda)")
        let reference = [-0.963414572717153, -0.9394320241076417, -0.9256154736754303]
        let exact = PowerTransform(mean: transform.mean, scale: transform.scale, lambda: -2.391151529286259)
        #expect(maximumRelativeError(values.prefix(3).map(exact.transform), reference) < 1e-12)
        // Increasing, invertible, and the derivative is the slope.
        for v in values {
            #expect(isClose(transform.inverse(transform.transform(v)), v, relative: 1e-9))
            let numeric = (transform.transform(v * (1 + 1e-7)) - transform.transform(v * (1 - 1e-7))) / (2e-7 * v)
            #expect(isClose(numeric, transform.derivative(at: v), relative: 1e-5))
        }
        // Constant data: the identity, no division by zero.
        #expect(PowerTransform(fittedTo: [2, 2, 2]).lambda == 1)
    }

    /// The prior's derivative against central differences, and its maximum where the
    /// formula says: exp(mu - s^2) = 0.205 sqrt(d).
    @Test func lengthScalePriorHasItsModeWhereDocumented() throws {
        let prior = HyperparameterPrior.dimensionScaled(dimensions: 4).lengthScale!
        let theta = 0.3
        let numeric = (prior.logDensity(atLog: theta + 1e-6).value - prior.logDensity(atLog: theta - 1e-6).value) / 2e-6
        #expect(isClose(numeric, prior.logDensity(atLog: theta).derivative, relative: 1e-8))
        let mode = prior.location - prior.scale * prior.scale
        #expect(abs(prior.logDensity(atLog: mode).derivative) < 1e-12)
        #expect(isClose(exp(mode), 0.2048 * 2, relative: 1e-3))
        // MAP fitting pulls a length scale the data cannot pin down toward the mode.
        var rng = SeededGenerator(seed: 1)
        let flat = try GaussianProcessRegressor.fit(inputs: Matrix([[0.1], [0.5], [0.9]]), targets: [1, 1.1, 0.9],
                                                    kernel: .matern52, restarts: 2, rng: &rng)
        rng = SeededGenerator(seed: 1)
        let map = try GaussianProcessRegressor.fit(inputs: Matrix([[0.1], [0.5], [0.9]]), targets: [1, 1.1, 0.9],
                                                   kernel: .matern52, restarts: 2,
                                                   prior: .dimensionScaled(dimensions: 1), rng: &rng)
        #expect(map.fitReport != nil && flat.fitReport != nil)
        #expect(map.hyperparameters.lengthScales[0] < 50, "MAP length scale \(map.hyperparameters.lengthScales[0])")
    }
}

/// The README's examples print what they claim (mpmath: log EI = -1579.966329755442;
/// scikit-learn's PowerTransformer on the standardised values: lambda = -2.00017514).
@Test func readmeExamplesHold() {
    let logEI = LogExpectedImprovement.evaluate(mean: 3, standardDeviation: 0.05, incumbent: 0.2, xi: 0,
                                                direction: .minimize).value
    #expect(isClose(logEI, -1579.966329755442, relative: 1e-12))
    #expect(abs(PowerTransform(fittedTo: [0.3, 1.5, 8, 40, 600]).lambda - -2.00017514) < 1e-6)
}

/// A given prior mean c is where the posterior mean returns far from the data, and the
/// numbers agree with scikit-learn modelling z = (y - c) / std(y) with a zero mean
/// (normalize_y=False, alpha = 0.05, ConstantKernel(1.7) * Matern([0.3, 0.8], nu=2.5),
/// optimizer=None) and reporting c + std(y) * prediction
/// (Tests/References/gp_noise_reference_values.py, section 4). Tolerance 1e-9 as above.
@Test func givenPriorMeanIsWhereTheModelReturns() throws {
    let h = SmallProblem.hyperparameters
    let gp = try GaussianProcessRegressor(inputs: SmallProblem.inputs, targets: SmallProblem.targets, kernel: .matern52,
                                          hyperparameters: h, priorMean: 2.1)
    let far = try gp.predict(Matrix([[40, 40]]))
    #expect(isClose(far.mean[0], 2.1, relative: 1e-12))
    let p = try gp.predict(SmallProblem.testPoints)
    #expect(maximumRelativeError(p.mean, [1.0486651364833806, 0.66563500856923, -1.2429768469789528,
                                          -0.3302204606113657]) < 1e-9)
    #expect(maximumRelativeError(p.standardDeviation, [0.2825912650520734, 0.2352496878733045, 0.6864335109201288,
                                                       0.2283553511659472]) < 1e-9)
    #expect(throws: GaussianProcessError.self) {
        try GaussianProcessRegressor(inputs: SmallProblem.inputs, targets: SmallProblem.targets, kernel: .matern52,
                                     hyperparameters: h, priorMean: .nan)
    }
}
