// Code cells come from the lesson's own source: the marked lines, flush left, and a
// clear problem when a marker is missing. Every lesson's cells must fit the 80-column
// frame the lessons print them in.

import Foundation
import Testing
@testable import LessonKit

@Suite("Code cells")
struct CodeCellTests {
    let source = """
        lesson.run {
            // cell: grid
            let grid = try GridSearch(axes, limit: 100)
            for x in grid {
                print(x)
            }
            // end cell
            // cell: open
            let y = 1
        }
        """

    @Test func aCellIsTheMarkedLinesWithTheirCommonIndentationRemoved() throws {
        let lines = try CodeCell.lines(named: "grid", in: source, path: "main.swift")
        #expect(lines == ["let grid = try GridSearch(axes, limit: 100)", "for x in grid {", "    print(x)", "}"])
        #expect(CodeCell.names(in: source) == ["grid", "open"])
    }

    @Test func missingAndUnterminatedCellsAreNamed() {
        #expect(throws: CodeCell.Problem.missing(name: "nope", path: "main.swift")) {
            try CodeCell.lines(named: "nope", in: source, path: "main.swift")
        }
        #expect(throws: CodeCell.Problem.unterminated(name: "open", path: "main.swift")) {
            try CodeCell.lines(named: "open", in: source, path: "main.swift")
        }
    }

    /// Every cell a lesson shows exists in the file that shows it (`code(cell:)` reads
    /// the file it is called in: main.swift, or a step file of the lesson's room), every
    /// marked cell is shown from its own file, and every line fits the frame "  | " + 76
    /// characters.
    @Test func everyLessonsCellsExistAndFitEightyColumns() throws {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons")
        var checkedFiles = 0
        for folder in try FileManager.default.contentsOfDirectory(atPath: lessons.path).sorted()
            where folder.hasPrefix("Lesson") {
            let room = lessons.appendingPathComponent(folder)
            for file in try FileManager.default.contentsOfDirectory(atPath: room.path).sorted()
                where file.hasSuffix(".swift") {
                let path = room.appendingPathComponent(file).path
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let shown = text.components(separatedBy: "lesson.code(cell: \"").dropFirst()
                    .map { String($0.prefix { $0 != "\"" }) }
                for name in CodeCell.names(in: text) {
                    #expect(shown.contains(name), "\(folder)/\(file): cell '\(name)' is marked but never shown")
                    for line in try CodeCell.lines(named: name, in: text, path: path) {
                        #expect(line.count <= Prose.width - 2,
                                "\(folder)/\(file) cell '\(name)': \(line.count) columns: \(line)")
                    }
                }
                for name in shown {
                    #expect(CodeCell.names(in: text).contains(name), "\(folder)/\(file): no cell '\(name)'")
                }
                if !shown.isEmpty { checkedFiles += 1 }
            }
        }
        // Every lesson's main.swift shows cells, and Lesson 4's DefaultsSteps.swift too.
        #expect(checkedFiles >= 8)
    }
}

@Suite("Rerun flags")
struct RerunFlagsTests {
    let options = [LessonOption("folds", placeholder: "K", kind: .integer(2...10), help: "folds"),
                   LessonOption("axis", placeholder: "A", kind: .text, help: "axis")]

    func lesson(_ commandLine: [String]) throws -> Lesson {
        guard case let .run(arguments) = LessonArguments.parse(commandLine, options: options, usesData: true) else {
            throw CodeCell.Problem.unreadable(path: "command line")
        }
        return Lesson(program: "LessonX", arguments: arguments, options: options)
    }

    /// An exercise's command repeats this run's flags, the lesson's own options included
    /// (in --help order), except those the exercise sets itself, so nothing is named twice.
    @Test func theLessonsOwnOptionsAreCarriedUnlessTheExerciseSetsThem() throws {
        let run = try lesson(["--axis", "hiddenUnits=5,10", "--quick", "--folds", "10", "--data", "my data.csv"])
        #expect(run.rerunFlags == " --quick --data 'my data.csv' --folds 10 --axis hiddenUnits=5,10")
        #expect(run.rerunFlags(changing: ["folds"]) == " --quick --data 'my data.csv' --axis hiddenUnits=5,10")
        #expect(try lesson(["--seed", "7"]).rerunFlags(withSeed: false) == "")
        #expect(try lesson([]).rerunFlags == "")
    }
}
