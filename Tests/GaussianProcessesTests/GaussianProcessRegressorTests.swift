// The posterior (R&W Alg. 2.1) against scikit-learn, and the regressor's safeguards.
//
// Reference values: Tests/References/gp_reference_values.py, section 1 (scikit-learn 1.9.1,
// SciPy 1.17.1, NumPy 2.4.6). In essence, for each kernel shape and normalize_y:
//
//   X, y, Xs = SmallProblem.inputs, .targets, .testPoints       (written out in the script)
//   gp = GaussianProcessRegressor(ConstantKernel(1.7) * RBF([0.3, 0.8]) + WhiteKernel(0.05),
//                                 optimizer=None, alpha=0.0, normalize_y=...).fit(X, y)
//   mean, std = gp.predict(Xs, return_std=True)      # std includes the noise (WhiteKernel)
//   gp.log_marginal_likelihood_value_
//   latent = GaussianProcessRegressor(ConstantKernel(1.7) * RBF([0.3, 0.8]), optimizer=None,
//                                     alpha=0.05, normalize_y=...).fit(X, y)
//   latent.predict(Xs, return_std=True)[1] ** 2      # the variance of f_* alone
//
// and the same with Matern(length_scale=[0.3, 0.8], nu=2.5). With normalize_y=True
// scikit-learn divides by np.std (ddof 0) and reports mean and variance in the original
// units, and its log marginal likelihood is that of the normalised targets: exactly
// our conventions, so every number compares like for like.
//
// Tolerance 1e-8 relative (the brief's): both sides run the same algorithm in double
// precision, and the condition number of K here is below 1e3, so they agree to about
// 1e-13; 1e-8 leaves room for a different BLAS without hiding a wrong formula, which
// would show up in the 2nd or 3rd digit.

import Testing
import LabMath
@testable import GaussianProcesses
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct SklearnPosterior {
    let kernel: Kernel
    let normalizes: Bool
    let mean: [Double]
    let varianceWithNoise: [Double]
    let latentVariance: [Double]
    let logMarginalLikelihood: Double
}

let sklearnPosteriors: [SklearnPosterior] = [
    SklearnPosterior(kernel: .squaredExponential, normalizes: true,
                     mean: [1.0421804567567323, 0.70906239696021, -1.9244779223576223, -0.34179915505931835],
                     varianceWithNoise: [0.1116788632826238, 0.10669480609421036, 0.3348026046542907, 0.10458614299163162],
                     latentVariance: [0.04976049593568495, 0.04477643874727153, 0.27288423730735184, 0.04266777564469278],
                     logMarginalLikelihood: -9.724490054302475),
    SklearnPosterior(kernel: .squaredExponential, normalizes: false,
                     mean: [1.0411067419427158, 0.7161560671268914, -1.9766038846780343, -0.34854937182069246],
                     varianceWithNoise: [0.09018233851101787, 0.08615763840831094, 0.270358069018791, 0.08445486167748761],
                     latentVariance: [0.04018233851101782, 0.03615763840831088, 0.22035806901879093, 0.03445486167748757],
                     logMarginalLikelihood: -10.886434228646337),
    SklearnPosterior(kernel: .matern52, normalizes: true,
                     mean: [1.0617340123885493, 0.6940057920508225, -1.6087478681898655, -0.3564047203652996],
                     varianceWithNoise: [0.14177619043067002, 0.11726078299142606, 0.5331093322610735, 0.11406453375306193],
                     latentVariance: [0.07985782308373116, 0.05534241564448719, 0.47119096491413465, 0.052146166406123066],
                     logMarginalLikelihood: -9.918224539501729),
    SklearnPosterior(kernel: .matern52, normalizes: false,
                     mean: [1.0637921030822768, 0.6984736319691836, -1.6663496038136314, -0.3605282258383602],
                     varianceWithNoise: [0.11448637658376448, 0.09468982146637894, 0.43049369282782785, 0.09210880279993461],
                     latentVariance: [0.06448637658376445, 0.0446898214663789, 0.3804936928278278, 0.04210880279993457],
                     logMarginalLikelihood: -10.866332471678541),
]

