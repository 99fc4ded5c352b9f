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

    @Test func item4_3_classLabelsAreCheckedLikeBinaryLabels() throws {
        func data(_ targets: [Double]) -> Dataset {
            Dataset(checkedName: "d", featureNames: ["x"], targetName: "digit",
                    features: Matrix(rows: targets.count, columns: 1, elements: targets), targets: targets)
        }
        #expect(throws: DataError.singleClass(targetName: "digit", label: 3)) {
            try data([3, 3, 3, 3]).classLabels(minimumPerClass: 1)
        }
        #expect(throws: DataError.tooFewRowsInClass(targetName: "digit", label: 7, found: 1, needed: 2)) {
            try data([0, 0, 7, 2, 2]).classLabels(minimumPerClass: 2)
        }
        #expect(try data([0, 0, 5, 5]).classLabels(minimumPerClass: 2) == [0, 0, 5, 5])
    }

    // MARK: Section 5, messages that need to say more

    func parse(_ text: String) throws -> Dataset { try CSVLoader.parse(text, path: "odd.csv", name: "odd") }

    @Test func item5_crOnlyLineEndingsAreLineEndings() throws {
        // Classic Mac files end lines with a lone CR; they used to be one long line,
        // reported as "a header but no data rows".
        let data = try parse("a,b,y\r1,2,0\r3,4,1\r")
        #expect(data.count == 2 && data.targets == [0, 1])
        #expect(try parse("a,y\r\n1,0\r2,1\n3,0").count == 3)   // mixed endings too
        #expect(throws: DataError.notANumber(path: "odd.csv", line: 3, column: 1, columnName: "a", text: "x")) {
            try parse("a,y\r1,0\rx,1\r")
        }
    }

    @Test func item5_quotedCellsFollowRFC4180() throws {
        let data = try parse("\"name, with comma\",x,\"y \"\"quoted\"\"\"\n\"1.5\", 2 ,\"0\"\n")
        #expect(data.featureNames == ["name, with comma", "x"] && data.targetName == "y \"quoted\"")
        #expect(data.features.elements == [1.5, 2] && data.targets == [0])
        #expect(thrownMessage { _ = try parse("a,y\n\"1,0\n") }
                == "odd.csv:2:1: the quote that opens cell 1 is not closed on this line (a cell may not continue on the "
                + "next line)")
        #expect(thrownMessage { _ = try parse("a,y\n1,\"0\"x\n") }?.hasPrefix("odd.csv:2:2: text follows the closing quote") == true)
        // A decimal comma inside quotes is one cell, and not a number: the message shows it.
        #expect(thrownMessage { _ = try parse("a,y\n\"1,5\",0\n") }
                == "odd.csv:2:1: '1,5' in column 1 ('a') is not a finite number")
    }

    @Test func item5_otherSeparatorsGetAHint() {
        for (text, name) in [("a;b;y\n1,5;2;0\n", "semicolons"), ("a\tb\ty\n1\t2\t0\n", "tabs")] {
            #expect(thrownMessage { _ = try parse(text) }
                    == "odd.csv:1: the header is a single column, but it contains \(name): this loader reads "
                    + "comma-separated values; save the file with commas between cells (and points as decimal marks)")
        }
    }

    @Test func item5_anEmptySpecialFileIsEmptyNotAnIOError() {
        #expect(throws: DataError.emptyFile(path: "/dev/null")) { try CSVLoader.load(path: "/dev/null") }
        // A device that never ends is cut off instead of filling the memory.
        #expect(thrownMessage { _ = try CSVLoader.load(path: "/dev/zero") }?.contains("larger than 100 MB") == true)
    }

    @Test func item5_aHugeCellIsShortenedInTheMessage() {
        let cell = String(repeating: "x", count: 10_000_000)
        let message = thrownMessage { _ = try parse("a,y\n\(cell),1\n") }
        #expect(message == "odd.csv:2:1: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (10000000 characters)' in column 1 ('a') is not "
                + "a finite number")
    }

    @Test func extra_aByteOrderMarkIsNotPartOfTheFirstName() throws {
        #expect(try parse("\u{FEFF}a,y\n1,0\n").featureNames == ["a"])
        #expect(throws: DataError.headerIsData(path: "odd.csv")) { try parse("\u{FEFF}1,2\n3,4\n") }
    }
}
