// Conv2D.swift
//
// What this file teaches: the convolutional layer, Keras's `Conv2D`, computed with the
// "im2col" trick. An image of height x width x channels (HWC) is one row of the batch
// matrix. A filter of kh x kw x channels weights slides over it; at each output
// position it takes the dot product with the patch under it.
//
// The textbook loops are seven deep (batch, output row, output column, filter, kernel
// row, kernel column, channel). Instead we copy every patch into a row of a "patch
// matrix" P (one row per image and output position, kh*kw*channels columns): then all
// filters at all positions of all images are one matrix product
//
//   Z = P W + b,      P: (batch*outH*outW) x (kh*kw*C),  W: (kh*kw*C) x filters,
//
// done by the same fast kernel as a Dense layer. Its result, row by row, is each
// image's output positions in order with the filters' values side by side: exactly the
// HWC layout of the output, so (batch*outH*outW) x filters *is* batch x (outH*outW*filters)
// (`Matrix.reinterpret`). Backward is the chain rule through the product:
//
//   dW = P^T dZ,   db = column sums of dZ,   dP = dZ W^T,
//
// and dP is added back ("col2im") to the input positions each patch entry came from;
// an input pixel under several patches collects a gradient from each.
//
// Padding "valid" uses only positions where the filter fits inside the image; "same"
// surrounds the image with zeros so that the output keeps its height and width (for an
// even kernel the extra row/column of zeros goes at the bottom/right, as in Keras).

import LabMath

/// A 2-D convolution with stride 1, for inputs shaped (height, width, channels).
///
/// ```swift
/// model.add(Conv2D(32, kernelSize: (3, 3), activation: .relu, inputShape: TensorShape(28, 28, 1)))
/// ```
public final class Conv2D: ActivatedLayer {
    public enum Padding: String, Sendable { case valid, same }

    public let kind = "Conv2D"
    public var name = "conv2d"
    public let filters: Int
    public let kernelHeight: Int
    public let kernelWidth: Int
    public let padding: Padding
    public let activation: Activation
    public let initializer: WeightInitializer
    public let declaredInputShape: TensorShape?

    /// The kernel, (kh*kw*channels) x filters: row (ky*kw + kx)*channels + c holds the
    /// weights of kernel position (ky, kx), input channel c (Keras's layout, flattened).
    public private(set) var weights = Parameter(name: "conv2d/kernel", value: Matrix(rows: 0, columns: 0))
    public private(set) var bias = Parameter(name: "conv2d/bias", value: Matrix(rows: 0, columns: 0))

    // Geometry, fixed by `build`.
    private var inputHeight = 0, inputWidth = 0, channels = 0
    private var outputHeight = 0, outputWidth = 0, padTop = 0, padLeft = 0

