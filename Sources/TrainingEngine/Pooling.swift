// Pooling.swift
//
// What this file teaches: the two parameter-free layers of a small CNN.
//
// MaxPooling2D keeps the largest value of each pool x pool window of each channel,
// halving the image (for 2 x 2 pools) while keeping the strongest responses. Its
// gradient flows only to the input that was the maximum: nudging any other input of the
// window does not change the output at all (ties go to the first maximum in reading
// order, a choice every framework makes one way or another).
//
// Flatten changes nothing but the shape: an HWC image is already stored as one row of
// height*width*channels numbers, which is what a Dense layer expects.

import LabMath

/// Max pooling over windows of `poolSize`, moving by `strides` (the pool size by
/// default, so windows do not overlap), with "valid" padding: windows that would hang
/// over the edge are dropped, as in Keras's default.
public final class MaxPooling2D: Layer {
    public let kind = "MaxPooling2D"
    public var name = "max_pooling2d"
    public let poolHeight: Int, poolWidth: Int
    public let strideY: Int, strideX: Int
    public let declaredInputShape: TensorShape?

    private var inputHeight = 0, inputWidth = 0, channels = 0, outputHeight = 0, outputWidth = 0
    @exclusivity(unchecked) public private(set) var output = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) public private(set) var inputGradient = Matrix(rows: 0, columns: 0)
    /// For every output value, the index (within the batch matrix) of the input it came from.
    @exclusivity(unchecked) private var winners: [Int] = []

    /// - Throws: `ModelError.invalidArgument` when a pool side or a stride is below 1.
    public init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, inputShape: TensorShape? = nil) throws {
        let call = "MaxPooling2D(poolSize: (\(poolSize.0), \(poolSize.1)), ...)"
        try require(poolSize.0 >= 1 && poolSize.1 >= 1, call, "both pool sides must be at least 1")
        (poolHeight, poolWidth) = poolSize
        (strideY, strideX) = strides ?? poolSize
        try require(strideY >= 1 && strideX >= 1, call, "both strides must be at least 1, got (\(strideY), \(strideX))")
        declaredInputShape = inputShape
    }

    public func outputShape(for inputShape: TensorShape) throws -> TensorShape {
        guard inputShape.dimensions.count == 3 else {
            throw ShapeMismatch(expected: "(None, height, width, channels), an image per example")
        }
        let (h, w, c) = (inputShape.dimensions[0], inputShape.dimensions[1], inputShape.dimensions[2])
        guard h >= poolHeight, w >= poolWidth else {
            throw ShapeMismatch(expected: "an image at least as large as the \(poolHeight)x\(poolWidth) pool")
        }
        return TensorShape((h - poolHeight) / strideY + 1, (w - poolWidth) / strideX + 1, c)
    }

    public func parameterCount(inputShape: TensorShape) -> Int { 0 }

    public func build(inputShape: TensorShape, rng: inout SeededGenerator) throws {
        let out = try outputShape(for: inputShape)
        (inputHeight, inputWidth, channels) = (inputShape.dimensions[0], inputShape.dimensions[1], inputShape.dimensions[2])
        (outputHeight, outputWidth) = (out.dimensions[0], out.dimensions[1])
    }

    public var parameters: [Parameter] { [] }
    public var forwardMultiplyAdds: Int { 0 }

    public func forward(_ input: Matrix) {
        let batch = input.rows
        let outSize = outputHeight * outputWidth * channels
        let inSize = inputHeight * inputWidth * channels
        output.reshapeReusingStorage(rows: batch, columns: outSize)
        if winners.count != batch * outSize { winners = [Int](repeating: 0, count: batch * outSize) }
        input.elements.withUnsafeBufferPointer { x in
            output.elements.withUnsafeMutableBufferPointer { y in
                winners.withUnsafeMutableBufferPointer { winner in
                    // Offsets in the batch matrix's storage: one image, one image row, and
                    // the step between two window corners; inside a window, the next pixel
                    // of a channel is `channels` further, the next row `rowStep` further.
                    let rowStep = inputWidth * channels
                    let cornerStepX = strideX * channels, cornerStepY = strideY * rowStep
                    var o = 0
                    for b in 0..<batch {
                        var rowCorner = b * inSize
                        for _ in 0..<outputHeight {
                            var corner = rowCorner
                            for _ in 0..<outputWidth {
                                // The channels of a pixel are contiguous (HWC), so 8 channels'
                                // windows are decided at once by SIMD comparisons; then the
                                // remaining channels one by one. Both find, for every channel,
                                // the window's maximum with strict ">": the first one in
                                // reading order (row by row, left to right) on ties. Neither
                                // branches on the comparison: which input wins is random, so a
                                // branch would be mispredicted half the time; the selects
                                // compile to blends and conditional moves.
                                var c = 0
                                while c + 8 <= channels {
                                    var best = SIMD8<Int64>(repeating: Int64(corner + c)) &+ laneOffsets
                                    var bestValue = load8(x, corner + c)
                                    var windowRow = corner + c
                                    for _ in 0..<poolHeight {
                                        var index = windowRow
                                        for _ in 0..<poolWidth {
                                            let value = load8(x, index)
                                            let larger = value .> bestValue
                                            best.replace(with: SIMD8(repeating: Int64(index)) &+ laneOffsets, where: larger)
                                            bestValue.replace(with: value, where: larger)
                                            index += channels
                                        }
                                        windowRow += rowStep
                                    }
                                    for lane in 0..<8 {
                                        y[o + lane] = bestValue[lane]
                                        winner[o + lane] = Int(best[lane])
                                    }
                                    o += 8
                                    c += 8
                                }
                                while c < channels {
                                    var best = corner + c
                                    var bestValue = x[best]
                                    var windowRow = best
                                    for _ in 0..<poolHeight {
                                        var index = windowRow
                                        for _ in 0..<poolWidth {
                                            let value = x[index]
                                            let larger = value > bestValue
                                            best = larger ? index : best
                                            bestValue = larger ? value : bestValue
                                            index += channels
                                        }
                                        windowRow += rowStep
                                    }
                                    y[o] = bestValue
                                    winner[o] = best
                                    o += 1
                                    c += 1
                                }
                                corner += cornerStepX
                            }
                            rowCorner += cornerStepY
                        }
                    }
                }
            }
        }
    }

    public func backward(input: Matrix, outputGradient: Matrix, computeInputGradient: Bool) {
        guard computeInputGradient else { return }
        inputGradient.reshapeReusingStorage(rows: input.rows, columns: input.columns)
        inputGradient.setZero()
        // Each output's gradient goes to its window's winner (windows may overlap when
        // strides are smaller than the pool, hence +=).
        winners.withUnsafeBufferPointer { winner in
            outputGradient.elements.withUnsafeBufferPointer { dy in
                inputGradient.elements.withUnsafeMutableBufferPointer { dx in
                    for o in 0..<winner.count { dx[winner[o]] += dy[o] }
                }
            }
        }
    }
}

