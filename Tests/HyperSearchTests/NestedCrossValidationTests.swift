// Nested cross-validation against a case worked out by hand, its leakage check and
// generated folds, and the optimism curve: on pure noise the winner's inner score
// flatters it, more so the more trials the search makes.

import Foundation
import Testing
import LabData
import LabMath
@testable import HyperSearch
import TestSupport

@Suite("Nested cross-validation")
struct NestedCrossValidationTests {
    /// The hand-computed case. Six rows with targets y = 1, 2, 3, 4, 5, 9. The "model"
    /// predicts c times the mean target of its training rows, c in {0.5, 1, 1.5}; the
    /// score is the mean squared error on the validation rows (to minimise). Outer folds
    /// test rows {0,1}, {2,3}, {4,5}; with training rows a, b, c, d the two inner folds
    /// are (train a b, validate c d) and (train c d, validate a b). Grid search tries the
    /// three c's. All numbers are exact in binary (quarters and sixteenths).
    ///
    /// Outer 1, training y = 3 4 5 9. Inner fold 1: mean 3.5, validate 5, 9; fold 2: mean
    /// 7, validate 3, 4.
    ///   c = 0.5: ((5-1.75)^2 + (9-1.75)^2)/2 = 31.5625, ((3-3.5)^2 + (4-3.5)^2)/2 = 0.25 -> 15.90625
    ///   c = 1:   (1.5^2 + 5.5^2)/2 = 16.25,  ((-4)^2 + (-3)^2)/2 = 12.5                    -> 14.375
    ///   c = 1.5: (-0.25^2 + 3.75^2)/2 = 7.0625, ((-7.5)^2 + (-6.5)^2)/2 = 49.25             -> 28.15625
    ///   winner c = 1 (14.375); refit mean 5.25, test y = 1, 2: (4.25^2 + 3.25^2)/2 = 14.3125
    /// Outer 2, training y = 1 2 5 9 (means 1.5 and 7):
    ///   c = 0.5: 43.0625, 4.25 -> 23.65625;  c = 1: 34.25, 30.5 -> 32.375;  c = 1.5: 26.5625, 81.25 -> 53.90625
    ///   winner c = 0.5; refit 0.5 x 4.25 = 2.125, test y = 3, 4: (0.875^2 + 1.875^2)/2 = 2.140625
    /// Outer 3, training y = 1 2 3 4 (means 1.5 and 3.5):
    ///   c = 0.5: 7.8125, 0.3125 -> 4.0625;  c = 1: 4.25, 4.25 -> 4.25;  c = 1.5: 1.8125, 14.3125 -> 8.0625
    ///   winner c = 0.5; refit 0.5 x 2.5 = 1.25, test y = 5, 9: (3.75^2 + 7.75^2)/2 = 37.0625
    /// Optimism (held-out minus inner, as the score is minimised): -0.0625, -21.515625, 33.
    @Test func matchesTheHandComputedCase() throws {
        let y: [Double] = [1, 2, 3, 4, 5, 9]
        let outer = [Fold(trainIndices: [2, 3, 4, 5], validationIndices: [0, 1]),
                     Fold(trainIndices: [0, 1, 4, 5], validationIndices: [2, 3]),
                     Fold(trainIndices: [0, 1, 2, 3], validationIndices: [4, 5])]
        let inner = outer.map { fold -> [Fold] in
            let r = fold.trainIndices
            return [Fold(trainIndices: [r[0], r[1]], validationIndices: [r[2], r[3]]),
                    Fold(trainIndices: [r[2], r[3]], validationIndices: [r[0], r[1]])]
        }
        let nested = try NestedCrossValidation(outerFolds: outer, innerFolds: inner)
        let evaluate: (Configuration, Fold) throws -> Evaluation = { c, fold in
            let prediction = try c.double("c") * Statistics.mean(fold.trainIndices.map { y[$0] })
            return .score(Statistics.mean(fold.validationIndices.map { (y[$0] - prediction) * (y[$0] - prediction) }))
        }
        var seen: [Int] = []
        let result = try nested.run(name: "MSE", direction: .minimize, budget: .trials(3),
                                    searcher: { _ in try GridSearch([.values("c", [0.5, 1, 1.5])], limit: 3) },
                                    evaluate: evaluate, onSearch: { seen.append($0.fold) })
        #expect(seen == [1, 2, 3])
        #expect(result.folds.map { $0.search.trials.map(\.score!) } == [[15.90625, 14.375, 28.15625],
                                                                        [23.65625, 32.375, 53.90625],
                                                                        [4.0625, 4.25, 8.0625]])
        #expect(try result.folds.map { try $0.winner!.configuration.double("c") } == [1, 0.5, 0.5])
        #expect(result.folds.map(\.innerScore!) == [14.375, 23.65625, 4.0625])
        #expect(result.folds.map(\.heldOutScore!) == [14.3125, 2.140625, 37.0625])
        #expect(result.folds.map(\.optimism!) == [-0.0625, -21.515625, 33])
        #expect(result.folds[0].search.trials[0].evaluation.foldScores == [31.5625, 0.25])
        #expect(isClose(result.meanHeldOutScore, 53.515625 / 3, relative: 1e-15))
        #expect(isClose(result.meanInnerScore, 42.09375 / 3, relative: 1e-15))
        #expect(isClose(result.meanOptimism, 11.421875 / 3, relative: 1e-15))
        #expect(result.foldsWithoutScore.isEmpty)
    }

    /// Inner folds that touch the outer test rows would leak them into the choice.
    @Test func refusesLeakingInnerFolds() {
        let outer = [Fold(trainIndices: [2, 3], validationIndices: [0, 1]), Fold(trainIndices: [0, 1], validationIndices: [2, 3])]
        let leaking = [[Fold(trainIndices: [2], validationIndices: [3]), Fold(trainIndices: [3], validationIndices: [0])],
                       [Fold(trainIndices: [0], validationIndices: [1]), Fold(trainIndices: [1], validationIndices: [0])]]
        #expect(throws: SearchError.invalidArgument("inner fold 2 of outer fold 1 uses row 0, which is not a training row "
                                                    + "of that outer fold (it would leak the test rows)")) {
            try NestedCrossValidation(outerFolds: outer, innerFolds: leaking)
        }
    }

    /// Generated folds: each outer test set is disjoint from its inner rows, and the inner
    /// validation sets partition the outer training rows (stratified: with the class mix).
    @Test func generatedFoldsPartitionTheTrainingRows() throws {
        let labels = (0..<60).map { $0 % 3 == 0 ? 1 : 0 }
        for nested in [try NestedCrossValidation.plain(count: 60, outerK: 4, innerK: 3, seed: 5),
                       try NestedCrossValidation.stratified(labels: labels, outerK: 4, innerK: 3, seed: 5)] {
            for (outer, inner) in zip(nested.outerFolds, nested.innerFolds) {
                #expect(inner.count == 3)
                #expect(inner.flatMap(\.validationIndices).sorted() == outer.trainIndices.sorted())
                for fold in inner { #expect(Set(fold.trainIndices + fold.validationIndices).isDisjoint(with: outer.validationIndices)) }
            }
        }
        let stratified = try NestedCrossValidation.stratified(labels: labels, outerK: 4, innerK: 3, seed: 5)
        for inner in stratified.innerFolds.flatMap({ $0 }) {
            let positives = inner.validationIndices.filter { labels[$0] == 1 }.count
            #expect(positives == 5, "15 positives per outer training set, 5 per inner fold")
        }
    }

    /// Pure noise: 50 rows with random 0/1 labels, and "classifiers" that guess each
    /// row's label from a hash of (configuration, row), so every configuration's true
    /// accuracy is 0.5 and nothing can be learned. With 1 trial there is no selection,
    /// so the inner and held-out accuracies agree on average (mean optimism over 20
    /// seeds within 0.06 of 0, about 3 standard errors). With 32 trials the winner is the
    /// luckiest of 32 guessers on its 40 training rows: its inner CV accuracy is about 2
    /// standard deviations (2 x 0.079) above 0.5 while it still scores 0.5 on the test
    /// rows, so the optimism must exceed 0.1 and grow with the number of trials.
    @Test func optimismGrowsWithTheNumberOfTrials() throws {
        let space = try SearchSpace([.real("t", low: 0, high: 1)])
        let curve = try WinnerOptimism.measure(
            trialCounts: [1, 4, 32], seeds: Array(0..<20), name: "accuracy", direction: .maximize,
            folds: { seed in try NestedCrossValidation.plain(count: 50, outerK: 5, innerK: 5, seed: seed) },
            searcher: { seed, k in try RandomSearch(space: space, iterations: 32, seed: seed &* 100 &+ UInt64(k)) },
            evaluate: { c, fold in
                let t = try c.double("t")
                // Row labels from the row index alone; guesses from (t, row).
                let correct = fold.validationIndices.filter { row in
                    var label = SeededGenerator(seed: UInt64(row), stream: 1)
                    var guess = SeededGenerator(seed: t.bitPattern, stream: UInt64(row))
                    return (label.nextDouble() < 0.5) == (guess.nextDouble() < 0.5)
                }.count
                return .score(Double(correct) / Double(fold.validationIndices.count))
            })
        for point in curve {
            print("pure noise, \(point.trials) trials: inner CV accuracy \(point.meanInnerScore), held-out "
                  + "\(point.meanHeldOutScore), optimism median \(point.medianOptimism) (quartiles "
                  + "\(point.lowerQuartileOptimism), \(point.upperQuartileOptimism))")
        }
        #expect(curve.map(\.trials) == [1, 4, 32])
        #expect(abs(curve[0].meanOptimism) < 0.06, "1 trial: mean optimism \(curve[0].meanOptimism)")
        #expect(curve[2].medianOptimism > 0.1, "32 trials: median optimism \(curve[2].medianOptimism)")
        #expect(curve[0].meanOptimism < curve[1].meanOptimism && curve[1].meanOptimism < curve[2].meanOptimism)
        #expect(abs(curve[2].meanHeldOutScore - 0.5) < 0.05, "the winners are still coin flips on new rows")
        #expect(throws: SearchError.self) {
            try WinnerOptimism.measure(trialCounts: [4, 2], seeds: [1], name: "a", direction: .maximize,
                                       folds: { _ in try .plain(count: 10, seed: 1) },
                                       searcher: { _, _ in try RandomSearch(space: space, iterations: 4, seed: 1) },
                                       evaluate: { _, _ in .score(0) })
        }
    }
}