    // Buffers reused by every mini-batch (exclusivity checks off: see `Parameter`).
    @exclusivity(unchecked) public private(set) var preActivation = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) public private(set) var output = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) public private(set) var inputGradient = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) private var patches = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) private var patchGradient = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) private var preActivationGradient = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) private var transposedWeights = Matrix(rows: 0, columns: 0)

    /// - Parameters:
    ///   - filters: output channels.
    ///   - kernelSize: (height, width) of each filter.
    ///   - padding: `.valid` (default, as in Keras) or `.same`.
    ///   - inputShape: (height, width, channels), required on the first layer only.
    /// - Throws: `ModelError.invalidArgument` when `filters` or a kernel side is below 1.
    public init(_ filters: Int, kernelSize: (Int, Int), padding: Padding = .valid, activation: Activation = .linear,
                inputShape: TensorShape? = nil, initializer: WeightInitializer = .glorotUniform) throws {
        let call = "Conv2D(\(filters), kernelSize: (\(kernelSize.0), \(kernelSize.1)), ...)"
        try require(filters >= 1, call, "filters must be at least 1, got \(filters)")
        try require(kernelSize.0 >= 1 && kernelSize.1 >= 1, call, "both kernel sides must be at least 1")
        self.filters = filters
        self.kernelHeight = kernelSize.0
        self.kernelWidth = kernelSize.1
        self.padding = padding
        self.activation = activation
        self.initializer = initializer
        self.declaredInputShape = inputShape
    }

    public func outputShape(for inputShape: TensorShape) throws -> TensorShape {
        guard inputShape.dimensions.count == 3 else {
            throw ShapeMismatch(expected: "(None, height, width, channels), an image per example")
        }
        let (h, w) = (inputShape.dimensions[0], inputShape.dimensions[1])
        if padding == .same { return TensorShape(h, w, filters) }
        guard h >= kernelHeight, w >= kernelWidth else {
            throw ShapeMismatch(expected: "an image at least as large as the \(kernelHeight)x\(kernelWidth) kernel with 'valid' padding")
        }
        return TensorShape(h - kernelHeight + 1, w - kernelWidth + 1, filters)
    }

    public func parameterCount(inputShape: TensorShape) -> Int {
        kernelHeight * kernelWidth * (inputShape.dimensions.last ?? 0) * filters + filters
    }

    public func build(inputShape: TensorShape, rng: inout SeededGenerator) throws {
        let out = try outputShape(for: inputShape)
        (inputHeight, inputWidth, channels) = (inputShape.dimensions[0], inputShape.dimensions[1], inputShape.dimensions[2])
        (outputHeight, outputWidth) = (out.dimensions[0], out.dimensions[1])
        // "same": (k - 1) zeros in total, the smaller half before (top/left).
        padTop = padding == .same ? (kernelHeight - 1) / 2 : 0
        padLeft = padding == .same ? (kernelWidth - 1) / 2 : 0
        // Glorot/He fan-in and fan-out of a convolution count the receptive field.
        let receptiveField = kernelHeight * kernelWidth
        weights = Parameter(name: "\(name)/kernel",
                            value: initializer.weights(fanIn: receptiveField * channels, fanOut: filters, rng: &rng,
                                                       fanOutForVariance: receptiveField * filters))
        bias = Parameter(name: "\(name)/bias", value: Matrix(rows: 1, columns: filters))
    }

    public var parameters: [Parameter] { [weights, bias] }

    public var forwardMultiplyAdds: Int { outputHeight * outputWidth * weights.value.rows * filters }

    public func forward(_ input: Matrix) {
        let batch = input.rows
        gatherPatches(input)
        // Z = P W + b, b added to every row (image position) as the product is stored.
        multiply(patches, weights.value, addingToEveryRow: bias.value.elements, into: &preActivation)
        // The same numbers, one image per row: batch x (outH*outW*filters).
        preActivation.reinterpret(rows: batch, columns: outputHeight * outputWidth * filters)
        activation.apply(preActivation, into: &output)
    }

    public func backward(input: Matrix, outputGradient: Matrix, computeInputGradient: Bool) {
        activation.backward(z: preActivation, a: output, outputGradient: outputGradient, into: &preActivationGradient)
        backward(input: input, preActivationGradient: preActivationGradient, computeInputGradient: computeInputGradient)
    }

    public func backward(input: Matrix, preActivationGradient dZimages: Matrix, computeInputGradient: Bool) {
        // View dZ with one row per image position, as in the forward product.
        var dZ = dZimages
        dZ.reinterpret(rows: input.rows * outputHeight * outputWidth, columns: filters)
        // dW = P^T dZ and db = column sums of dZ (`patches` still holds this batch's P).
        multiply(transposing: patches, dZ, into: &weights.gradient)
        dZ.columnSums(into: &bias.gradient.elements)
        guard computeInputGradient else { return }
        // dP = dZ W^T, then col2im.
        transpose(weights.value, into: &transposedWeights)
        multiply(dZ, transposedWeights, into: &patchGradient)
        scatterPatchGradient(batch: input.rows)
    }

    /// im2col: row (b*outH + oy)*outW + ox of P is the patch under output position
    /// (oy, ox) of image b; columns (ky*kw + kx)*C ..< +C hold input pixel
    /// (oy + ky - padTop, ox + kx - padLeft), all C channels, or zeros in the padding.
    /// Loop order: image, output row, output column, kernel row; the kw pixels of a
    /// kernel row that lie inside the image are contiguous in both the image and the
    /// patch row (all their channels too), so each kernel row is at most three stretches:
    /// zeros on the left, one copied run, zeros on the right.
    private func gatherPatches(_ input: Matrix) {
        let k = kernelHeight * kernelWidth * channels
        patches.reshapeReusingStorage(rows: input.rows * outputHeight * outputWidth, columns: k)
        input.elements.withUnsafeBufferPointer { source in
            patches.elements.withUnsafeMutableBufferPointer { destination in
                guard let from = source.baseAddress, let to = destination.baseAddress else { return }
                forEachPatchStretch(batch: input.rows) { patchOffset, imageOffset, count in
                    let target = to + patchOffset
                    if let imageOffset {
                        target.update(from: from + imageOffset, count: count)
                    } else {
                        target.update(repeating: 0, count: count)
                    }
                }
            }
        }
    }

    /// col2im: adds each entry of dP to the input pixel it was copied from (a pixel
    /// under several patches collects a gradient from each, in the patches' order).
    private func scatterPatchGradient(batch: Int) {
        inputGradient.reshapeReusingStorage(rows: batch, columns: inputHeight * inputWidth * channels)
        inputGradient.setZero()
        patchGradient.elements.withUnsafeBufferPointer { source in
            inputGradient.elements.withUnsafeMutableBufferPointer { destination in
                forEachPatchStretch(batch: batch) { patchOffset, imageOffset, count in
                    guard let imageOffset else { return }
                    for j in 0..<count { destination[imageOffset + j] += source[patchOffset + j] }
                }
            }
        }
    }

    /// Calls `body(patchOffset, imageOffset, count)` for every stretch of `count` values
    /// of the patch matrix that come from consecutive values of one image row:
    /// `patchOffset` is where the stretch starts in P's storage, `imageOffset` where it
    /// comes from in the batch matrix's storage (nil in the zero padding). Stretches come
    /// in P's order, so every value of P is visited once, in order.
    ///
    /// For kernel row ky of the patch at (oy, ox), image row iy = oy + ky - padTop;
    /// kernel column kx reads image column ix0 + kx with ix0 = ox - padLeft, which is
    /// inside the image for kx in max(0, -ix0) ..< min(kw, inputWidth - ix0).
    @inline(__always)
    private func forEachPatchStretch(batch: Int, _ body: (_ patchOffset: Int, _ imageOffset: Int?, _ count: Int) -> Void) {
        let imageSize = inputHeight * inputWidth * channels
        let rowSize = inputWidth * channels
        let kernelRow = kernelWidth * channels
        var patchOffset = 0
        var image = 0                       // where image b starts
        for _ in 0..<batch {
            for oy in 0..<outputHeight {
                for ox in 0..<outputWidth {
                    let ix0 = ox - padLeft
                    let first = max(0, -ix0), last = min(kernelWidth, inputWidth - ix0)
                    for ky in 0..<kernelHeight {
                        let iy = oy + ky - padTop
                        if iy < 0 || iy >= inputHeight || last <= first {
                            body(patchOffset, nil, kernelRow)
                        } else {
                            if first > 0 { body(patchOffset, nil, first * channels) }
                            body(patchOffset + first * channels, image + iy * rowSize + (ix0 + first) * channels,
                                 (last - first) * channels)
                            if last < kernelWidth { body(patchOffset + last * channels, nil, (kernelWidth - last) * channels) }
                        }
                        patchOffset += kernelRow
                    }
                }
            }
            image += imageSize
        }
    }
}
