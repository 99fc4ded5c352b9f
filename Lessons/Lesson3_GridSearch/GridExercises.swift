// GridExercises.swift
//
// What this file teaches: an exercise's check is computed, not written by hand: the
// cost of step 1's grid with another third axis or other folds (as step 1 computes
// its own), and how surprising a changed winner would be, from this run's lead.

import Experiments
import HyperSearch
import LessonKit
import TextCharts

extension GridReport {
    /// Exercise 1: step 1's grid with hidden units {5, 10, 20} as its third axis,
    /// its cost computed as step 1 computes its own, compared with this run's.
    static func hiddenAxisExercise(_ cost: GridCost, thisRun: GridCost, rerunFlags: String) -> Exercise {
        let numbers = "\(Format.grouped(cost.trainings)) trainings, \(Format.grouped(cost.epochs)) epochs and "
            + "\(Format.grouped(cost.examples)) training examples"
        let comparison: String
        if cost == thisRun {
            comparison = "the same as this run's, which already had that axis"
        } else if cost.trainings == 3 * thisRun.trainings && cost.epochs == 3 * thisRun.epochs
                    && cost.examples == 3 * thisRun.examples {
            comparison = "three times this run's numbers"
        } else {
            comparison = "against this run's \(Format.grouped(thisRun.trainings)), \(Format.grouped(thisRun.epochs)) and "
                + "\(Format.grouped(thisRun.examples)) (its --axis is replaced by this one)"
        }
        return Exercise("Before running it, predict the size and cost of step 1's grid with hidden units {5, 10, 20} as "
                        + "a third axis, then check: swift run Lesson3_GridSearch --axis hiddenUnits=5,10,20\(rerunFlags)",
                        check: "step 1 prints \"3 x 3 x 3 = 27 configurations\", \(numbers): \(comparison). The chart \"Mean "
                            + "CV accuracy: learning rate x batch size\" now adds \", averaged over hiddenUnits\" to its "
                            + "title.")
    }

    /// Exercise 2: step 1 with other folds. The cost is decided before the rerun; the
    /// winner question is decided by the rerun's refit line, and this run's lead says
    /// how surprising a change would be.
    static func otherFoldsExercise(_ folds: Int, cost: GridCost, article: SearchResult, rows: Int,
                                   rerunFlags: String) -> Exercise {
        let task = "How many trainings and epochs does step 1 cost with --folds \(folds)? And will step 1 choose the "
            + "same winner? Predict both, then rerun: swift run Lesson3_GridSearch --folds \(folds)\(rerunFlags)."
        guard let winner = article.best else {
            return Exercise(task, check: "\(Format.grouped(cost.trainings)) trainings and \(Format.grouped(cost.epochs)) "
                            + "epochs (step 1's \"Before anything runs\" line). This run had no winner to compare with.")
        }
        var lead = ""
        if let (size, standardError, leadFolds) = SearchLessonReport.leadOverRunnerUp(article) {
            if leadFolds > 0, size < SearchLessonReport.tieThreshold(rows: rows, folds: leadFolds) {
                lead = " Here it was tied with the runner-up (a lead of \(SearchLessonReport.leadText(size))), so a "
                    + "change would be no surprise."
            } else if let se = standardError {
                lead = " Here it led by \(SearchLessonReport.leadText(size)) with a standard error of "
                    + "\(SearchLessonReport.standardErrorText(se)): "
                switch SearchLessonReport.leadVerdict(size, standardError: se) {
                case .within: lead += "within two standard errors, so a change would be no surprise."
                case .aboutTwo: lead += "about two standard errors, so a change would be no great surprise."
                case .beyond: lead += "more than two standard errors, so a change would be a surprise."
                }
            }
        }
        return Exercise(task, check: "\(Format.grouped(cost.trainings)) trainings and \(Format.grouped(cost.epochs)) "
                        + "epochs (step 1's \"Before anything runs\" line). The winner stayed exactly when the rerun's "
                        + "step 1 refits \(winner.configuration) (\"The best configuration, ...\"); your prediction was "
                        + "right if that matches what you said.\(lead)")
    }
}
