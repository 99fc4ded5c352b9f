// Acquisition functions against their closed forms, computed independently with
// scipy.stats.norm (Tests/References/gp_reference_values.py, section 3; SciPy 1.17.1) and, in the
// far tail of expected improvement, with mpmath at 50 digits (section 4), because the
// float64 closed form cancels there and is no reference.
//
// Tolerance 1e-13 relative where z is moderate: Phi through erfc and phi through exp
// are accurate to a few ulps, and the sum of the two EI terms adds at most a few more.

import Testing
import LabMath
@testable import GaussianProcesses
import TestSupport

struct AcquisitionCase: Sendable, CustomStringConvertible {
    let mean, sigma, incumbent, xi: Double
    let direction: OptimizationDirection
    let ei, exploitation, exploration, pi, boundWithKappa2: Double
    var description: String { "mu \(mean), sigma \(sigma), f* \(incumbent), xi \(xi), \(direction)" }
}

let acquisitionCases: [AcquisitionCase] = [
    .init(mean: 0.3, sigma: 0.05, incumbent: 0.32, xi: 0.01, direction: .minimize, ei: 0.025344731793163836,
          exploitation: 0.005792597094391042, exploration: 0.019552134698772795, pi: 0.5792597094391032,
          boundWithKappa2: 0.19999999999999998),
    .init(mean: 0.3, sigma: 0.05, incumbent: 0.32, xi: 0.01, direction: .maximize, ei: 0.008433636612087772,
          exploitation: -0.008227593532502209, exploration: 0.01666123014458998, pi: 0.27425311775007344,
          boundWithKappa2: 0.4),
    .init(mean: 0.5, sigma: 0.2, incumbent: 0.32, xi: 0, direction: .minimize, ei: 0.020086227417334263,
          exploitation: -0.033130822562416715, exploration: 0.05321704997975098, pi: 0.18406012534675953,
          boundWithKappa2: 0.09999999999999998),
    .init(mean: 0.5, sigma: 0.2, incumbent: 0.32, xi: 0, direction: .maximize, ei: 0.20008622741733428,
          exploitation: 0.1468691774375833, exploration: 0.05321704997975098, pi: 0.8159398746532405,
          boundWithKappa2: 0.9),
    .init(mean: 0.1, sigma: 0.01, incumbent: 0.32, xi: 0.01, direction: .minimize, ei: 0.21,
          exploitation: 0.21, exploration: 6.902029420127222e-99, pi: 1, boundWithKappa2: 0.08),
    .init(mean: 1.3, sigma: 0.4, incumbent: 1, xi: 0.05, direction: .minimize, ei: 0.04204656585303866,
          exploitation: -0.06677543349837875, exploration: 0.10882199935141741, pi: 0.19078695285251068,
          boundWithKappa2: 0.5),
    .init(mean: 1.3, sigma: 0.4, incumbent: 1, xi: 0.05, direction: .maximize, ei: 0.3147680051579749,
          exploitation: 0.1835036177378249, exploration: 0.13126438742015, pi: 0.7340144709512995,
          boundWithKappa2: 2.1),
    .init(mean: -2, sigma: 0.3, incumbent: 1, xi: 0, direction: .minimize, ei: 3, exploitation: 3,
          exploration: 2.3083795880119258e-23, pi: 1, boundWithKappa2: -2.6),
    // sigma = 0: no uncertainty, EI = max(0, delta), PI is 1 or 0, no NaN.
    .init(mean: 0.25, sigma: 0, incumbent: 0.32, xi: 0.01, direction: .minimize, ei: 0.060000000000000005,
          exploitation: 0.060000000000000005, exploration: 0, pi: 1, boundWithKappa2: 0.25),
    .init(mean: 0.25, sigma: 0, incumbent: 0.32, xi: 0.01, direction: .maximize, ei: 0, exploitation: 0,
          exploration: 0, pi: 0, boundWithKappa2: 0.25),
    .init(mean: 0.4, sigma: 0, incumbent: 0.32, xi: 0.01, direction: .minimize, ei: 0, exploitation: 0,
          exploration: 0, pi: 0, boundWithKappa2: 0.4),
    .init(mean: 0.4, sigma: 0, incumbent: 0.32, xi: 0.01, direction: .maximize, ei: 0.07000000000000002,
          exploitation: 0.07000000000000002, exploration: 0, pi: 1, boundWithKappa2: 0.4),
]

