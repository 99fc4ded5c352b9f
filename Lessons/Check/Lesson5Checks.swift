// Lesson5Checks.swift: the model-selection exercises (Lessons/Exercises/Lesson5.swift),
// checked against TrainingEngine's Conv2D and MaxPooling2D (the geometry and sizes
// ModelSummary prints) and its Loss gradients.

import Exercises
import LabMath
import Solutions
import TrainingEngine

enum Lesson5Checks {
    static let all: [ExerciseCheck] = [
        ExerciseCheck(id: "5.1", title: "convolutionOutputShape: what a Conv2D layer outputs",
                      hint: "'valid': (n - k) / stride + 1 positions per side, rounded down, refused when k > n; "
                          + "'same': the input's height and width; the channels are the filters") { source in
            outputShape(source == .student ? Exercises.convolutionOutputShape : Solutions.convolutionOutputShape)
        },
        ExerciseCheck(id: "5.2", title: "convolutionCost: parameters and multiply-adds per image",
                      hint: "parameters = kh x kw x channels x filters + filters (one bias per filter); "
                          + "multiply-adds = output positions x kh x kw x channels x filters") { source in
            cost(source == .student ? Exercises.convolutionCost : Solutions.convolutionCost)
        },
        ExerciseCheck(id: "5.3", title: "lossGradients: squared and absolute error, per prediction",
                      hint: "squared: 2 (a - y) / N, the 2 from the square; absolute: +1 / N, -1 / N, or 0 where "
                          + "a = y") { source in
            gradients(source == .student ? Exercises.lossGradients : Solutions.lossGradients)
        },
    ]

    /// A convolution as the exercises describe it.
    struct Convolution: CustomStringConvertible {
        let height: Int, width: Int, channels: Int, filters: Int
        let kernel: (height: Int, width: Int)
        var stride = 1
        var padding = "valid"

        var description: String {
            "\(height) x \(width) x \(channels), \(filters) filters of \(kernel.height) x \(kernel.width), "
                + "'\(padding)', stride \(stride)"
        }

        /// The output shape as TrainingEngine computes it. Stride 1 is Conv2D itself;
        /// Conv2D has no stride, so a larger stride ("valid" only) is read from
        /// MaxPooling2D, whose windows slide exactly as a filter does.
        func referenceShape() throws -> (height: Int, width: Int, channels: Int) {
            // Refuse here what the layers' initialisers would trap on.
            guard min(height, width, channels, filters, kernel.height, kernel.width, stride) >= 1 else {
                throw InvalidInput("sizes must be at least 1")
            }
            let input = TensorShape(height, width, channels)
            let spatial: TensorShape
            switch (padding, stride) {
            case ("valid", 1), ("same", 1):
                let layer = try Conv2D(filters, kernelSize: (kernel.height, kernel.width),
                                   padding: padding == "same" ? .same : .valid, inputShape: input)
                spatial = try layer.outputShape(for: input)
            case ("valid", _):
                spatial = try MaxPooling2D(poolSize: (kernel.height, kernel.width), strides: (stride, stride))
                    .outputShape(for: input)
            default:
                throw InvalidInput("not a convolution this library builds")
            }
            return (spatial.dimensions[0], spatial.dimensions[1], filters)
        }

        /// Parameters and forward multiply-adds of TrainingEngine's Conv2D, built on
        /// this input (stride 1).
        func referenceCost() throws -> (parameters: Int, multiplyAdds: Int) {
            _ = try referenceShape()
            let input = TensorShape(height, width, channels)
            let layer = try Conv2D(filters, kernelSize: (kernel.height, kernel.width),
                               padding: padding == "same" ? .same : .valid, inputShape: input)
            var rng = SeededGenerator(seed: 1)
            try layer.build(inputShape: input, rng: &rng)
            return (layer.parameterCount(inputShape: input), layer.forwardMultiplyAdds)
        }
    }

    typealias Shape = (height: Int, width: Int, channels: Int)

