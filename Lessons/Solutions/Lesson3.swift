// Lesson 3: the teacher's solutions (`swift run Check 3 --solutions` grades them).

import Exercises

public func gridSize(valuesPerAxis: [Int]) throws -> Int {
    guard !valuesPerAxis.isEmpty else { throw InvalidInput("a grid needs at least one axis") }
    var size = 1
    for count in valuesPerAxis {
        guard count >= 1 else { throw InvalidInput("an axis needs at least one value, got \(count)") }
        let (product, overflow) = size.multipliedReportingOverflow(by: count)
        guard !overflow else { throw InvalidInput("the grid has more configurations than an Int can count") }
        size = product
    }
    return size
}

public func gridCost(configurations: Int, folds: Int, epochsPerTraining: Int,
                     rows: Int) throws -> (trainings: Int, epochs: Int, examples: Int) {
    guard configurations >= 1, folds >= 2, epochsPerTraining >= 1, rows >= folds else {
        throw InvalidInput("need configurations >= 1, folds >= 2, epochs >= 1 and rows >= folds")
    }
    let trainings = configurations * folds
    return (trainings, trainings * epochsPerTraining, configurations * epochsPerTraining * (folds - 1) * rows)
}

public func gridCoordinates(index: Int, valuesPerAxis: [Int]) throws -> [Int] {
    let size = try gridSize(valuesPerAxis: valuesPerAxis)
    guard (0..<size).contains(index) else { throw InvalidInput("index \(index) is outside 0..<\(size)") }
    // Peel digits off from the last (fastest) axis: the remainder is its position.
    var rest = index
    var digits = [Int](repeating: 0, count: valuesPerAxis.count)
    for axis in valuesPerAxis.indices.reversed() {
        digits[axis] = rest % valuesPerAxis[axis]
        rest /= valuesPerAxis[axis]
    }
    return digits
}
