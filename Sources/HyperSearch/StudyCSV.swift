// StudyCSV.swift
//
// What this file teaches: handing results to a spreadsheet without losing anything. CSV
// looks trivial until a value contains a comma, a quote or a line break (a failure
// reason such as `loss "exploded", then NaN`). RFC 4180 settles it: such a field is
// wrapped in double quotes, a quote inside is doubled, and records end with CRLF.
// Numbers are written with all the digits needed to read back the same double (the
// scores are what a spreadsheet will sort by; a rounded 0.8333 could tie with 0.83334).

import Foundation

/// CSV export of trials (RFC 4180).
///
/// ```swift
/// let text = StudyCSV.text(result.trials)
/// // trial,learningRate,batchSize,status,score,reason,epochs,updates,evaluations,fold_1,...
/// // 1,0.0031622776601683794,20,ok,0.91,,50,1500,5,0.9,...
/// try StudyCSV.export(studyFile: studyURL, to: csvURL)
/// ```
public enum StudyCSV {
    /// One header row, then one row per trial: its number, one column per hyperparameter
    /// (in declaration order), the status ("ok", "diverged", "failed"), the score (empty
    /// unless ok), the reason (empty when ok), the cost, and one column per fold score
    /// (`fold_1` ... as many as the most folds of any trial).
    public static func text(_ trials: [Trial]) -> String {
        let names = trials.first?.configuration.names ?? []
        let folds = trials.map { $0.evaluation.foldScores?.count ?? 0 }.max() ?? 0
        var rows: [[String]] = [["trial"] + names + ["status", "score", "reason", "epochs", "updates", "evaluations"]
                                + (0..<folds).map { "fold_\($0 + 1)" }]
        for trial in trials {
            let status: String, score: String, reason: String
            switch trial.evaluation.outcome {
            case let .score(x): (status, score, reason) = ("ok", number(x), "")
            case let .diverged(why): (status, score, reason) = ("diverged", "", why)
            case let .failed(why): (status, score, reason) = ("failed", "", why)
            }
            let values = trial.configuration.values.map { value -> String in
                switch value {
                case let .number(x): return number(x)
                case let .name(text): return text
                }
            }
            let foldScores = trial.evaluation.foldScores ?? []
            rows.append(["\(trial.number)"] + values + [status, score, reason, "\(trial.cost.epochs)", "\(trial.cost.updates)",
                                                        "\(trial.cost.evaluations)"]
                        + (0..<folds).map { $0 < foldScores.count ? number(foldScores[$0]) : "" })
        }
        return rows.map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// Reads a study file and writes its trials as CSV.
    /// - Throws: `StudyError` for an unreadable or malformed study, or a file that cannot
    ///   be written.
    public static func export(studyFile: URL, to csvFile: URL) throws {
        let contents = try StudyFile.read(studyFile)
        do {
            try Data(text(contents.trials).utf8).write(to: csvFile)
        } catch {
            throw StudyError.io(file: csvFile.path, reason: "cannot be written: \(error)")
        }
    }

    /// A field as RFC 4180 wants it: quoted (with inner quotes doubled) when it contains
    /// a comma, a double quote, a carriage return or a line feed; as it is otherwise.
    public static func field(_ text: String) -> String {
        let special = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Whole numbers below 2^53 without a decimal point (20, not 20.0); others with the
    /// shortest digits that read back as the same double (Swift's `description`).
    static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 9_007_199_254_740_992 { return String(Int64(x)) }
        return "\(x)"
    }
}
