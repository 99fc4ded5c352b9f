// GridEffectStories.swift
//
// What this file teaches: reading main effects against the noise they are measured
// with. A difference of two level means is itself noisy; only a range above about
// twice its standard error says that a hyperparameter matters, and only such ranges
// give a ratio worth placing on the bowls table of step 3.

import Experiments
import HyperSearch
import LessonKit
import TextCharts

extension GridReport {
    /// The standard error of the difference of two main-effect means, each averaging
    /// `configurations / levels` configurations whose means have standard error
    /// s / sqrt(k): (s / sqrt(k)) x sqrt(2 / m). Nil without a finite spread.
    /// - Parameters:
    ///   - typicalFoldSpread: the median sample standard deviation s of a
    ///     configuration's k fold scores.
    ///   - configurations: the scored configurations of the grid.
    ///   - levels: the values of the hyperparameter whose levels are compared.
    static func differenceError(typicalFoldSpread: Double?, folds: Int, configurations: Int, levels: Int) -> Double? {
        guard let s = typicalFoldSpread, s.isFinite, folds > 0, levels > 0, configurations >= levels else { return nil }
        let perLevel = Double(configurations) / Double(levels)
        return s / Double(folds).squareRoot() * (2 / perLevel).squareRoot()
    }

    /// True when `range` (as printed, 3 decimals) is more than twice `noise` (as
    /// printed): an effect that stands out from the fold noise.
    static func standsOut(_ range: Double, noise: Double) -> Bool {
        SearchLessonReport.printedUnits(range, decimals: 3) > 2 * SearchLessonReport.printedUnits(noise, decimals: 3)
    }

    /// Which hyperparameter moves the mean score most: the largest range of level means,
    /// called dominant when it is at least twice every other range and more than twice
    /// the standard error of a difference of two of its level means (`differenceError`);
    /// when no range clears that noise, no hyperparameter is said to matter. Otherwise
    /// only the axes whose range clears twice *its own* noise (an axis with fewer values
    /// averages more configurations per value) are said to matter, the others not.
    /// - Parameter typicalFoldSpread: the median *sample* standard deviation of the
    ///   trials' fold scores (dividing by k - 1), for the standard error s / sqrt(k).
    /// - Parameter configurations: the scored configurations the main effects average.
    static func mainEffectStory(_ effects: [MainEffect], typicalFoldSpread: Double?, folds: Int,
                                configurations: Int = 0) -> String {
        guard effects.count >= 2 else { return "" }
        let lines = effects.map { e in
            "\(e.name) gives " + e.levels.map { "\($0.value): \(Format.fixed($0.mean, 3))" }.joined(separator: ", ")
                + " (range \(Format.fixed(e.range, 3)))"
        }
        var text = "The main effect of a hyperparameter is the mean score at each of its values, averaged over the "
            + "other axes. Here " + lines.joined(separator: "; ") + "."
        let ranked = effects.sorted { $0.range > $1.range }
        // Each axis's noise of a difference of two of its level means, by its own count of values.
        var noises: [Double?] = ranked.map { _ in nil }
        if let spread = typicalFoldSpread, spread.isFinite, folds > 0 {
            let configurationError = spread / Double(folds).squareRoot()
            text += " For scale: the median sample standard deviation of a configuration's \(folds) fold scores "
                + "(dividing by \(folds) - 1) is \(Format.fixed(spread, 3)), so one configuration's mean over \(folds) "
                + "folds has a standard error of about \(Format.fixed(spread, 3)) / sqrt(\(folds)) = "
                + "\(Format.fixed(configurationError, 3))."
            noises = ranked.map {
                differenceError(typicalFoldSpread: spread, folds: folds, configurations: configurations,
                                levels: $0.levels.count)
            }
            // One sentence per count of values, the largest range's first.
            var explained: [Int] = []
            for (effect, noise) in zip(ranked, noises) where !explained.contains(effect.levels.count) {
                guard let noise else { continue }
                explained.append(effect.levels.count)
                let perLevel = Double(configurations) / Double(effect.levels.count)
                text += " Two of \(effect.name)'s values, each averaging \(Format.compact(perLevel)) configurations, "
                    + "differ by noise alone with a standard error of about \(Format.fixed(configurationError, 3)) x "
                    + "sqrt(2/\(Format.compact(perLevel))) = \(Format.fixed(noise, 3))."
            }
        }
        let units = ranked.map { SearchLessonReport.printedUnits($0.range, decimals: 3) }
        let standing = zip(ranked, noises).map { effect, noise in noise.map { standsOut(effect.range, noise: $0) } ?? true }
        let outside = ranked.indices.filter { !standing[$0] }
        if let noise = noises[0], !standing[0], !standing.contains(true) {
            let shared = Set(ranked.map(\.levels.count)).count == 1
            text += (shared ? " No range is more than twice that (2 x \(Format.fixed(noise, 3)))"
                            : " No range is more than twice its own axis's noise") + ": neither effect stands out from "
                + "the fold noise, so this grid does not show which hyperparameter matters."
        } else if standing[0], units.dropFirst().allSatisfy({ units[0] >= 2 * $0 }) {
            text += " \(ranked[0].name) moves the score at least twice as much as any other"
                + (noises[0] == nil ? "" : ", and by more than twice that noise") + ": here it is the hyperparameter "
                + "that matters."
        } else if outside.isEmpty {
            text += " No axis moves the score twice as much as every other: they matter by comparable amounts."
        } else {
            // Some axes stand out and some do not: say which, each against its own noise.
            func against(_ i: Int) -> String {
                "\(ranked[i].name)'s (\(Format.fixed(ranked[i].range, 3)) against 2 x \(Format.fixed(noises[i] ?? .nan, 3)))"
            }
            let above = ranked.indices.filter { standing[$0] }
            text += " Only " + Prose.list(above.map(against)) + (above.count == 1 ? " range is" : " ranges are")
                + " more than twice the noise of a difference; " + Prose.list(outside.map(against))
                + (outside.count == 1 ? " is" : " are") + " not, so this grid cannot tell "
                + (outside.count == 1 ? "that effect" : "those effects") + " from none."
        }
        return text
    }

