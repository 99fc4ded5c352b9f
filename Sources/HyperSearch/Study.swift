// Study.swift
//
// What this file teaches: how to keep a long search safe from interruptions (a closed
// laptop, Ctrl-C, a killed job). A *study* writes each trial to a file the moment it
// ends, one JSON line per trial (StudyRecord.swift), and asks the operating system to
// put it on disk before the next trial starts. After an interruption, opening the same
// file resumes the search:
//
//   1. The header is compared with the search you are starting now (searcher, seed,
//      objective, direction, space). A different search is refused with the list of
//      differences: mixing two searches in one file would make both meaningless.
//   2. A last line without its newline is a trial that was being written when the
//      program died. The newline is the commit mark: that line is cut off (and the
//      study says so), and that trial simply runs again.
//   3. The searcher is rebuilt from its seed and every recorded trial is *replayed*:
//      the searcher proposes, the recorded result is handed back instead of training
//      again, and the searcher learns from it exactly as the first time. All searchers
//      here are deterministic, so each proposal must equal the recorded configuration;
//      if one does not (the searcher or its settings changed), the study stops with a
//      clear error instead of continuing a different search.
//
// After replaying, searcher, trials, incumbent and trajectory are bit for bit those of
// the interrupted run, so the finished study equals one that was never interrupted: no
// trial lost, none repeated.

import Foundation
import LabMath

/// A search that is saved to a JSON Lines file as it runs and resumes from it.
///
/// ```swift
/// var study = try Study(file: URL(fileURLWithPath: "tpe-branin.jsonl"), space: space, seed: 42,
///                       objective: objective, budget: .trials(60)) { seed in
///     try TreeParzenEstimator(space: space, direction: .minimize, seed: seed)
/// }
/// print(study.resumption)          // "new study file ..." or "resumed: 17 trials replayed ..."
/// let result = try study.run()
/// try StudyCSV.export(studyFile: study.file, to: URL(fileURLWithPath: "tpe-branin.csv"))
/// ```
public struct Study {
    public let file: URL
    public let header: StudyHeader
    /// The tuner, after replaying the file (its trials include the replayed ones).
    public private(set) var tuner: Tuner
    /// What opening the file found.
    public let resumption: StudyResumption
    private let handle: FileHandle

    /// Opens `file`, creating it when it does not exist (or is empty), resuming from it
    /// otherwise.
    ///
    /// - Parameters:
    ///   - space: the search space (written to the header; used to read the trials back).
    ///   - seed: the seed `makeSearcher` is called with, recorded in the header.
    ///   - budget: the budget of the whole study, replayed trials included (a larger
    ///     budget than last time extends the study).
    ///   - makeSearcher: builds the searcher from the seed, the same way every time.
    /// - Throws: `StudyError` for a file that is not a study, a malformed line, a header
    ///   that does not match, a replay that diverges from the record, a budget smaller
    ///   than the recorded trials, or a file that cannot be written.
    public init(file: URL, space: SearchSpace, seed: UInt64, objective: Objective, budget: SearchBudget,
                makeSearcher: (UInt64) throws -> any Searcher) throws {
        let searcher = try makeSearcher(seed)
        let header = StudyHeader(searcher: searcher.name, seed: seed, objective: objective.name,
                                 direction: objective.direction, space: space)
        let path = file.path
        let headerLine: Data
        do { headerLine = try StudyFile.line(header) } catch { throw StudyError.io(file: path, reason: "\(error)") }
        var contents: StudyContents?
        let state = try StudyFile.state(of: file, expectedHeaderLine: headerLine)
        if case let .study(found) = state {
            let differences = found.header.differences(from: header)
            guard differences.isEmpty else { throw StudyError.mismatchedHeader(file: path, differences: differences) }
            contents = found
        }
        let records = contents?.trials ?? []
        // The objective the tuner calls: recorded results first, then the real objective.
        let replay = ReplayQueue(records)
        let replaying = Objective(name: objective.name, direction: objective.direction) { configuration in
            replay.next(configuration) ?? objective.evaluate(configuration)
        }
        var tuner = try Tuner(searcher: searcher, objective: replaying, budget: budget)
        for record in records {
            guard try tuner.step() != nil else {
                throw StudyError.budgetTooSmall(file: path, recorded: records.count, stopReason: tuner.result().stopReason)
            }
            if let proposed = replay.mismatch {
                throw StudyError.replayMismatch(file: path, trial: record.number, recorded: record.configuration.description,
                                                proposed: proposed.description, searcher: "\(header.searcher) (seed \(seed))")
            }
        }
        do {
            // A new study (or one whose header was never finished): the header alone.
            if contents == nil { try headerLine.write(to: file) }
            handle = try FileHandle(forWritingTo: file)
            // The newline is the commit mark: cut off a line the last run did not finish.
            if let contents, contents.droppedPartialLine != nil { try handle.truncate(atOffset: UInt64(contents.completeBytes)) }
            try handle.seekToEnd()
        } catch {
            throw StudyError.io(file: path, reason: "\(error)")
        }
        var restartedHeader = false
        if case .incompleteHeader = state { restartedHeader = true }
        self.file = file
        self.header = header
        self.tuner = tuner
        self.resumption = StudyResumption(isNew: contents == nil, replayedTrials: records.count,
                                          droppedPartialLine: contents?.droppedPartialLine, restartedHeader: restartedHeader)
    }

