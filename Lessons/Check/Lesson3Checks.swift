// Lesson3Checks.swift: the grid exercises (Lessons/Exercises/Lesson3.swift), checked
// against HyperSearch's GridSearch and GridCost.

import Exercises
import HyperSearch
import Solutions

enum Lesson3Checks {
    static let all: [ExerciseCheck] = [
        ExerciseCheck(id: "3.1", title: "gridSize: a grid's number of configurations",
                      hint: "multiply the axis lengths; refuse an empty grid, an empty axis, and overflow "
                          + "(multipliedReportingOverflow(by:) says when the product does not fit)") { source in
            gridSize(source == .student ? Exercises.gridSize : Solutions.gridSize)
        },
        ExerciseCheck(id: "3.2", title: "gridCost: trainings, epochs and examples before running",
                      hint: "trainings = configurations x folds; each epoch passes over a fold's training rows, "
                          + "and over k folds those add up to (k - 1) x rows") { source in
            gridCost(source == .student ? Exercises.gridCost : Solutions.gridCost)
        },
        ExerciseCheck(id: "3.3", title: "gridCoordinates: the values of configuration k",
                      hint: "the last axis changes fastest: its position is index % (its length); divide by "
                          + "that length and repeat for the axis before it") { source in
            gridCoordinates(source == .student ? Exercises.gridCoordinates : Solutions.gridCoordinates)
        },
    ]

    /// Axes of n values each, for building reference grids.
    static func axes(_ valuesPerAxis: [Int]) -> [GridAxis] {
        valuesPerAxis.enumerated().map { axis, count in .values("x\(axis)", (0..<count).map(Double.init)) }
    }

    static func gridSize(_ attempt: ([Int]) throws -> Int) -> Verdict {
        let cases: [(label: String, input: [Int])] = [
            ("the article's grid [3, 3]", [3, 3]), ("the second article's grid [3, 3, 3]", [3, 3, 3]),
            ("one axis [7]", [7]), ("[2, 5, 1, 4]", [2, 5, 1, 4]), ("an axis of one value [1, 1]", [1, 1]),
            ("no axes []", []), ("an empty axis [3, 0]", [3, 0]),
            ("20 axes of 10 values (10^20 > Int.max)", Array(repeating: 10, count: 20)),
        ]
        return compare(cases.map { ($0.label, $0.input) }, attempt: attempt, reference: { counts in
            // The library refuses an empty grid, an empty axis and an oversized grid.
            guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 }) else {
                throw SearchError.invalidArgument("a grid needs at least one axis, each with at least one value")
            }
            var size = 1
            for c in counts {
                let (p, overflow) = size.multipliedReportingOverflow(by: c)
                guard !overflow else {
                    throw SearchError.invalidArgument("the grid has more configurations than an Int can count")
                }
                size = p
            }
            // Below the overflow the grid itself must agree.
            let grid = try GridSearch(axes(counts), limit: .max)
            precondition(grid.size == size, "GridSearch.size disagrees with the product")
            return grid.size
        }, same: ==, show: { "\($0)" })
    }

    static func gridCost(_ attempt: (Int, Int, Int, Int) throws -> (trainings: Int, epochs: Int, examples: Int)) -> Verdict {
        typealias Input = (configurations: Int, folds: Int, epochs: Int, rows: Int)
        let inputs: [Input] = [(9, 5, 100, 614), (27, 5, 20, 614), (9, 3, 30, 614), (1, 2, 1, 2), (12, 10, 7, 1_001),
                               (0, 5, 100, 614), (9, 1, 100, 614), (9, 5, 0, 614), (9, 5, 100, 4)]
        let cases = inputs.map { input in
            ("\(input.configurations) configurations, \(input.folds) folds, \(input.epochs) epochs, \(input.rows) rows", input)
        }
        return compare(cases, attempt: { try attempt($0.configurations, $0.folds, $0.epochs, $0.rows) }, reference: { input in
            let cost = try GridCost.of(configurations: input.configurations, folds: input.folds,
                                       epochsPerTraining: input.epochs, rows: input.rows)
            return (cost.trainings, cost.epochs, cost.examples)
        }, same: { $0 == $1 }, show: { "(trainings: \($0.trainings), epochs: \($0.epochs), examples: \($0.examples))" })
    }

    static func gridCoordinates(_ attempt: (Int, [Int]) throws -> [Int]) -> Verdict {
        let inputs: [(index: Int, counts: [Int])] = [(0, [3, 3]), (3, [3, 2]), (5, [3, 2]), (5, [2, 3, 4]), (23, [2, 3, 4]),
                                                     (13, [3, 3, 3]), (4, [5]), (6, [3, 2]), (-1, [3, 2])]
        let cases = inputs.map { ("index \($0.index) of \($0.counts)", $0) }
        return compare(cases, attempt: { try attempt($0.index, $0.counts) }, reference: { input in
            // Read the positions back from the configuration GridSearch itself builds.
            let grid = try GridSearch(axes(input.counts), limit: .max)
            guard (0..<grid.size).contains(input.index) else {
                throw SearchError.invalidArgument("index \(input.index) is outside the grid")
            }
            let configuration = grid.configuration(at: input.index)
            return try grid.axes.map { axis in
                let value = try configuration.double(axis.name)
                return axis.values.firstIndex { $0.number == value } ?? -1
            }
        }, same: ==, show: { "\($0)" })
    }
}