    /// The network comparison, read against the bowls: the main effects of the
    /// comparison's own grids (every seed's 3 x 3 grid pooled, so the same folds, epochs
    /// and axes as the networks compared) give how much less batch size moved the score
    /// than the learning rate (the ratio of their printed ranges, smaller over larger),
    /// and the bowls' row with the nearest weight w says which method the synthetic
    /// problems favoured at that balance.
    /// - Parameter noise: the standard error of a difference of two of those grids'
    ///   level means (`differenceError`); when neither range clears twice it, there is
    ///   no ratio to read.
    /// - Parameter seeds: how many seeds' grids `gridEffects` pools.
    static func networkComparisonStory(_ s: PairedComparison, gridEffects: [MainEffect], noise: Double? = nil,
                                       box: ClosedRange<Double>,
                                       bowls: [(weight: Double, comparison: PairedComparison)],
                                       seeds: Int) -> String {
        var text = "On the network, \(s.verdict); the median difference (random minus grid) in best mean accuracy is "
            + "\(Format.fixed(s.medianDifference, 3))."
        if let note = s.smallSampleNote { text += " " + note }
        guard let lr = gridEffects.first(where: { $0.name == "learningRate" }) else { return text }
        let grids = seeds == 1 ? "the grid above" : "the \(seeds) grids above"
        if let batch = gridEffects.first(where: { $0.name == "batchSize" }),
           let story = balanceStory(lr, batch, bowls, noise: noise, source: "Pooled over \(grids)") {
            text += " " + story
        }
        if let best = lr.levels.filter({ $0.mean.isFinite }).max(by: { $0.mean < $1.mean }),
           let number = best.value.number, number == box.lowerBound || number == box.upperBound {
            text += " Both methods search the same box, the article's [\(Format.compact(box.lowerBound)), "
                + "\(Format.compact(box.upperBound))]; the best learning rate of \(grids), \(best.value), sits on "
                + "its \(number == box.lowerBound ? "lower" : "upper") edge, so better values may lie outside, where "
                + "neither method looks (Lesson 2's wider range explores there)."
        }
        return text
    }