@Suite("Acquisition functions")
struct AcquisitionFunctionTests {
    @Test(arguments: acquisitionCases)
    func closedFormsMatchSciPy(_ c: AcquisitionCase) {
        let terms = AcquisitionFunction.expectedImprovementTerms(mean: c.mean, standardDeviation: c.sigma,
                                                                 incumbent: c.incumbent, xi: c.xi, direction: c.direction)
        #expect(isClose(terms.total, c.ei, relative: 1e-13, absolute: 1e-300))
        #expect(isClose(terms.exploitation, c.exploitation, relative: 1e-13, absolute: 1e-300))
        #expect(isClose(terms.exploration, c.exploration, relative: 1e-13, absolute: 1e-300))
        let ei = AcquisitionFunction.expectedImprovement(xi: c.xi)
            .evaluate(mean: c.mean, standardDeviation: c.sigma, incumbent: c.incumbent, direction: c.direction)
        #expect(ei == terms.total)
        let pi = AcquisitionFunction.probabilityOfImprovement(xi: c.xi)
            .evaluate(mean: c.mean, standardDeviation: c.sigma, incumbent: c.incumbent, direction: c.direction)
        #expect(isClose(pi, c.pi, relative: 1e-13, absolute: 1e-300))
        // The confidence bound: mu - 2 sigma (minimising) or mu + 2 sigma (maximising);
        // the score is the bound when maximising and its negative when minimising.
        let bound = AcquisitionFunction.confidenceBound(mean: c.mean, standardDeviation: c.sigma, kappa: 2,
                                                        direction: c.direction)
        #expect(isClose(bound, c.boundWithKappa2, relative: 1e-15))
        let score = AcquisitionFunction.confidenceBound(kappa: 2)
            .evaluate(mean: c.mean, standardDeviation: c.sigma, incumbent: c.incumbent, direction: c.direction)
        #expect(score == (c.direction == .maximize ? bound : -bound))
        for value in [terms.total, terms.exploitation, terms.exploration, pi, score] { #expect(!value.isNaN) }
    }

    /// Far below the incumbent (z << 0) the two EI terms nearly cancel; mpmath gives the
    /// true value. Our closed form loses about z^2 to z^4 ulps there; 1e-9 relative.
    @Test func expectedImprovementInTheFarTail() {
        let cases: [(mean: Double, sigma: Double, incumbent: Double, xi: Double, ei: Double)] = [
            (0.1, 0.01, 0.32, 0.01, 1.0095250713099168e-120),   // z = -23
            (-2, 0.3, 1, 0, 2.2423680763767899e-25),            // z = -10
            (0, 1, 5, 0, 5.346165533832815e-8),                  // z = -5
        ]
        for c in cases {
            let ei = AcquisitionFunction.expectedImprovement(xi: c.xi)
                .evaluate(mean: c.mean, standardDeviation: c.sigma, incumbent: c.incumbent, direction: .maximize)
            #expect(isClose(ei, c.ei, relative: 1e-9), "mean \(c.mean): \(ei) vs \(c.ei)")
            #expect(ei > 0)
        }
    }

    @Test func moreUncertaintyIsWorthMoreAndBetterMeansAreWorthMore() {
        let ei = AcquisitionFunction.expectedImprovement(xi: 0.01)
        let narrow = ei.evaluate(mean: 0.5, standardDeviation: 0.05, incumbent: 0.4, direction: .minimize)
        let wide = ei.evaluate(mean: 0.5, standardDeviation: 0.3, incumbent: 0.4, direction: .minimize)
        let better = ei.evaluate(mean: 0.3, standardDeviation: 0.05, incumbent: 0.4, direction: .minimize)
        #expect(wide > narrow && better > narrow)
        // Minimising f is maximising -f: the same scores.
        let mirrored = ei.evaluate(mean: -0.5, standardDeviation: 0.3, incumbent: -0.4, direction: .maximize)
        #expect(isClose(mirrored, wide, relative: 1e-15))
    }

    @Test func scoresAPrediction() throws {
        let prediction = GaussianProcessPrediction(mean: [0.3, 0.5], variance: [0.0025, 0.04],
                                                   standardDeviation: [0.05, 0.2])
        let scores = AcquisitionFunction.expectedImprovement(xi: 0.01)
            .evaluate(prediction, incumbent: 0.32, direction: .minimize)
        #expect(isClose(scores[0], 0.025344731793163836, relative: 1e-13))
        #expect(scores.count == 2)
        #expect(AcquisitionFunction.expectedImprovement(xi: 0.01).description == "expected improvement (xi = 0.01)")
    }
}
