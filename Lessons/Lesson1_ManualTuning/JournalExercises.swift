// JournalExercises.swift
//
// What this file teaches: Lesson 1's exercises whose checks are computed from this
// run's journal: beating the journal's pick, the spread that seeds alone cause (the
// yardstick for every difference between trials), and one large-step trial.

import Experiments
import LabMath
import LessonKit
import TextCharts

extension ManualTuningReport {
    /// Exercise 1: beat the journal by its own rule (the rule that stars a row), with
    /// the numbers to beat from this run's rows (the student's trial left out).
    static func beatTheJournalExercise(_ journal: TuningJournal, rerunFlags: String) -> Exercise {
        let adding = rerunFlags.isEmpty ? "" : ", adding" + rerunFlags
        guard let best = journal.best(excluding: ["your trial"]) else {
            return Exercise("Find settings that give a usable trial: rerun with --learning-rate X\(rerunFlags).",
                            check: "every trial of this run diverged; your row in the journal shows a val acc "
                                + "instead of '-'.")
        }
        return Exercise("Find settings that the journal's rule stars: rerun with any of --learning-rate, --batch-size, "
                        + "--epochs and --hidden-units\(adding). This run's best row is '\(best.label)' "
                        + "(\(best.settings)).",
                        check: "the '*' in step 6's journal moves to 'your trial', which happens exactly when it scores "
                            + TuningJournal.scoreToBeat(best) + "; step 5 says so too. (Picking by validation score, as "
                            + "the rule does, is also how a lucky row wins: step 6's test score shows what the pick is "
                            + "worth.)")
    }