@Suite("Regressor against scikit-learn")
struct RegressorReferenceTests {
    @Test(arguments: sklearnPosteriors)
    func posteriorAndLikelihoodMatchScikitLearn(_ reference: SklearnPosterior) throws {
        let gp = try GaussianProcessRegressor(inputs: SmallProblem.inputs, targets: SmallProblem.targets,
                                              kernel: reference.kernel, hyperparameters: SmallProblem.hyperparameters,
                                              normalizesTargets: reference.normalizes)
        let latent = try gp.predict(SmallProblem.testPoints)
        let observed = try gp.predict(SmallProblem.testPoints, includingObservationNoise: true)
        #expect(maximumRelativeError(latent.mean, reference.mean) < 1e-8)
        #expect(maximumRelativeError(latent.variance, reference.latentVariance) < 1e-8)
        #expect(maximumRelativeError(observed.variance, reference.varianceWithNoise) < 1e-8)
        #expect(maximumRelativeError(latent.standardDeviation, reference.latentVariance.map { $0.squareRoot() }) < 1e-8)
        #expect(isClose(gp.logMarginalLikelihood, reference.logMarginalLikelihood, relative: 1e-8))
        #expect(gp.jitterAdded == 0 && gp.jitterNote == nil)
    }

    @Test func normalisationIsAChangeOfUnits() throws {
        // The targets' own log likelihood differs from the normalised one by -n log s.
        let gp = try GaussianProcessRegressor(inputs: SmallProblem.inputs, targets: SmallProblem.targets,
                                              kernel: .matern52, hyperparameters: SmallProblem.hyperparameters)
        let s = Statistics.standardDeviation(SmallProblem.targets)
        #expect(isClose(gp.targetScale, s, relative: 1e-15))
        #expect(isClose(gp.logMarginalLikelihoodOfTargets, gp.logMarginalLikelihood - 7 * log(s), relative: 1e-14))
        // Shifting and scaling the targets shifts and scales the predictions exactly.
        let shifted = try GaussianProcessRegressor(inputs: SmallProblem.inputs,
                                                   targets: SmallProblem.targets.map { 1000 + 50 * $0 },
                                                   kernel: .matern52, hyperparameters: SmallProblem.hyperparameters)
        let a = try gp.predict(SmallProblem.testPoints), b = try shifted.predict(SmallProblem.testPoints)
        // 1e-12: the two computations round differently in the mean and the scale.
        #expect(maximumRelativeError(b.mean, a.mean.map { 1000 + 50 * $0 }) < 1e-12)
        #expect(maximumRelativeError(b.variance, a.variance.map { 2500 * $0 }) < 1e-12)
    }
}

@Suite("Regressor safeguards")
struct RegressorSafeguardTests {
    let hyperparameters = KernelHyperparameters(signalVariance: 1, lengthScales: [0.3, 0.3], noiseVariance: 0)

    @Test func duplicatePointsWithoutNoiseGetJitter() throws {
        // Rows 0 and 1 are equal and there is no noise: K is exactly singular.
        let inputs = Matrix([[0.2, 0.3], [0.2, 0.3], [0.7, 0.6], [0.4, 0.9]])
        let gp = try GaussianProcessRegressor(inputs: inputs, targets: [1.0, 1.1, 0.0, -0.5],
                                              kernel: .squaredExponential, hyperparameters: hyperparameters)
        #expect(gp.jitterAdded > 0)
        #expect(gp.jitterNote?.contains("added") == true)
        #expect(gp.logMarginalLikelihood.isFinite)
        let p = try gp.predict(Matrix([[0.2, 0.3], [0.5, 0.5]]))
        #expect(p.mean.allSatisfy { $0.isFinite } && p.variance.allSatisfy { $0 >= 0 })
        // The two contradicting targets are averaged (1.05), not interpolated wildly;
        // 1e-3 because the jitter lets the model deviate slightly from the average.
        #expect(isClose(p.mean[0], 1.05, relative: 1e-3))
    }

    @Test func onePointIsAConstantModel() throws {
        // One target: its standard deviation is 0, so the scale is 1, not a division by 0.
        let h = KernelHyperparameters(signalVariance: 2, lengthScales: [0.5], noiseVariance: 0.1)
        let gp = try GaussianProcessRegressor(inputs: Matrix([[0.3]]), targets: [2.5], kernel: .matern52,
                                              hyperparameters: h)
        #expect(gp.targetScale == 1)
        let p = try gp.predict(Matrix([[0.3], [0.9]]))
        #expect(p.mean == [2.5, 2.5])
        // At the point: sigma_f^2 - sigma_f^4 / (sigma_f^2 + sigma_n^2) = 2 * 0.1 / 2.1.
        #expect(isClose(p.variance[0], 2 * 0.1 / 2.1, relative: 1e-14))
        #expect(p.variance[1] > p.variance[0] && p.variance[1] <= 2)
        // Fitting one point works too (there is nothing to learn, but nothing breaks).
        var rng = SeededGenerator(seed: 2)
        let fitted = try GaussianProcessRegressor.fit(inputs: Matrix([[0.3]]), targets: [2.5], kernel: .matern52,
                                                      restarts: 2, rng: &rng)
        #expect(fitted.logMarginalLikelihood.isFinite)
        #expect(try fitted.predict(Matrix([[0.7]])).mean == [2.5])
    }

