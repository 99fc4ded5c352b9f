// Tests for the check a yes/no lesson makes before training: every target 0 or 1, and
// enough rows of each class for its splits and folds, with messages that name the row.

import Testing
@testable import LabData
import LabMath

@Suite("Binary labels")
struct BinaryLabelTests {
    func dataset(_ targets: [Double]) -> Dataset {
        Dataset(checkedName: "t", featureNames: ["x"], targetName: "sick",
                features: Matrix(rows: targets.count, columns: 1, elements: targets.indices.map(Double.init)),
                targets: targets)
    }

    @Test func acceptsZerosAndOnesWithEnoughOfEach() throws {
        #expect(try dataset([0, 1, 1, 0, 1, 0]).binaryLabels(minimumPerClass: 3) == [0, 1, 1, 0, 1, 0])
    }

    @Test func namesTheFirstTargetThatIsNotZeroOrOne() {
        #expect(throws: DataError.notBinary(targetName: "sick", row: 3, value: 2)) {
            try dataset([0, 1, 2, 0.5]).binaryLabels(minimumPerClass: 1)
        }
        let message = DataError.notBinary(targetName: "sick", row: 3, value: 2).description
        #expect(message.contains("row 3") && message.contains("line 4") && message.contains("'sick'"))
    }

    @Test func refusesAClassWithTooFewRows() {
        #expect(throws: DataError.tooFewRowsInClass(targetName: "sick", label: 1, found: 2, needed: 5)) {
            try dataset([0, 0, 0, 0, 0, 1, 1]).binaryLabels(minimumPerClass: 5)
        }
        #expect(throws: DataError.tooFewRowsInClass(targetName: "sick", label: 1, found: 0, needed: 1)) {
            try dataset([0, 0]).binaryLabels(minimumPerClass: 1)
        }
    }
}