    static func outputShape(_ attempt: (Int, Int, Int, Int, (height: Int, width: Int), Int, String) throws -> Shape)
        -> Verdict {
        let inputs = [
            Convolution(height: 8, width: 8, channels: 1, filters: 16, kernel: (3, 3), padding: "same"),
            Convolution(height: 8, width: 8, channels: 1, filters: 32, kernel: (3, 3)),
            Convolution(height: 28, width: 28, channels: 1, filters: 32, kernel: (3, 3)),
            Convolution(height: 4, width: 4, channels: 16, filters: 8, kernel: (2, 2), padding: "same"),
            Convolution(height: 7, width: 5, channels: 3, filters: 4, kernel: (3, 2)),
            Convolution(height: 28, width: 28, channels: 1, filters: 8, kernel: (3, 3), stride: 2),
            Convolution(height: 9, width: 6, channels: 2, filters: 5, kernel: (3, 3), stride: 2),
            Convolution(height: 8, width: 8, channels: 1, filters: 4, kernel: (5, 5), stride: 3),
            Convolution(height: 1, width: 1, channels: 1, filters: 1, kernel: (1, 1)),
            Convolution(height: 2, width: 2, channels: 1, filters: 3, kernel: (3, 3), padding: "same"),
            Convolution(height: 2, width: 2, channels: 1, filters: 3, kernel: (3, 3)),
            Convolution(height: 8, width: 8, channels: 1, filters: 16, kernel: (3, 3), stride: 2, padding: "same"),
            Convolution(height: 8, width: 8, channels: 1, filters: 16, kernel: (3, 3), stride: 0),
            Convolution(height: 8, width: 8, channels: 1, filters: 0, kernel: (3, 3)),
            Convolution(height: 8, width: 8, channels: 1, filters: 16, kernel: (3, 3), padding: "full"),
        ]
        return compare(inputs.map { ("\($0)", $0) }, attempt: { c in
            try attempt(c.height, c.width, c.channels, c.filters, c.kernel, c.stride, c.padding)
        }, reference: { try $0.referenceShape() }, same: { $0 == $1 },
           show: { "(height: \($0.height), width: \($0.width), channels: \($0.channels))" })
    }

    static func cost(_ attempt: (Int, Int, Int, Int, (height: Int, width: Int), String) throws
                        -> (parameters: Int, multiplyAdds: Int)) -> Verdict {
        let inputs = [
            Convolution(height: 8, width: 8, channels: 1, filters: 16, kernel: (3, 3), padding: "same"),
            Convolution(height: 8, width: 8, channels: 1, filters: 32, kernel: (3, 3)),
            Convolution(height: 28, width: 28, channels: 1, filters: 32, kernel: (3, 3)),
            Convolution(height: 32, width: 32, channels: 3, filters: 64, kernel: (3, 3), padding: "same"),
            Convolution(height: 4, width: 4, channels: 16, filters: 10, kernel: (1, 1)),
            Convolution(height: 10, width: 7, channels: 2, filters: 6, kernel: (5, 3)),
            Convolution(height: 2, width: 2, channels: 1, filters: 3, kernel: (3, 3)),
            Convolution(height: 8, width: 8, channels: 1, filters: 0, kernel: (3, 3)),
        ]
        return compare(inputs.map { ("\($0)", $0) }, attempt: { c in
            try attempt(c.height, c.width, c.channels, c.filters, c.kernel, c.padding)
        }, reference: { try $0.referenceCost() }, same: { $0 == $1 },
           show: { "(parameters: \($0.parameters), multiplyAdds: \($0.multiplyAdds))" })
    }

    static func gradients(_ attempt: ([Double], [Double]) throws -> (squared: [Double], absolute: [Double])) -> Verdict {
        let inputs: [(label: String, input: (a: [Double], y: [Double]))] = [
            ("predictions [150, 200, 346], targets [140, 210, 3460] (step 4's typo)",
             ([150, 200, 346], [140, 210, 3460])),
            ("predictions [1], targets [2]", ([1], [2])),
            ("predictions [5, 7], targets [5, 6] (one exact)", ([5, 7], [5, 6])),
            ("predictions [-0.5, 0.25, 3, -2], targets [0.5, 0.25, -1, -2.5]", ([-0.5, 0.25, 3, -2], [0.5, 0.25, -1, -2.5])),
            ("no predictions", ([], [])),
            ("predictions [1, 2], targets [1]", ([1, 2], [1])),
        ]
        return compare(inputs, attempt: { try attempt($0.a, $0.y) }, reference: { input in
            // Refuse here what Loss would trap on (different lengths) or divide by 0 for.
            guard !input.a.isEmpty, input.a.count == input.y.count else { throw InvalidInput("refused") }
            let a = Matrix(rows: input.a.count, columns: 1, elements: input.a)
            let y = Matrix(rows: input.y.count, columns: 1, elements: input.y)
            var squared = Matrix(rows: 0, columns: 0), absolute = Matrix(rows: 0, columns: 0)
            Loss.meanSquaredError.gradient(prediction: a, target: y, into: &squared)
            Loss.meanAbsoluteError.gradient(prediction: a, target: y, into: &absolute)
            return (squared.elements, absolute.elements)
        }, same: { close($0.squared, $1.squared) && close($0.absolute, $1.absolute) },
           show: { "(squared: \(show($0.squared)), absolute: \(show($0.absolute)))" })
    }
}
