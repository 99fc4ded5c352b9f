// Studies that survive interruptions: a search killed in the middle (between trials, and
// while writing a line) resumes to exactly the uninterrupted result with no trial lost
// or run twice; mismatched resumes, replays that diverge and damaged files are refused
// with clear messages; numbers round-trip bit for bit; the CSV follows RFC 4180.

import Foundation
import Testing
import LabData
import LabMath
@testable import HyperSearch

/// Counts objective calls (a class: the objective's closure and the test share it).
final class CallCounter: @unchecked Sendable {
    var calls = 0
}

@Suite("Study files")
struct StudyTests {
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("tuninglab-study-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// A fresh path for one test.
    func file(_ name: String) -> URL {
        let url = StudyTests.folder.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: url)
        return url
    }

    /// Names with a comma and quotes, to test the JSON and the CSV quoting.
    let space = try! SearchSpace([.real("x", low: -5, high: 10), .real("y", low: 0, high: 15),
                                  .integer("epochs", low: 1, high: 9),
                                  .categorical("act", names: ["relu, leaky", "tanh \"scaled\"", "gelu"])])

    /// Branin over 3 folds (each fold adds a small offset), with fold scores and a cost;
    /// right of x = 8.5 the "training" diverges.
    func objective(_ counter: CallCounter) -> Objective {
        let cv = CrossValidation(folds: [Fold(trainIndices: [1, 2], validationIndices: [0]),
                                         Fold(trainIndices: [0, 2], validationIndices: [1]),
                                         Fold(trainIndices: [0, 1], validationIndices: [2])])
        let inner = cv.objective(name: "branin over 3 folds", direction: .minimize) { c, fold in
            let x = try c.double("x"), y = try c.double("y"), epochs = try c.integer("epochs")
            if x > 8.5 { return .diverged("loss was NaN at epoch 2, \"exploded\"") }
            let offset = Double(fold.validationIndices[0]) / 7 + (try c.text("act") == "gelu" ? 0 : 0.5)
            return Evaluation(outcome: .score(TestFunctions.branin(x, y) + offset),
                              cost: SearchCost(epochs: epochs, updates: 10 * epochs, evaluations: 1))
        }
        return Objective(name: inner.name, direction: .minimize) { c in
            counter.calls += 1
            return inner.evaluate(c)
        }
    }

    func tpe(startup: Int = 5) -> (UInt64) throws -> any Searcher {
        { [space] seed in
            var settings = TPESettings()
            settings.startupTrials = startup
            return try TreeParzenEstimator(space: space, direction: .minimize, seed: seed, settings: settings)
        }
    }

    func study(_ url: URL, _ counter: CallCounter, budget: Int = 25, seed: UInt64 = 11, startup: Int = 5) throws -> Study {
        try Study(file: url, space: space, seed: seed, objective: objective(counter), budget: .trials(budget),
                  makeSearcher: tpe(startup: startup))
    }

