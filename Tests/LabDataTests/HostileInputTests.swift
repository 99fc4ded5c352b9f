// Issue 8, the data layer as a hostile user meets it: huge features, mismatched
// arguments, empty fits, too few rows per fold. Each test is named after the item it
// covers and failed (or trapped) before the fix it guards.

import Testing
@testable import LabData
import LabMath
import TestSupport

@Suite("Hostile input: data")
struct HostileInputDataTests {
    /// Three rows whose first feature is around `magnitude` (with a real spread) and
    /// whose second is ordinary.
    func features(around magnitude: Double) -> Matrix {
        Matrix([[1 * magnitude, 1], [2 * magnitude, 2], [4 * magnitude, 3]])
    }

    @Test(arguments: [1e155, 1e160, 1e200, 1e300])
    func item3_1_and_4_2_hugeFeaturesAreStandardised(magnitude: Double) throws {
        let x = features(around: magnitude)
        let scaler = try Standardizer(fittedOn: x)
        // The spread of [1, 2, 4] m is sqrt(14 / 9) m (population); it used to
        // overflow, and the column was silently left unscaled (scale 1).
        #expect(isClose(scaler.scales[0], (14.0 / 9).squareRoot() * magnitude, relative: 1e-14))
        let z = try scaler.transform(x)
        #expect(z.elements.allSatisfy { $0.isFinite })
        #expect(isClose(Statistics.standardDeviation(z.column(0)), 1, relative: 1e-14))
        #expect(isClose(Statistics.mean(z.column(0)), 0, absolute: 1e-14))
    }

    @Test func item3_1_valuesNearTheLargestDoubleDoNotOverflow() throws {
        let x = Matrix([[-1.7e308], [1.7e308], [1.7e308]])
        let scaler = try Standardizer(fittedOn: x)
        let z = try scaler.transform(x)
        // Mean 1.7e308 / 3, deviation 1.7e308 sqrt(8) / 3: z = -sqrt(2), 1/sqrt(2), 1/sqrt(2).
        #expect(isClose(z[0, 0], -(2.0).squareRoot(), relative: 1e-14))
        #expect(isClose(z[1, 0], (0.5).squareRoot(), relative: 1e-14))
    }

    @Test func item3_5_oneHotOutOfRangeThrowsNamingTheLabel() {
        #expect(throws: DataError.self) { try oneHot([0, 3], classCount: 3) }
        #expect(throws: DataError.self) { try oneHot([0], classCount: 0) }
        do {
            _ = try oneHot([1, -2], classCount: 2)
            Issue.record("a negative label must be refused")
        } catch {
            #expect("\(error)".contains("label -2 at position 1 is outside 0..<2"))
        }
    }

    @Test func item3_5_datasetWithMismatchedCountsThrows() {
        do {
            _ = try Dataset(name: "d", featureNames: ["a"], targetName: "y", features: Matrix([[1], [2]]), targets: [0])
            Issue.record("two rows and one target must be refused")
        } catch {
            #expect("\(error)".contains("features has 2 rows but targets has 1 values"))
        }
        #expect(throws: DataError.self) {
            try Dataset(name: "d", featureNames: ["a", "b"], targetName: "y", features: Matrix([[1]]), targets: [0])
        }
    }

    @Test func item4_10_standardizerOnNoRowsOrNonFiniteValuesThrows() {
        #expect(throws: DataError.self) { try Standardizer(fittedOn: Matrix(rows: 0, columns: 3)) }
        do {
            _ = try Standardizer(fittedOn: Matrix([[1, 2], [3, .nan]]))
            Issue.record("NaN must be refused")
        } catch {
            #expect("\(error)".contains("row 2, column 2 is nan"))
        }
        let scaler = try? Standardizer(fittedOn: Matrix([[1, 2], [3, 4]]))
        #expect(throws: DataError.self) { try scaler?.transform(Matrix([[1, 2, 3]])) }
    }

    @Test func item4_10_stratifiedFoldsSayWhenAClassHasFewerRowsThanFolds() throws {
        // Class 1 has 2 rows, fewer than the 5 folds: three folds validate on no row of it.
        let labels = Array(repeating: 0, count: 20) + [1, 1]
        let note = try #require(FoldGenerator.smallClassNote(labels: labels, k: 5))
        #expect(note.contains("class 1 has 2 rows, fewer than the 5 folds"))
        #expect(FoldGenerator.smallClassNote(labels: Array(repeating: 0, count: 10) + Array(repeating: 1, count: 5),
                                             k: 5) == nil)
    }
}