    /// Runs one more trial and appends it to the file (written and flushed to disk before
    /// this returns), or returns nil when the search is over.
    public mutating func step() throws -> Trial? {
        guard let trial = try tuner.step() else { return nil }
        let names = header.space.map(\.name)
        guard trial.configuration.names == names else {
            throw StudyError.io(file: file.path, reason: "trial \(trial.number) sets \(trial.configuration.names.joined(separator: ", ")) "
                                + "but the study's space has \(names.joined(separator: ", ")); it was not saved")
        }
        do {
            try handle.write(contentsOf: try StudyFile.line(TrialRecord(trial)))
            // Ask the operating system to put it on the disk now, not when convenient.
            try handle.synchronize()
        } catch {
            throw StudyError.io(file: file.path, reason: "trial \(trial.number) ran but could not be saved: \(error)")
        }
        return trial
    }

    /// Runs trials until the search is over, calling `onTrial` after each new one.
    public mutating func run(onTrial: ((Trial, TrajectoryPoint) -> Void)? = nil) throws -> SearchResult {
        while let trial = try step() {
            onTrial?(trial, tuner.trajectory.last!)
        }
        return tuner.result()
    }

    /// The search so far, replayed trials included.
    public func result() -> SearchResult { tuner.result() }
}

/// What opening a study file found.
public struct StudyResumption: Sendable, Equatable, CustomStringConvertible {
    /// True when the file was created (or was empty).
    public let isNew: Bool
    /// Trials read from the file and replayed through the searcher.
    public let replayedTrials: Int
    /// The incomplete last line that was cut off, if the last run died while writing it.
    public let droppedPartialLine: String?
    /// True when an incomplete header (a run that died at its very start) was rewritten.
    public let restartedHeader: Bool

    public var description: String {
        if isNew { return restartedHeader ? "new study file (an incomplete header was rewritten)" : "new study file" }
        var text = "resumed: \(replayedTrials) trial\(replayedTrials == 1 ? "" : "s") replayed from the file"
        if let droppedPartialLine {
            text += "; its last line was incomplete (\(droppedPartialLine.utf8.count) bytes, the run stopped while "
                + "writing trial \(replayedTrials + 1)), so it was cut off and that trial runs again"
        }
        return text
    }
}

/// Mistakes found in, or while writing, a study file.
public enum StudyError: Error, Equatable, CustomStringConvertible {
    case notAStudy(file: String, reason: String)
    case malformedLine(file: String, line: Int, reason: String)
    case mismatchedHeader(file: String, differences: [String])
    case replayMismatch(file: String, trial: Int, recorded: String, proposed: String, searcher: String)
    case budgetTooSmall(file: String, recorded: Int, stopReason: String)
    case io(file: String, reason: String)

    public var description: String {
        switch self {
        case let .notAStudy(file, reason):
            return "\(file) is not a TuningLab study file: \(reason); nothing was changed"
        case let .malformedLine(file, line, reason):
            return "\(file), line \(line): \(reason)"
        case let .mismatchedHeader(file, differences):
            return "\(file) holds a different search (\(differences.joined(separator: "; "))); "
                + "resume it with the same settings, or start a new file"
        case let .replayMismatch(file, trial, recorded, proposed, searcher):
            return "\(file), trial \(trial): the file records \(recorded) but \(searcher) now proposes \(proposed); "
                + "the searcher or its settings changed since the file was written"
        case let .budgetTooSmall(file, recorded, stopReason):
            return "\(file) holds \(recorded) trials, but the search stops before replaying them all (\(stopReason)); "
                + "give a budget of at least \(recorded) trials"
        case let .io(file, reason):
            return "\(file): \(reason)"
        }
    }
}

/// Hands the tuner the recorded evaluations, in order, and notes the first proposal that
/// differs from its record. (A class: the objective's closure and the study share it.)
final class ReplayQueue {
    private var records: [Trial]
    private var position = 0
    private(set) var mismatch: Configuration?

    init(_ records: [Trial]) { self.records = records }

    /// The recorded evaluation for the next trial, or nil once the record is used up.
    func next(_ proposed: Configuration) -> Evaluation? {
        guard position < records.count else { return nil }
        let record = records[position]
        position += 1
        if proposed != record.configuration, mismatch == nil { mismatch = proposed }
        return record.evaluation
    }
}