    @Test func constantTargetsGiveTheConstant() throws {
        let inputs = Matrix([[0.1, 0.1], [0.5, 0.9], [0.8, 0.3]])
        let gp = try GaussianProcessRegressor(inputs: inputs, targets: [3, 3, 3], kernel: .squaredExponential,
                                              hyperparameters: KernelHyperparameters(signalVariance: 1, lengthScales: [0.3, 0.3],
                                                                                     noiseVariance: 0.01))
        #expect(gp.targetScale == 1 && gp.targetMean == 3)
        let p = try gp.predict(Matrix([[0.0, 0.0], [0.5, 0.5]]))
        #expect(p.mean == [3, 3])
        #expect(gp.logMarginalLikelihood.isFinite)
        var rng = SeededGenerator(seed: 1)
        let fitted = try GaussianProcessRegressor.fit(inputs: inputs, targets: [3, 3, 3], kernel: .matern52,
                                                      restarts: 2, rng: &rng)
        #expect(fitted.logMarginalLikelihood.isFinite)
        #expect(try fitted.predict(Matrix([[0.2, 0.2]])).mean == [3])
    }

    @Test func variancesAreNeverNegative() throws {
        // Almost noise-free interpolation, predicted exactly at the training points, where
        // k(x, x) - v^T v is a difference of nearly equal numbers.
        let (inputs, targets) = braninObservations(count: 12)
        let h = KernelHyperparameters(signalVariance: 1, lengthScales: [0.4, 0.4], noiseVariance: 1e-12)
        for kernel in Kernel.allCases {
            let gp = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: kernel, hyperparameters: h)
            let p = try gp.predict(inputs)
            #expect(p.variance.allSatisfy { $0 >= 0 }, "\(kernel)")
            #expect(p.standardDeviation.allSatisfy { !$0.isNaN }, "\(kernel)")
        }
    }

    @Test func badInputIsReportedNotTrapped() throws {
        let x = Matrix([[0.1, 0.2], [0.3, 0.4]])
        let h = KernelHyperparameters(signalVariance: 1, lengthScales: [0.5, 0.5], noiseVariance: 0.01)
        func make(_ inputs: Matrix, _ targets: [Double], _ hyper: KernelHyperparameters = h) throws {
            _ = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: .matern52, hyperparameters: hyper)
        }
        #expect(throws: GaussianProcessError.emptyData("the inputs have no rows")) {
            try make(Matrix(rows: 0, columns: 2), [])
        }
        #expect(throws: GaussianProcessError.shapeMismatch("2 input rows but 3 targets")) { try make(x, [1, 2, 3]) }
        #expect(throws: GaussianProcessError.nonFiniteValue("target 1 is nan")) { try make(x, [1, .nan]) }
        #expect(throws: GaussianProcessError.nonFiniteValue("input row 1, column 0 is inf")) {
            try make(Matrix([[0.1, 0.2], [.infinity, 0.4]]), [1, 2])
        }
        #expect(throws: GaussianProcessError.self) { try make(x, [1, 2], h.scalingLengthScales(by: -1)) }
        #expect(throws: GaussianProcessError.self) {
            try make(x, [1, 2], KernelHyperparameters(signalVariance: 1, lengthScales: [0.5], noiseVariance: 0))
        }
        let gp = try GaussianProcessRegressor(inputs: x, targets: [1, 2], kernel: .matern52, hyperparameters: h)
        #expect(throws: GaussianProcessError.shapeMismatch("prediction points have 3 columns, the training inputs 2")) {
            try gp.predict(Matrix([[0.1, 0.2, 0.3]]))
        }
        #expect(throws: GaussianProcessError.self) { try gp.predict(Matrix([[0.1, .nan]])) }
        #expect(try gp.predict(Matrix(rows: 0, columns: 2)).count == 0)
    }

    @Test func batchPredictionEqualsOneAtATime() throws {
        // 600 points cross the 256-point blocks of `predict`; each must be unaffected.
        let (inputs, targets) = braninObservations(count: 20)
        let h = KernelHyperparameters(signalVariance: 1, lengthScales: [0.3, 0.5], noiseVariance: 1e-3)
        let gp = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: .matern52, hyperparameters: h)
        var rng = SeededGenerator(seed: 9)
        let points = Matrix(rows: 600, columns: 2, elements: (0..<1200).map { _ in rng.nextDouble() })
        let batch = try gp.predict(points)
        for i in [0, 255, 256, 257, 511, 599] {
            let single = try gp.predict(points.rows(at: [i]))
            #expect(single.mean[0] == batch.mean[i] && single.variance[0] == batch.variance[i], "point \(i)")
        }
    }
}
