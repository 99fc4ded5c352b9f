// Lesson 4: the teacher's solutions (`swift run Check 4 --solutions` grades them).

import Exercises
import LabMath
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public func matern52(_ x: [Double], _ xPrime: [Double], lengthScales: [Double],
                     signalVariance: Double) throws -> Double {
    guard !x.isEmpty, x.count == xPrime.count, lengthScales.count == x.count else {
        throw InvalidInput("need two points of the same length d >= 1 and d length scales")
    }
    guard signalVariance.isFinite, signalVariance > 0, lengthScales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
        throw InvalidInput("length scales and the signal variance must be positive and finite")
    }
    var r2 = 0.0
    for k in x.indices {
        let scaled = (x[k] - xPrime[k]) / lengthScales[k]
        r2 += scaled * scaled
    }
    let s = (5 * r2).squareRoot()    // sqrt(5) r
    return signalVariance * (1 + s + s * s / 3) * exp(-s)
}

public func expectedImprovement(mean: Double, standardDeviation: Double, incumbent: Double, xi: Double,
                                maximizing: Bool) throws -> (exploitation: Double, exploration: Double, total: Double) {
    let delta = maximizing ? mean - incumbent - xi : incumbent - mean - xi
    let sigma = max(standardDeviation, 0)
    guard sigma > 0 else { return (max(delta, 0), 0, max(delta, 0)) }
    let z = delta / sigma
    let exploitation = delta * StandardNormal.cumulative(z)
    let exploration = sigma * StandardNormal.density(z)
    return (exploitation, exploration, max(exploitation + exploration, 0))
}

public func cholesky(_ a: [[Double]]) throws -> [[Double]] {
    let n = a.count
    guard a.allSatisfy({ $0.count == n }) else { throw InvalidInput("the matrix is not square") }
    var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
        for j in 0...i {
            var sum = a[i][j]
            for k in 0..<j { sum -= l[i][k] * l[j][k] }
            if i == j {
                guard sum > 0 else { throw InvalidInput("not positive definite: pivot \(i) is \(sum)") }
                l[i][i] = sum.squareRoot()
            } else {
                l[i][j] = sum / l[j][j]
            }
        }
    }
    return l
}

public func gpPosterior(inputs: [[Double]], targets: [Double], lengthScales: [Double], signalVariance: Double,
                        noiseVariance: Double,
                        at points: [[Double]]) throws -> (mean: [Double], variance: [Double],
                                                          logMarginalLikelihood: Double) {
    let n = inputs.count
    guard n > 0, targets.count == n else { throw InvalidInput("need n >= 1 observations and n targets") }
    guard noiseVariance.isFinite, noiseVariance >= 0 else { throw InvalidInput("the noise variance must be >= 0") }
    let d = inputs[0].count
    guard inputs.allSatisfy({ $0.count == d }), points.allSatisfy({ $0.count == d }) else {
        throw InvalidInput("every input and test point needs \(d) numbers")
    }
    func k(_ a: [Double], _ b: [Double]) throws -> Double {
        try matern52(a, b, lengthScales: lengthScales, signalVariance: signalVariance)
    }
    // Line 2: L = cholesky(K + sn2 I).
    var covariance = try inputs.map { a in try inputs.map { b in try k(a, b) } }
    for i in 0..<n { covariance[i][i] += noiseVariance }
    let l = try cholesky(covariance)
    // Forward substitution L x = b, and backward substitution L^T x = b.
    func solveLower(_ b: [Double]) -> [Double] {
        var x = b
        for i in 0..<n {
            for j in 0..<i { x[i] -= l[i][j] * x[j] }
            x[i] /= l[i][i]
        }
        return x
    }
    func solveUpper(_ b: [Double]) -> [Double] {
        var x = b
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in (i + 1)..<n { x[i] -= l[j][i] * x[j] }
            x[i] /= l[i][i]
        }
        return x
    }
    // Line 3: alpha = L^T \ (L \ y).
    let alpha = solveUpper(solveLower(targets))
    var means: [Double] = [], variances: [Double] = []
    for point in points {
        let kStar = try inputs.map { try k(point, $0) }
        means.append(zip(kStar, alpha).reduce(0) { $0 + $1.0 * $1.1 })      // line 4
        let v = solveLower(kStar)                                           // line 5
        variances.append(max(try k(point, point) - v.reduce(0) { $0 + $1 * $1 }, 0))   // line 6
    }
    // Line 7.
    let fit = zip(targets, alpha).reduce(0) { $0 + $1.0 * $1.1 }
    let logDeterminantHalf = (0..<n).reduce(0) { $0 + log(l[$1][$1]) }
    let logLikelihood = -0.5 * fit - logDeterminantHalf - 0.5 * Double(n) * log(2 * Double.pi)
    return (means, variances, logLikelihood)
}