    /// How much the two axes mattered, as a bowls weight, and what the bowls
    /// table says at the nearest weight; nil without finite ranges. The ratio is taken
    /// from the ranges as printed (3 decimals), so a reader can recompute it; with
    /// `noise` and neither range above twice it, the story says there is no ratio. When
    /// only the smaller range is within twice `noise`, its effect may be nil and w as low
    /// as 0: the analogy concludes only if every bowls row from the lowest weight up to
    /// the nearest one favours the same method, and otherwise says the rows disagree.
    /// - Parameter source: where the main effects were measured, opening the story.
    static func balanceStory(_ lr: MainEffect, _ batch: MainEffect,
                             _ bowls: [(weight: Double, comparison: PairedComparison)], noise: Double? = nil,
                             source: String) -> String? {
        let (major, minor) = lr.range >= batch.range ? ("the learning rate", "batch size") : ("batch size", "the learning rate")
        let larger = max(lr.range, batch.range), smaller = min(lr.range, batch.range)
        guard larger.isFinite, smaller.isFinite else { return nil }
        if let noise, !standsOut(larger, noise: noise) {
            return "\(source), neither \(major)'s main effect (\(Format.fixed(larger, 3))) nor \(minor)'s "
                + "(\(Format.fixed(smaller, 3))) is more than twice the noise of a difference (2 x "
                + "\(Format.fixed(noise, 3))), so there is no ratio to place on the bowls table."
        }
        let (largerUnits, smallerUnits) = (SearchLessonReport.printedUnits(larger, decimals: 3),
                                           SearchLessonReport.printedUnits(smaller, decimals: 3))
        guard largerUnits > 0 else { return nil }
        let ratio = Double(smallerUnits) / Double(largerUnits)
        guard let nearest = bowls.min(by: { abs($0.weight - ratio) < abs($1.weight - ratio) }) else { return nil }
        var text = "\(source), \(minor)'s main effect spans \(Format.fixed(smaller, 3)) and \(major)'s "
            + "\(Format.fixed(larger, 3)): a ratio of \(Format.fixed(ratio, 2)), like a bowl whose second coordinate "
            + "has weight w = \(Format.fixed(ratio, 2))"
        // Which method a bowls row favours: random search, the grid, or neither.
        func favours(_ c: PairedComparison) -> String {
            c.pValue >= 0.05 ? "neither" : c.secondWins > c.firstWins ? "random" : "grid"
        }
        if let noise, !standsOut(smaller, noise: noise) {
            // The smaller range cannot be told from no effect at all, so the weight could
            // be anywhere from 0 up to about the ratio: every row in that stretch counts.
            let plausible = bowls.filter { $0.weight <= nearest.weight }
            text += " (\(minor)'s range is itself within twice the noise, 2 x \(Format.fixed(noise, 3)), so its "
                + "effect cannot be told from none, and w could be as low as 0)"
            if let lowest = plausible.min(by: { $0.weight < $1.weight }), Set(plausible.map { favours($0.comparison) }).count > 1 {
                return text + ". The bowls table's rows from w = \(Format.fixed(lowest.weight, 1)) to w = "
                    + "\(Format.fixed(nearest.weight, 1)) disagree: at w = \(Format.fixed(lowest.weight, 1)) "
                    + "\(lowest.comparison.verdict), at w = \(Format.fixed(nearest.weight, 1)) "
                    + "\(nearest.comparison.verdict). So the analogy cannot say which method this situation favours."
            }
        }
        text += ". The nearest row of the bowls table is w = "
            + "\(Format.fixed(nearest.weight, 1)), where \(nearest.comparison.verdict)"
        switch favours(nearest.comparison) {
        case "random":
            text += ": by that analogy, the situation where random search's 9 distinct values of \(major) should help."
        case "grid":
            text += ": by that analogy, a situation where the grid is the better choice (on those bowls, random "
                + "search's uneven coverage of the second coordinate cost more than its extra values of the first "
                + "gained)."
        default:
            text += ": by that analogy, neither method should be expected to do better here."
        }
        return text
    }
}
