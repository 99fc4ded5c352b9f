// Lesson 5: the teacher's solutions (`swift run Check 5 --solutions` grades them).

import Exercises

public func convolutionOutputShape(height: Int, width: Int, channels: Int, filters: Int,
                                   kernel: (height: Int, width: Int), stride: Int,
                                   padding: String) throws -> (height: Int, width: Int, channels: Int) {
    guard min(height, width, channels, filters, kernel.height, kernel.width, stride) >= 1 else {
        throw InvalidInput("sizes, channels, filters, kernel and stride must be at least 1")
    }
    switch padding {
    case "same":
        guard stride == 1 else { throw InvalidInput("'same' padding is defined here for stride 1 only") }
        return (height, width, filters)
    case "valid":
        guard kernel.height <= height, kernel.width <= width else {
            throw InvalidInput("a \(kernel.height) x \(kernel.width) kernel does not fit a \(height) x \(width) image")
        }
        // Positions 0, s, 2s, ... while the kernel still fits: (n - k) / s + 1.
        return ((height - kernel.height) / stride + 1, (width - kernel.width) / stride + 1, filters)
    default:
        throw InvalidInput("padding must be 'valid' or 'same', got '\(padding)'")
    }
}

public func convolutionCost(height: Int, width: Int, channels: Int, filters: Int,
                            kernel: (height: Int, width: Int),
                            padding: String) throws -> (parameters: Int, multiplyAdds: Int) {
    let output = try convolutionOutputShape(height: height, width: width, channels: channels, filters: filters,
                                            kernel: kernel, stride: 1, padding: padding)
    let weightsPerFilter = kernel.height * kernel.width * channels
    return (weightsPerFilter * filters + filters, output.height * output.width * weightsPerFilter * filters)
}

public func lossGradients(predictions: [Double],
                          targets: [Double]) throws -> (squared: [Double], absolute: [Double]) {
    guard !predictions.isEmpty else { throw InvalidInput("no predictions") }
    guard predictions.count == targets.count else {
        throw InvalidInput("\(predictions.count) predictions but \(targets.count) targets")
    }
    let n = Double(predictions.count)
    let residuals = zip(predictions, targets).map { $0 - $1 }
    // d/da (a - y)^2 / N = 2 (a - y) / N;  d/da |a - y| / N = sign(a - y) / N.
    return (residuals.map { 2 * $0 / n }, residuals.map { ($0 > 0 ? 1 : $0 < 0 ? -1 : 0) / n })
}
