// Tests for splits, scaling and folds: partitions, class proportions, determinism,
// and no leakage (the scaler only ever sees the rows it is fitted on).

import Testing
@testable import LabData
import LabMath
import TestSupport

@Suite("Splits, scaling and folds")
struct SplitAndFoldTests {
    /// 100 rows: 70 of class 0, 30 of class 1.
    let labels = Array(repeating: 0, count: 70) + Array(repeating: 1, count: 30)

    @Test func stratifiedSplitPartitionsAndKeepsProportions() throws {
        var rng = SeededGenerator(seed: 1)
        let split = try DataSplitter.stratified(labels: labels, validationFraction: 0.2, testFraction: 0.2, rng: &rng)
        let all = split.train + split.validation + split.test
        #expect(all.sorted() == Array(0..<100))                      // each row exactly once
        #expect(split.test.count == 20 && split.validation.count == 20)
        #expect(split.test.filter { labels[$0] == 1 }.count == 6)   // 30% of 20
        #expect(split.validation.filter { labels[$0] == 1 }.count == 6)
        var again = SeededGenerator(seed: 1)
        #expect(try DataSplitter.stratified(labels: labels, validationFraction: 0.2, testFraction: 0.2, rng: &again) == split)
        #expect(throws: DataError.self) {
            try DataSplitter.stratified(labels: labels, validationFraction: 0.6, testFraction: 0.5, rng: &rng)
        }
        let plain = try DataSplitter.shuffled(count: 10, validationFraction: 0.1, testFraction: 0.3, rng: &rng)
        #expect((plain.train + plain.validation + plain.test).sorted() == Array(0..<10))
        #expect(plain.test.count == 3 && plain.validation.count == 1)
    }

    @Test func standardizerUsesOnlyTheRowsItIsFittedOn() throws {
        let train = Matrix([[1, 10], [3, 10], [5, 10]])
        let scaler = try Standardizer(fittedOn: train)
        #expect(scaler.means == [3, 10])
        #expect(isClose(scaler.scales[0], (8.0 / 3).squareRoot()))
        #expect(scaler.scales[1] == 1)   // constant column: scale 1, not a division by zero
        let z = try scaler.transform(train)
        #expect(isClose(Statistics.mean(z.column(0)), 0, absolute: 1e-15))
        #expect(isClose(Statistics.standardDeviation(z.column(0)), 1))
        // A test row far away does not change the fitted statistics: no leakage.
        let test = try scaler.transform(Matrix([[100, 10]]))
        #expect(isClose(test[0, 0], 97 / (8.0 / 3).squareRoot()))
    }

    @Test func oneHotEncoding() throws {
        #expect(try oneHot([2, 0, 1], classCount: 3) == Matrix([[0, 0, 1], [1, 0, 0], [0, 1, 0]]))
        #expect(columnMatrix([1, 2]) == Matrix([[1], [2]]))
    }

    @Test(arguments: [2, 3, 5, 7])
    func kFoldPartitionsTheRows(k: Int) throws {
        var rng = SeededGenerator(seed: UInt64(k))
        let folds = try FoldGenerator.kFold(count: 23, k: k, rng: &rng)
        #expect(folds.count == k)
        let validated = folds.flatMap(\.validationIndices)
        #expect(validated.sorted() == Array(0..<23))                  // each row validated exactly once
        for fold in folds {
            #expect(Set(fold.trainIndices).isDisjoint(with: fold.validationIndices))
            #expect(fold.trainIndices.count + fold.validationIndices.count == 23)
        }
        let sizes = folds.map(\.validationIndices.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
    }

    @Test func stratifiedFoldsKeepClassProportions() throws {
        var rng = SeededGenerator(seed: 5)
        let folds = try FoldGenerator.stratifiedKFold(labels: labels, k: 5, rng: &rng)
        #expect(folds.flatMap(\.validationIndices).sorted() == Array(0..<100))
        for fold in folds {
            #expect(fold.validationIndices.count == 20)
            #expect(fold.validationIndices.filter { labels[$0] == 1 }.count == 6)   // 30% in every fold
        }
        var again = SeededGenerator(seed: 5)
        #expect(try FoldGenerator.stratifiedKFold(labels: labels, k: 5, rng: &again) == folds)
        #expect(throws: DataError.self) { try FoldGenerator.stratifiedKFold(labels: labels, k: 1, rng: &rng) }
        #expect(throws: DataError.self) { try FoldGenerator.kFold(count: 3, k: 4, rng: &rng) }
    }
}
