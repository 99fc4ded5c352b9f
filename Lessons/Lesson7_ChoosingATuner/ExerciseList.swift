// ExerciseList.swift
//
// What this file teaches: exercises whose answers can be checked. Each "Check:" is a
// number computed from this run's settings, a rule the printed numbers must obey, or
// a message the lesson prints; none needs an edit of the library.

import Foundation
import HyperSearch
import LessonKit
import TextCharts

enum ExerciseList {
    /// The exercises; `again(flag)` gives this run's rerun flags without `--flag`, the
    /// one the exercise sets itself (so a command never names a flag twice).
    static func all(again: (String) -> String, picture: TPEPictures.Snapshot, interruptAfter: Int,
                    networkSeeds: Int) -> [Exercise] {
        // A good fraction different from this run's, and the split it gives after 15 trials.
        let otherFraction = picture.settings.goodFraction == 0.25 ? 0.5 : 0.25
        var other = picture.settings
        other.goodFraction = otherFraction
        let otherGood = other.goodCount(picture.n)
        let moreSeeds = max(12, 2 * networkSeeds)
        let otherInterrupt = interruptAfter == 0 ? 11 : 0
        return [
            Exercise("Predict how many of the first \(picture.n) trials TPE calls good with a good fraction of "
                     + "\(Format.compact(otherFraction)), then run: swift run Lesson7_ChoosingATuner --gamma "
                     + "\(Format.compact(otherFraction))\(again("gamma"))",
                     check: "gamma(\(picture.n)) = min(ceil(\(Format.compact(otherFraction)) x \(picture.n)), "
                        + "\(other.maxGood)) = \(otherGood): step 1 says \"= \(otherGood) "
                        + (otherGood == 1 ? "trial is" : "trials are") + " good\" and the chart shows "
                        + (otherGood == 1 ? "one G mark." : "up to \(otherGood) G marks (trials with close learning "
                            + "rates and scores share a cell).")),
            Exercise("Crash the study at another moment: swift run Lesson7_ChoosingATuner --interrupt-after "
                     + "\(otherInterrupt)\(again("interrupt-after")). Predict what the rerun replays and trains.",
                     check: "step 6 says \"resumed: \(Format.counted(otherInterrupt, "trial")) replayed from the file; "
                        + "its last line was incomplete\", then "
                        + "\(Format.counted(12 - otherInterrupt, "training")) after the crash, "
                        + "\(otherInterrupt + 1) + \(12 - otherInterrupt) = 13 in all (trial \(otherInterrupt + 1), "
                        + "being written at the crash, trains twice), and the file is still byte-for-byte the "
                        + "uninterrupted one."),
            Exercise("Give the network race more seeds: swift run Lesson7_ChoosingATuner --network-seeds "
                     + "\(moreSeeds)\(again("network-seeds")) (step 3 takes about \(moreSeeds / max(networkSeeds, 1)) times as long). "
                     + "Does any tuner now beat random search on test accuracy?",
                     check: "every row's better/worse/tied counts add up to \(moreSeeds); a tuner is better only where "
                        + "p < 0.05 and better > worse, and the smallest p that \(moreSeeds) seeds allow is "
                        + Format.compact(2 * pow(0.5, Double(moreSeeds))) + " (all \(moreSeeds) won)."),
            // --timing is every lesson's flag, not one of this lesson's options: again("timing")
            // gives all of this run's flags, and --timing is never among them.
            Exercise("Run with --timing: swift run Lesson7_ChoosingATuner --timing\(again("timing")). On the test "
                     + "functions, which tuners spend more milliseconds per trial choosing than evaluating?",
                     check: "compare the two timing columns of step 2's work table, row by row; step 4's "
                        + "\"cheap or expensive trials\" bullet states the same comparison for BO."),
            Exercise("Coding: write tpeSplit, parzenLogDensity, winnerOptimism and studyResumePoint (exercises 7.1 "
                     + "to 7.4 in Lessons/Exercises/Lesson7.swift): the good/bad split of step 1, the density l(x) "
                     + "is made of, the optimism curve of step 5, and how a study file tells where to resume.",
                     check: "swift run Check 7 says \"4 of 4 done\"; a wrong answer shows the input, the expected and "
                        + "your result, and a hint."),
        ]
    }
}