    /// The lines of a file (without their newlines).
    func lines(_ url: URL) throws -> [String] {
        String(decoding: try Data(contentsOf: url), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The heart of it. Run A: 25 trials without interruption. Run B: 9 trials, then the
    /// program "dies" while writing trial 10 (half of its line reaches the file, no
    /// newline). Reopening B cuts the half line off, replays 9 trials without calling the
    /// objective, and runs exactly the 16 missing ones. B's result and file equal A's.
    @Test func resumesAfterAKillWithoutLosingOrRepeatingATrial() throws {
        let a = file("uninterrupted.jsonl"), b = file("interrupted.jsonl")
        let countA = CallCounter()
        var studyA = try study(a, countA)
        #expect(studyA.resumption.isNew)
        let resultA = try studyA.run()
        #expect(countA.calls == 25 && resultA.trials.count == 25)
        #expect(resultA.trials.contains { $0.score == nil }, "the test should include diverged trials")

        let countB = CallCounter()
        do {
            var first = try study(b, countB)
            for _ in 1...9 { _ = try first.step() }
        }
        #expect(try lines(b).count == 10)
        // The 10th trial ran and half of its line was written when the program died.
        let line10 = try lines(a)[10]
        let half = String(line10.prefix(line10.count / 2))
        let handle = try FileHandle(forWritingTo: b)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(half.utf8))
        try handle.close()

        let resumedCount = CallCounter()
        var resumed = try study(b, resumedCount)
        #expect(resumed.resumption.replayedTrials == 9 && resumed.resumption.droppedPartialLine == half)
        #expect(resumed.resumption.description.contains("its last line was incomplete"))
        #expect(resumedCount.calls == 0, "replaying must not call the objective")
        let resultB = try resumed.run()
        #expect(resumedCount.calls == 16, "only the 16 trials not in the file run")
        #expect(resultB.trials == resultA.trials)
        #expect(resultB.trajectory == resultA.trajectory)
        #expect(resultB.best == resultA.best && resultB.stopReason == resultA.stopReason)
        #expect(try Data(contentsOf: b) == Data(contentsOf: a))
        let numbers = try lines(b).dropFirst().map { try JSONDecoder().decode(TrialRecord.self, from: Data($0.utf8)).trial }
        #expect(numbers == Array(1...25))
    }

    /// Killed between two trials (no partial line), then resumed with a larger budget:
    /// the study extends to 30 trials, still equal to a 30-trial run from scratch.
    @Test func resumesBetweenTrialsAndExtends() throws {
        let a = file("thirty.jsonl"), b = file("extended.jsonl")
        var full = try study(a, CallCounter(), budget: 30)
        let resultA = try full.run()
        do { var s = try study(b, CallCounter(), budget: 25); _ = try s.run() }
        let counter = CallCounter()
        var extended = try study(b, counter, budget: 30)
        #expect(extended.resumption == StudyResumption(isNew: false, replayedTrials: 25, droppedPartialLine: nil, restartedHeader: false))
        #expect(try extended.run().trials == resultA.trials)
        #expect(counter.calls == 5)
    }

    @Test func refusesADifferentSearch() throws {
        let url = file("mismatch.jsonl")
        do { var s = try study(url, CallCounter(), budget: 9); _ = try s.run() }
        let before = try Data(contentsOf: url)
        #expect(throws: StudyError.self) { try study(url, CallCounter(), seed: 12) }
        do {
            _ = try study(url, CallCounter(), seed: 12)
        } catch {
            #expect("\(error)".contains("seed: 11 in the file, 12 now"))
        }
        do {
            _ = try Study(file: url, space: space, seed: 11, objective: objective(CallCounter()), budget: .trials(9)) { seed in
                try RandomSearch(space: space, iterations: 9, seed: seed)
            }
            Issue.record("a random search must not resume a TPE study")
        } catch {
            #expect("\(error)".contains("searcher: TPE in the file, random search now"))
        }
        // Same name and seed, other settings: the header matches, the replay does not.
        do {
            _ = try study(url, CallCounter(), startup: 3)
            Issue.record("a replay that proposes other configurations must be refused")
        } catch let StudyError.replayMismatch(_, trial, _, _, _) {
            #expect(trial == 4)
        }
        #expect(throws: StudyError.budgetTooSmall(file: url.path, recorded: 9, stopReason: "the budget of 5 trials is spent")) {
            try study(url, CallCounter(), budget: 5)
        }
        #expect(try Data(contentsOf: url) == before, "a refused resume leaves the file alone")
    }

