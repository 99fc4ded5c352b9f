// Loss values and optimizer steps against reference numbers computed independently
// with NumPy/SciPy (/tmp/refs_engine.py in the session that wrote these tests: the
// Keras definitions of the losses and of Adam, transcribed by hand).

import Testing
import LabMath
@testable import TrainingEngine
import TestSupport

@Suite("Losses")
struct LossTests {
    let p = Matrix([[0.9, 0.2], [0.3, 0.6]])
    let y = Matrix([[1, 0], [0, 1]])

    @Test func valuesMatchTheKerasDefinitions() {
        #expect(isClose(Loss.meanSquaredError.value(prediction: p, target: y), 0.07500000000000001))
        #expect(isClose(Loss.meanAbsoluteError.value(prediction: p, target: y), 0.25))
        #expect(isClose(Loss.binaryCrossEntropy.value(prediction: p, target: y), 0.2990011586691898))
        #expect(isClose(Loss.categoricalCrossEntropy.value(prediction: p, target: y), 0.30809306971190853))
    }

    @Test func fusedFormsStayFiniteForHugeLogits() {
        // Logits of +/-1000 would overflow e^z; the stable forms give the exact answer.
        let z = Matrix([[2, -1, 0.5], [1000, -1000, 0]])
        var a = Matrix(rows: 0, columns: 0)
        Activation.softmax.apply(z, into: &a)
        let target = Matrix([[0, 0, 1], [0, 1, 0]])
        let cce = Loss.categoricalCrossEntropy.fusedValue(logits: z, activations: a, target: target)
        #expect(isClose(cce, 1000.8706556483286, relative: 1e-14))   // scipy logsumexp
        let zb = Matrix([[3], [-2], [800], [-800]])
        Activation.sigmoid.apply(zb, into: &a)
        let bce = Loss.binaryCrossEntropy.fusedValue(logits: zb, activations: a, target: Matrix([[1], [0], [0], [0]]))
        #expect(isClose(bce, 200.04387884065417, relative: 1e-14))   // max(z,0) - z y + log1p(e^-|z|)
        #expect(a.elements.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
    }

    @Test func fusedAndUnfusedAgreeAwayFromTheClamp() {
        let z = Matrix([[0.3, -1.2, 2.0], [0.1, 0.2, -0.4]])
        let target = Matrix([[0, 0, 1], [1, 0, 0]])
        var a = Matrix(rows: 0, columns: 0)
        Activation.softmax.apply(z, into: &a)
        let fused = Loss.categoricalCrossEntropy.fusedValue(logits: z, activations: a, target: target)
        #expect(isClose(fused, Loss.categoricalCrossEntropy.value(prediction: a, target: target), relative: 1e-14))
        Activation.sigmoid.apply(z, into: &a)
        let fusedBinary = Loss.binaryCrossEntropy.fusedValue(logits: z, activations: a, target: target)
        #expect(isClose(fusedBinary, Loss.binaryCrossEntropy.value(prediction: a, target: target), relative: 1e-14))
    }

    @Test func metrics() {
        #expect(Metric.accuracy.value(prediction: Matrix([[0.7], [0.2], [0.6]]), target: Matrix([[1], [0], [0]])) == 2.0 / 3)
        #expect(Metric.accuracy.value(prediction: p, target: y) == 1)
        #expect(isClose(Metric.meanAbsoluteError.value(prediction: p, target: y), 0.25))
    }
}

@Suite("Optimizers")
struct OptimizerTests {
    func parameter(_ values: [Double]) -> Parameter {
        Parameter(name: "w", value: Matrix(rows: 1, columns: values.count, elements: values))
    }

    @Test func sgdAndMomentumByHand() throws {
        let w = parameter([1])
        w.gradient = Matrix([[0.5]])
        var plain = try SGD(learningRate: 0.1)
        plain.update([w])
        #expect(isClose(w.value[0, 0], 0.95))                  // 1 - 0.1 * 0.5
        let v = parameter([1])
        v.gradient = Matrix([[0.5]])
        var momentum = try SGD(learningRate: 0.1, momentum: 0.9)
        momentum.update([v])                                    // velocity -0.05
        momentum.update([v])                                    // velocity 0.9 * -0.05 - 0.05 = -0.095
        #expect(isClose(v.value[0, 0], 1 - 0.05 - 0.095))
    }

    @Test func adamMatchesTheKerasUpdateRule() throws {
        let w = parameter([1, -2])
        var adam = try Adam(learningRate: 0.01)
        let gradients: [[Double]] = [[0.5, -0.1], [0.3, 0.2], [-1.0, 0.0]]
        let expected: [[Double]] = [[0.9900000632451532, -1.9900003162177664],
                                    [0.9804252134298032, -1.9936612997088217],
                                    [0.9822191187518926, -1.9964912505380514]]
        for (g, e) in zip(gradients, expected) {
            w.gradient = Matrix(rows: 1, columns: 2, elements: g)
            adam.update([w])
            // pow and sqrt are correctly rounded or nearly; 1e-14 leaves a few ulps.
            #expect(maximumRelativeError(w.value.elements, e) < 1e-14, "\(w.value.elements) vs \(e)")
        }
        #expect(adam.stepCount == 3)
        let defaults = try Adam()
        #expect(defaults.learningRate == 0.001 && defaults.beta1 == 0.9 && defaults.beta2 == 0.999 && defaults.epsilon == 1e-7)
        adam.reset()
        #expect(adam.stepCount == 0)
    }
}
