// Lesson 4's checks must catch the usual mistakes: the wrong Matern kernel or one
// length scale for every input, expected improvement with the direction ignored or a
// division by sigma = 0, an upper instead of a lower Cholesky factor or a square root
// of a negative pivot, and a posterior with the noise in the wrong place or a likelihood
// without its constant. Each is reported at the first input where it goes wrong.

import Foundation
import Solutions
import Testing
@testable import Check

@Suite("Lesson 4's exercise checks")
struct Lesson4CheckerTests {
    @Test func aWrongKernelIsCaught() {
        // Matern 3/2 instead of 5/2: right at r = 0, wrong at r = 1.
        let matern32 = Lesson4Checks.matern52 { x, y, l, s2 in
            let r = sqrt(zip(zip(x, y), l).reduce(0) { $0 + pow(($1.0.0 - $1.0.1) / $1.1, 2) })
            return s2 * (1 + sqrt(3) * r) * exp(-sqrt(3) * r)
        }
        guard case let .wrong(input, expected, got) = matern32 else { Issue.record("\(matern32)"); return }
        #expect(input.hasPrefix("x = [0], x' = [0.3]") && expected.hasPrefix("0.5239941") && got.hasPrefix("0.4833"))
        // One length scale for every input: right in 1-D, wrong with two inputs.
        let shared = Lesson4Checks.matern52 { x, y, l, s2 in
            try Solutions.matern52(x, y, lengthScales: Array(repeating: l[0], count: l.count), signalVariance: s2)
        }
        guard case let .wrong(input2, _, _) = shared else { Issue.record("\(shared)"); return }
        #expect(input2.hasPrefix("two inputs, different length scales"))
    }

    @Test func expectedImprovementWithTheDirectionIgnoredOrADivisionByZeroIsCaught() {
        // delta = mu - f* - xi whatever the direction: wrong for the first (minimising) case.
        let maximisingOnly = Lesson4Checks.expectedImprovement { mu, sigma, f, xi, _ in
            try Solutions.expectedImprovement(mean: mu, standardDeviation: sigma, incumbent: f, xi: xi, maximizing: true)
        }
        guard case let .wrong(input, _, _) = maximisingOnly else { Issue.record("\(maximisingOnly)"); return }
        #expect(input == "mu 0.30, sigma 0.05, f* 0.32, xi 0.01, minimising")
        // The formula at sigma = 0 happens to give the limit while delta != 0 (z = +-inf),
        // but delta = 0 gives z = 0 / 0 = NaN: reported as wrong, not as a crash.
        let formulaOnly = Lesson4Checks.expectedImprovement { mu, sigma, f, xi, maximizing in
            let delta = maximizing ? mu - f - xi : f - mu - xi
            let z = delta / sigma
            let exploitation = delta * 0.5 * erfc(-z / 2.0.squareRoot())
            let exploration = sigma * exp(-z * z / 2) / (2 * Double.pi).squareRoot()
            return (exploitation, exploration, exploitation + exploration)
        }
        guard case let .wrong(input2, expected2, got2) = formulaOnly else { Issue.record("\(formulaOnly)"); return }
        #expect(input2 == "sigma = 0 and mu = f*: delta = 0")
        #expect(expected2 == "(exploitation: 0.0, exploration: 0.0, total: 0.0)" && got2.contains("nan"))
    }

    @Test func anUpperFactorOrTheRootOfANegativePivotIsCaught() {
        let transposed = Lesson4Checks.cholesky { a in
            let l = try Solutions.cholesky(a)
            return l.indices.map { i in l.indices.map { j in l[j][i] } }
        }
        #expect(transposed == .wrong(input: "[[4, 2], [2, 3]]", expected: "[[2.0, 0.0], [1.0, 1.414213562]]",
                                     got: "[[2.0, 1.0], [0.0, 1.414213562]]"))
        // Never refuses: sqrt of a negative pivot is NaN, and the checker expects an error.
        let lenient = Lesson4Checks.cholesky { a in
            var l = a.map { $0.map { _ in 0.0 } }
            for i in a.indices {
                for j in 0...i {
                    let sum = a[i][j] - (0..<j).reduce(0) { $0 + l[i][$1] * l[j][$1] }
                    l[i][j] = i == j ? sum.squareRoot() : sum / l[j][j]
                }
            }
            return l
        }
        guard case let .wrong(input, expected, got) = lenient else { Issue.record("\(lenient)"); return }
        #expect(input == "not positive definite: [[1, 2], [2, 1]]" && expected.hasPrefix("an error") && got.contains("nan"))
    }

    @Test func aPosteriorWithTheNoiseInTheWrongPlaceIsCaught() {
        // Forgets sn2 on K's diagonal (interpolates the noisy targets).
        let noNoise = Lesson4Checks.gpPosterior { x, y, l, s2, sn2, points in
            try Solutions.gpPosterior(inputs: x, targets: y, lengthScales: l, signalVariance: s2,
                                      noiseVariance: sn2 < 0 ? sn2 : 0, at: points)
        }
        guard case let .wrong(input, _, _) = noNoise else { Issue.record("\(noNoise)"); return }
        #expect(input.hasPrefix("X = [0.1, 0.4, 0.9], y = [1, 2.5, 0.5]"))
        // Reports the variance of a new observation (with the noise) instead of f's.
        let observationVariance = Lesson4Checks.gpPosterior { x, y, l, s2, sn2, points in
            let p = try Solutions.gpPosterior(inputs: x, targets: y, lengthScales: l, signalVariance: s2,
                                              noiseVariance: sn2, at: points)
            return (p.mean, p.variance.map { $0 + sn2 }, p.logMarginalLikelihood)
        }
        guard case .wrong = observationVariance else { Issue.record("\(observationVariance)"); return }
        // Leaves out -n/2 log(2 pi) in line 7.
        let noConstant = Lesson4Checks.gpPosterior { x, y, l, s2, sn2, points in
            let p = try Solutions.gpPosterior(inputs: x, targets: y, lengthScales: l, signalVariance: s2,
                                              noiseVariance: sn2, at: points)
            return (p.mean, p.variance, p.logMarginalLikelihood + 0.5 * Double(x.count) * log(2 * Double.pi))
        }
        guard case let .wrong(_, expected, got) = noConstant else { Issue.record("\(noConstant)"); return }
        #expect(expected.contains("log likelihood: -5.74374848") && got.contains("log likelihood: -2.98"))
    }

}
