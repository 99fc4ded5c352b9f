// TuningJournal.swift
//
// What this file teaches: keep a lab notebook. Manual tuning goes wrong when trials are
// remembered instead of written down: the journal lists every trial with its settings,
// its validation score and how it ended, and picks the best one by a rule stated in
// advance.

import LessonKit
import TextCharts
import TrainingEngine

/// Every trial of a manual tuning session, in the order they were run.
struct TuningJournal {
    private(set) var entries: [TrialResult] = []

    init() {}

    mutating func record(_ trial: TrialResult) { entries.append(trial) }

    /// Trials that ended with a validation score (not diverged): the candidates for best.
    var scoredCount: Int { entries.filter { $0.run.outcome.isUsable }.count }

    /// The best usable trial: highest validation accuracy, ties broken by lower
    /// validation loss, then by the earlier trial. Diverged trials never win.
    var best: TrialResult? { best(excluding: []) }

    /// `best` among the trials whose label is not in `excluded` (the lesson's own
    /// rows, say, leaving out the student's trial).
    func best(excluding excluded: [String]) -> TrialResult? {
        var best: TrialResult?
        for trial in entries where trial.run.outcome.isUsable && !excluded.contains(trial.label) {
            guard let current = best else { best = trial; continue }
            if TuningJournal.isBetter(trial, than: current) { best = trial }
        }
        return best
    }

    /// The journal's rule: `a` beats `b` when its validation accuracy is higher, or
    /// equal with a lower validation loss. A diverged trial beats nothing, and every
    /// usable trial beats a diverged one.
    static func isBetter(_ a: TrialResult, than b: TrialResult) -> Bool {
        guard a.run.outcome.isUsable else { return false }
        guard b.run.outcome.isUsable else { return true }
        return a.validationAccuracy > b.validationAccuracy
            || (a.validationAccuracy == b.validationAccuracy && a.validationLoss < b.validationLoss)
    }

    /// What a trial must score to beat `trial` by the rule, in words: "a val acc above
    /// 0.779, or equal to it with a val loss below 0.4775", or, when `trial` already
    /// has a perfect accuracy, "a val acc of 1.000 too (none can be higher) with a val
    /// loss below 0.0209".
    static func scoreToBeat(_ trial: TrialResult) -> String {
        let accuracy = Format.fixed(trial.validationAccuracy, 3), loss = Format.fixed(trial.validationLoss, 4)
        return trial.validationAccuracy >= 1
            ? "a val acc of \(accuracy) too (none can be higher) with a val loss below \(loss)"
            : "a val acc above \(accuracy), or equal to it with a val loss below \(loss)"
    }

    /// The journal as an aligned table; the best trial is marked with '*'.
    func render() -> String {
        var table = Table(columns: [.init("trial", alignment: .left), .init("lr"), .init("batch"), .init("epochs"),
                                    .init("units"), .init("val loss"), .init("val acc"), .init("outcome", alignment: .left)])
        let best = self.best.map { ObjectIdentifier($0.model) }
        for t in entries {
            table.addRow([(ObjectIdentifier(t.model) == best ? "*" : " ") + t.label, Format.compact(t.settings.learningRate),
                          "\(t.settings.batchSize)", "\(t.epochsRun)/\(t.settings.epochs)", "\(t.settings.hiddenUnits)",
                          TuningJournal.score(t.validationLoss, 4, t), TuningJournal.score(t.validationAccuracy, 3, t),
                          TuningJournal.shortOutcome(t.run.outcome)])
        }
        return table.render() + "\n" + Prose.wrap("* = best by the rule (highest val acc, then lowest val loss); "
                                                 + "stopped N = early stopping after epoch N; diverged N = diverged at "
                                                 + "epoch N and stopped; units = hidden units.", indent: "  ")
    }

    /// A validation score with `decimals` decimals, or "-" for a run that has none
    /// (it diverged), as in the other columns of such a row.
    static func score(_ value: Double, _ decimals: Int, _ trial: TrialResult) -> String {
        trial.run.outcome.isUsable ? Format.fixed(value, decimals) : "-"
    }

    /// "completed", "stopped 12" or "diverged 1".
    static func shortOutcome(_ outcome: TrainingOutcome) -> String {
        switch outcome {
        case .completed: return "completed"
        case let .stoppedEarly(epoch, _, _): return "stopped \(epoch)"
        case let .diverged(epoch, _): return "diverged \(epoch)"
        }
    }
}
