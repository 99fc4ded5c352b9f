// Lesson 1: the teacher's solutions (`swift run Check 1 --solutions` grades them).

import Exercises

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public func adamSteps(start: Double, gradients: [Double], learningRate: Double) throws -> [Double] {
    let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-7)
    var w = start, m = 0.0, v = 0.0
    var weights: [Double] = []
    for (i, g) in gradients.enumerated() {
        let t = Double(i + 1)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        // Both bias corrections folded into the step size, as Keras does.
        let alpha = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
        w -= alpha * m / (v.squareRoot() + epsilon)
        weights.append(w)
    }
    return weights
}

public func divergedAtEpoch(initialLoss: Double, epochLosses: [Double], factor: Double?) throws -> Int? {
    for (i, loss) in epochLosses.enumerated() {
        if !loss.isFinite { return i + 1 }
        if let factor, loss > factor * initialLoss { return i + 1 }
    }
    return nil
}

public func binaryCrossEntropy(probabilities: [Double], targets: [Double]) throws -> Double {
    guard !probabilities.isEmpty else { throw InvalidInput("no predictions") }
    guard probabilities.count == targets.count else {
        throw InvalidInput("\(probabilities.count) predictions but \(targets.count) targets")
    }
    let epsilon = 1e-7
    var sum = 0.0
    for (p, y) in zip(probabilities, targets) {
        let q = min(max(p, epsilon), 1 - epsilon)
        sum -= y * log(q) + (1 - y) * log(1 - q)
    }
    return sum / Double(probabilities.count)
}