    @Test func reportsDamagedFiles() throws {
        let url = file("damaged.jsonl")
        do { var s = try study(url, CallCounter(), budget: 6); _ = try s.run() }
        var text = try lines(url)
        text[3] = "{\"trial\": 3, oops"
        try Data((text.joined(separator: "\n") + "\n").utf8).write(to: url)
        #expect(throws: StudyError.malformedLine(file: url.path, line: 4, reason: "not a trial record: not valid JSON")) {
            try study(url, CallCounter())
        }
        text = try lines(url)
        text.remove(at: 3)
        try Data((text.joined(separator: "\n") + "\n").utf8).write(to: url)
        #expect(throws: StudyError.malformedLine(file: url.path, line: 4,
                                                 reason: "trial numbers must count up from 1: expected 3, found 4")) {
            try study(url, CallCounter())
        }
        // Someone's text file is never overwritten.
        let notes = file("notes.txt")
        try Data("hello\nworld\n".utf8).write(to: notes)
        #expect(throws: StudyError.self) { try study(notes, CallCounter()) }
        try Data("hello".utf8).write(to: notes)
        #expect(throws: StudyError.notAStudy(file: notes.path, reason: "it has no complete first line")) {
            try study(notes, CallCounter())
        }
        #expect(try Data(contentsOf: notes) == Data("hello".utf8))
        // A header cut short at the very start of a run is rewritten.
        let fresh = file("fresh.jsonl")
        do { _ = try study(fresh, CallCounter(), budget: 1) }
        let header = try lines(fresh)[0]
        try Data(header.prefix(20).utf8).write(to: fresh)
        let restarted = try study(fresh, CallCounter())
        #expect(restarted.resumption.isNew && restarted.resumption.restartedHeader)
        #expect(try lines(fresh) == [header])
    }

    /// Shortest round-trip digits out, exact parsing in: every bit survives, including
    /// -0, the smallest subnormal, the largest double and 0.1 + 0.2.
    @Test func numbersRoundTripExactly() throws {
        var rng = SeededGenerator(seed: 99)
        var values: [Double] = [-0.0, 5e-324, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0.1 + 0.2, 1e-308, 2.5e-16]
        while values.count < 3000 {
            let x = Double(bitPattern: rng.nextUInt64())
            if x.isFinite { values.append(x) }
        }
        let names = ["a", "b"]
        for start in stride(from: 0, to: values.count - 3, by: 3) {
            let trial = Trial(number: 1, configuration: Configuration(checkedNames: names, values: [.number(values[start]), .name("b\"\n\\")]),
                              evaluation: Evaluation(outcome: .score(values[start + 1]), cost: SearchCost(epochs: 1),
                                                     foldScores: [values[start + 2]]))
            let line = try StudyFile.line(TrialRecord(trial))
            let back = try JSONDecoder().decode(TrialRecord.self, from: line)
                .trial(in: [.real("a", low: -1, high: 1), .categorical("b", names: ["x"])])
            #expect(back.configuration.values[0].number!.bitPattern == values[start].bitPattern)
            #expect(back.configuration.values[1] == .name("b\"\n\\"))
            #expect(back.score!.bitPattern == values[start + 1].bitPattern)
            #expect(back.evaluation.foldScores![0].bitPattern == values[start + 2].bitPattern)
        }
    }

    /// RFC 4180: a header row, CRLF line ends, fields with a comma, quote or line break in
    /// double quotes with inner quotes doubled; exact numbers; fold columns.
    @Test func exportsCSVThatASpreadsheetOpens() throws {
        let names = ["lr", "act"]
        let trials = [
            Trial(number: 1, configuration: Configuration(checkedNames: names, values: [.number(0.001), .name("relu, leaky")]),
                  evaluation: Evaluation(outcome: .score(0.1 + 0.2), cost: SearchCost(epochs: 20, updates: 600, evaluations: 2),
                                         foldScores: [0.25, 0.35000000000000003])),
            Trial(number: 2, configuration: Configuration(checkedNames: names, values: [.number(3), .name("tanh \"scaled\"")]),
                  evaluation: Evaluation(outcome: .diverged("loss \"exploded\",\nthen NaN"), cost: SearchCost(epochs: 2))),
        ]
        let csv = StudyCSV.text(trials)
        #expect(csv == "trial,lr,act,status,score,reason,epochs,updates,evaluations,fold_1,fold_2\r\n"
            + "1,0.001,\"relu, leaky\",ok,0.30000000000000004,,20,600,2,0.25,0.35000000000000003\r\n"
            + "2,3,\"tanh \"\"scaled\"\"\",diverged,,\"loss \"\"exploded\"\",\nthen NaN\",2,0,1,,\r\n")
        // From a study file: one row per trial, the same rows as from the result.
        let url = file("export.jsonl"), out = file("export.csv")
        var s = try study(url, CallCounter(), budget: 8)
        let result = try s.run()
        try StudyCSV.export(studyFile: url, to: out)
        #expect(try String(decoding: Data(contentsOf: out), as: UTF8.self) == StudyCSV.text(result.trials))
        #expect(StudyCSV.text(result.trials).components(separatedBy: "\r\n").count == 10)   // header, 8 rows, ""
    }
}