/// 0, 1, ..., 7: lane i of a SIMD index vector is channel c + i.
private let laneOffsets = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7)

/// The 8 values x[i ..< i + 8].
@inline(__always)
private func load8(_ x: UnsafeBufferPointer<Double>, _ i: Int) -> SIMD8<Double> {
    UnsafeRawPointer(x.baseAddress! + i).loadUnaligned(as: SIMD8<Double>.self)
}

/// Flattens (height, width, channels) to one vector per example; the numbers do not
/// move, only the declared shape changes.
public final class Flatten: Layer {
    public let kind = "Flatten"
    public var name = "flatten"
    public let declaredInputShape: TensorShape?
    @exclusivity(unchecked) public private(set) var output = Matrix(rows: 0, columns: 0)
    @exclusivity(unchecked) public private(set) var inputGradient = Matrix(rows: 0, columns: 0)

    public init(inputShape: TensorShape? = nil) { declaredInputShape = inputShape }

    public func outputShape(for inputShape: TensorShape) throws -> TensorShape { TensorShape(inputShape.elementCount) }
    public func parameterCount(inputShape: TensorShape) -> Int { 0 }
    public func build(inputShape: TensorShape, rng: inout SeededGenerator) throws {}
    public var parameters: [Parameter] { [] }
    public var forwardMultiplyAdds: Int { 0 }

    public func forward(_ input: Matrix) {
        // A copy into our own buffer (not a shared reference), so that the previous
        // layer can overwrite its output in place at the next batch without a copy.
        output.reshapeReusingStorage(rows: input.rows, columns: input.columns)
        output.elements.withUnsafeMutableBufferPointer { out in
            input.elements.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { out.baseAddress!.update(from: base, count: source.count) }
            }
        }
    }

    public func backward(input: Matrix, outputGradient: Matrix, computeInputGradient: Bool) {
        guard computeInputGradient else { return }
        inputGradient.reshapeReusingStorage(rows: outputGradient.rows, columns: outputGradient.columns)
        inputGradient.elements.withUnsafeMutableBufferPointer { out in
            outputGradient.elements.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { out.baseAddress!.update(from: base, count: source.count) }
            }
        }
    }
}
