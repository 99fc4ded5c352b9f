// GradientCheck.swift: the finite-difference gradient check used by every layer test.
//
// Backpropagation computes dL/dtheta analytically. We check it against the five-point
// central difference
//   (-L(theta + 2h) + 8 L(theta + h) - 8 L(theta - h) + L(theta - 2h)) / (12 h),
// whose truncation error is O(h^4) (the plain two-point (L(+h) - L(-h)) / 2h is only
// O(h^2)). With h = 1e-4 the truncation error is about 1e-16 and the rounding error
// about eps |L| / h = 2e-12, so a correct gradient agrees to ~1e-9 relative or better,
// while a mistake (a missing factor, a transposed index) shows up as an error near 1.
//
// Relative error is |a - n| / max(|a|, |n|, 1e-5): gradients smaller than 1e-5 (for
// losses of order 1) are compared in absolute terms, since the difference quotient's
// own rounding noise (~3e-12) would otherwise make an exact zero look "wrong".
//
// ReLU and the absolute error have kinks where the derivative jumps. If a kink lies
// within 2h of the point, the difference quotient straddles it and means nothing. We
// detect that by computing the quotient with two step sizes (h and h / 10): on a
// smooth stretch they agree to ~1e-9, across a kink they do not. Such elements are
// skipped and counted; the tests require that they stay rare.

import LabMath
@testable import TrainingEngine

/// The result of a gradient check.
struct GradientCheckResult {
    /// The largest relative error over the checked elements.
    var largestError = 0.0
    /// Elements checked, and elements skipped because a kink was within reach.
    var checked = 0
    var skippedAtKinks = 0
}

/// Checks every parameter of `model` on the batch (x, y).
func checkGradients(_ model: Sequential, _ x: Matrix, _ y: Matrix, step h: Double = 1e-4) -> GradientCheckResult {
    _ = model.computeGradients(x, y)
    let analytic = model.allParameters.map { $0.gradient.elements }
    var result = GradientCheckResult()
    for (p, parameter) in model.allParameters.enumerated() {
        for i in 0..<parameter.count {
            let original = parameter.value.elements[i]
            func loss(at offset: Double) -> Double {
                parameter.value.elements[i] = original + offset
                return model.computeGradients(x, y)
            }
            func fivePoint(_ h: Double) -> Double {
                (-loss(at: 2 * h) + 8 * loss(at: h) - 8 * loss(at: -h) + loss(at: -2 * h)) / (12 * h)
            }
            let coarse = fivePoint(h), fine = fivePoint(h / 10)
            parameter.value.elements[i] = original
            let floor = 1e-5
            if abs(coarse - fine) > 1e-6 * max(abs(coarse), abs(fine), floor) {
                result.skippedAtKinks += 1
                continue
            }
            let a = analytic[p][i]
            result.largestError = max(result.largestError, abs(a - coarse) / max(abs(a), abs(coarse), floor))
            result.checked += 1
        }
    }
    return result
}

/// Seeded random inputs and targets that suit `loss` (probabilities or one-hot rows
/// for the cross-entropies, real values for the regression losses).
func randomBatch(rows: Int, inputs: Int, outputs: Int, loss: Loss, rng: inout SeededGenerator) -> (Matrix, Matrix) {
    let x = Matrix(rows: rows, columns: inputs, elements: (0..<(rows * inputs)).map { _ in rng.nextNormal() })
    var y = Matrix(rows: rows, columns: outputs)
    for r in 0..<rows {
        switch loss {
        case .categoricalCrossEntropy:
            y[r, rng.nextInt(below: outputs)] = 1
        case .binaryCrossEntropy:
            for c in 0..<outputs { y[r, c] = Double(rng.nextInt(below: 2)) }
        case .meanSquaredError, .meanAbsoluteError:
            for c in 0..<outputs { y[r, c] = rng.nextNormal() }
        }
    }
    return (x, y)
}
