// Initializer.swift
//
// What this file teaches: why initial weights are random, and how large they should be.
// If all weights started equal, every unit of a layer would compute the same thing and
// receive the same gradient forever. Random values break that symmetry. Their scale
// matters too: too large and activations explode layer after layer, too small and
// they fade away. Glorot and He chose the variance that keeps signals roughly the
// same size from layer to layer.

import LabMath

/// How a layer's weights are drawn (biases always start at zero, as in Keras).
public enum WeightInitializer: String, Sendable {
    /// Keras's default for Dense and Conv2D: U(-limit, limit) with
    /// limit = sqrt(6 / (fanIn + fanOut)), which gives variance 2 / (fanIn + fanOut).
    /// (Glorot and Bengio, AISTATS 2010.)
    case glorotUniform
    /// Variance 2 / fanIn from a normal truncated at two standard deviations (values
    /// beyond are redrawn), as Keras's `he_normal`; suited to ReLU, which zeroes half
    /// its inputs and so halves the variance. (He et al., ICCV 2015.) Truncation
    /// shrinks the standard deviation by the factor 0.8796..., so, like Keras, we
    /// divide it back out to keep the intended variance.
    case heNormal

    /// A `fanIn x fanOut` matrix of initial weights.
    ///
    /// - Parameter fanOutForVariance: the fan-out used in Glorot's variance when it
    ///   differs from the number of columns: a convolution's kernel matrix has one column
    ///   per filter, but each input feeds kh*kw*filters outputs (Keras counts it so).
    public func weights(fanIn: Int, fanOut: Int, rng: inout SeededGenerator, fanOutForVariance: Int? = nil) -> Matrix {
        var w = Matrix(rows: fanIn, columns: fanOut)
        switch self {
        case .glorotUniform:
            let limit = (6.0 / Double(fanIn + (fanOutForVariance ?? fanOut))).squareRoot()
            for i in w.elements.indices { w.elements[i] = rng.nextDouble(in: -limit...limit) }
        case .heNormal:
            let standardDeviation = (2.0 / Double(fanIn)).squareRoot() / 0.879_625_661_034_239_78
            for i in w.elements.indices {
                var z = rng.nextNormal()
                while abs(z) > 2 { z = rng.nextNormal() }
                w.elements[i] = standardDeviation * z
            }
        }
        return w
    }
}