    /// Exercise 3: the baseline on other seeds. The check quotes the accuracies this run
    /// measured on those seeds (new split and initial weights each) and their range;
    /// then, since this run's trials all share one split, the range of the baseline on
    /// that split with only the initial weights changed, and how many of the trials
    /// differ from the baseline by less than that. Differences and ranges are taken
    /// between the printed values, so that the student's subtraction agrees.
    static func seedsExercise(baseline: TrialResult, seed: UInt64, others: [(seed: UInt64, accuracy: Double)],
                              sameSplit: [(seed: UInt64, accuracy: Double)], journal: TuningJournal,
                              rerunFlags: String, weightSeed: UInt64? = nil, validationRows: Int? = nil) -> Exercise {
        // "--seed 1, 2 and 3 (each with --quick)", as Lesson 2 writes it: "--seed 3 --quick"
        // would read as if --quick went with seed 3 only.
        let task = "Run the lesson with --seed " + Prose.list(others.map { "\($0.seed)" })
            + (rerunFlags.isEmpty ? "" : " (each with\(rerunFlags))") + " and note the baseline's validation accuracy "
            + "(\(Format.fixed(baseline.validationAccuracy, 3)) with seed \(seed))."
        func printed(_ x: Double) -> Int { SearchLessonReport.printedUnits(x, decimals: 3) }
        func range(_ values: [Double]) -> Int {
            let units = values.map(printed)
            return (units.max() ?? 0) - (units.min() ?? 0)
        }
        let base = baseline.validationAccuracy
        let acrossSeeds = range(others.map(\.accuracy) + [base])
        let values = others.map { "\(Format.fixed($0.accuracy, 3)) with seed \($0.seed)" }.joined(separator: ", ")
        var check = "the baseline's validation accuracy is \(values): with this run's \(Format.fixed(base, 3)), a range "
            + "of \(Format.fixed(Double(acrossSeeds) / 1000, 3)) from one seed (a new split, new initial weights) to the "
            + "next."
        guard !sameSplit.isEmpty else { return Exercise(task, check: check) }
        // This run's trials share the split: their yardstick is the same-split range.
        let onThisSplit = range(sameSplit.map(\.accuracy) + [base])
        let usable = journal.entries.filter { $0.label != baseline.label && $0.run.outcome.isUsable }
        let collapsed = usable.filter { $0.validationClassesPredicted == 1 }.map { "'\($0.label)'" }
        let compared = usable.filter { $0.validationClassesPredicted != 1 }
        // Three groups, by the printed differences: less than the same-split range, exactly
        // as much (at its edge), and more.
        let differences = compared.map { abs(printed($0.validationAccuracy) - printed(base)) }
        let within = differences.filter { $0 < onThisSplit }.count
        let equal = differences.filter { $0 == onThisSplit }.count
        let more = compared.count - within - equal
        check += " This run's trials all share one split, so compare them with the baseline on that split with only "
            + "the initial weights and shuffles changed: "
            + sameSplit.map { "\(Format.fixed($0.accuracy, 3)) with weight seed \($0.seed)" }.joined(separator: ", ")
            + ", with this run's a range of \(Format.fixed(Double(onThisSplit) / 1000, 3))"
            // One row of 113 is 0.00885: printed values make it 0.008 or 0.009, so say it in rows.
            + (validationRows.map { n in
                let rows = Int((Double(onThisSplit) / 1000 * Double(n)).rounded())
                return ", \(rows == 1 ? "one validation row" : "\(rows) validation rows") of \(n)"
            } ?? "")
            + (weightSeed.map { " (the lesson ran these for you; this run's trials use weight seed \($0), and no option "
                                + "changes the weight seed alone)." } ?? ".")
        let leftOut = collapsed.isEmpty ? "" : " (leaving out \(Prose.list(collapsed)), which "
            + (collapsed.count == 1 ? "predicts" : "each predict") + " one class for every row)"
        let trials = "this run's \(Format.counted(compared.count, "other scored trial"))" + leftOut
        let beyond = "by more than the initial weights alone moved the baseline in these \(sameSplit.count + 1) runs: "
            + "a hint, not proof, since so few runs show only part of that spread."
        func differ(_ n: Int) -> String { n == 1 ? "differs" : "differ" }
        if compared.isEmpty { return Exercise(task, check: check) }
        if more == compared.count {
            return Exercise(task, check: check + " None of \(trials) differs from the baseline by less than that or "
                            + "by as much; " + (compared.count == 1 ? "it differs " : "each differs ") + beyond)
        }
        if within > 0 {
            check += " \(within) of \(trials) \(differ(within)) from the baseline by less than that: on this split, "
                + "differences that small arise from the initial weights alone, so "
                + (within == 1 ? "that one is" : "those are") + " not evidence that one setting is better."
        }
        if equal > 0 {
            check += " \(equal)" + (within == 0 ? " of \(trials)" : "") + " \(differ(equal)) from the baseline by exactly "
                + "that much: at the edge of what the initial weights alone did, so no evidence that one setting is "
                + "better."
        }
        if more > 0 {
            check += " The " + (more == 1 ? "remaining one differs " : "remaining \(more) differ ") + beyond
        }
        return Exercise(task, check: check)
    }

    /// Exercise 4: a ten times larger step for the largest batch, predicted, then
    /// judged by the journal's rule against that batch's row (step 5 says which).
    static func largeStepExercise(_ largestBatch: TrialResult, rerunFlags: String) -> Exercise {
        let updates = largestBatch.run.cost.updates / max(1, largestBatch.epochsRun)
        var task = "Predict, then try --batch-size \(largestBatch.settings.batchSize) --learning-rate 0.1\(rerunFlags): "
            + "\(Format.counted(updates, "update")) per epoch, with steps ten times larger than the "
            + "'\(largestBatch.label)' row's lr 0.01. Will the larger step make up for the few updates"
        guard largestBatch.run.outcome.isUsable else {
            return Exercise(task + ", where lr 0.01 diverged?",
                            check: "step 5 shows whether your trial diverged too: it did not if its val acc is a "
                                + "number rather than '-'.")
        }
        task += ", so that your trial beats that row by the journal's rule, with " + TuningJournal.scoreToBeat(largestBatch)
            + "?"
        return Exercise(task, check: "step 5 compares your trial with the '\(largestBatch.label)' row by the journal's "
                        + "rule and says \"better\" or \"not better\": your prediction was right if it says \"better\" and "
                        + "you said yes, or \"not better\" and you said no.")
    }
}
