// Tests for the CSV loader: each kind of malformed file gives an error naming the
// file, line and column; the six shipped datasets load with the documented shapes.

import Foundation
import Testing
@testable import LabData

@Suite("CSV loader")
struct CSVLoaderTests {
    func parse(_ text: String) throws -> Dataset {
        try CSVLoader.parse(text, path: "bad.csv", name: "bad")
    }

    @Test func wellFormedFileLoads() throws {
        let data = try parse("a,b,target\r\n1,2,0\n\n 3.5 , -4e-1 ,1\n")
        #expect(data.count == 2)
        #expect(data.featureNames == ["a", "b"])
        #expect(data.targetName == "target")
        #expect(data.features.elements == [1, 2, 3.5, -0.4])
        #expect(data.targets == [0, 1])
    }

    @Test func raggedRowNamesFileAndLine() {
        #expect(throws: DataError.raggedRow(path: "bad.csv", line: 3, expected: 3, found: 2)) {
            try parse("a,b,y\n1,2,0\n3,4\n")
        }
        let message = DataError.raggedRow(path: "bad.csv", line: 3, expected: 3, found: 2).description
        #expect(message.hasPrefix("bad.csv:3:"))
    }

    @Test func nonNumericCellNamesLineColumnAndHeader() {
        #expect(throws: DataError.notANumber(path: "bad.csv", line: 2, column: 2, columnName: "b", text: "abc")) {
            try parse("a,b,y\n1,abc,0\n")
        }
        #expect(throws: DataError.notANumber(path: "bad.csv", line: 2, column: 1, columnName: "a", text: "nan")) {
            try parse("a,b,y\nnan,1,0\n")
        }
        let message = DataError.notANumber(path: "bad.csv", line: 2, column: 2, columnName: "b", text: "abc").description
        #expect(message == "bad.csv:2:2: 'abc' in column 2 ('b') is not a finite number")
    }

    @Test func emptyCellsEmptyFilesAndHeaderOnly() {
        #expect(throws: DataError.emptyCell(path: "bad.csv", line: 2, column: 3, columnName: "y")) {
            try parse("a,b,y\n1,2,\n")
        }
        #expect(throws: DataError.emptyFile(path: "bad.csv")) { try parse("") }
        #expect(throws: DataError.emptyFile(path: "bad.csv")) { try parse("\n  \n") }
        #expect(throws: DataError.noDataRows(path: "bad.csv")) { try parse("a,b,y\n") }
        #expect(throws: DataError.tooFewColumns(path: "bad.csv", found: 1)) { try parse("y\n1\n") }
    }

    @Test func aFileWithoutHeaderOrWithHexadecimalIsRefused() {
        // The first line is data: it would become column names and lose an example.
        #expect(throws: DataError.headerIsData(path: "bad.csv")) { try parse("1,2,0\n3,4,1\n") }
        #expect(throws: DataError.notANumber(path: "bad.csv", line: 2, column: 1, columnName: "a", text: "0x10")) {
            try parse("a,y\n0x10,1\n")
        }
        #expect(CSVLoader.decimalNumber("-3.5e-2") == -0.035)
        #expect(CSVLoader.decimalNumber("0x10") == nil && CSVLoader.decimalNumber("inf") == nil)
        #expect(CSVLoader.decimalNumber("") == nil)
    }

    @Test func missingFileListsTheDatasetsThatExist() throws {
        let catalog = try #require(DatasetCatalog.locate())
        do {
            _ = try CSVLoader.load(path: "no-such-file.csv", catalogDirectory: catalog.directory)
            Issue.record("expected an error")
        } catch let error as DataError {
            let message = error.description
            #expect(message.contains("no-such-file.csv: no such file"))
            #expect(message.contains("pima-diabetes"))
            #expect(message.contains("digits-8x8"))
        }
    }

    @Test func realFilesOnDiskReportTheirPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tuninglab-csv-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.csv")
        try "x,y\n1,0\n2,oops\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: DataError.notANumber(path: file.path, line: 3, column: 2, columnName: "y", text: "oops")) {
            try CSVLoader.load(path: file.path)
        }
        #expect(throws: DataError.unreadable(path: directory.path, reason: "it is a directory")) {
            try CSVLoader.load(path: directory.path)
        }
    }

    /// Shapes from ../shared/datasets/PROVENANCE.md.
    @Test(arguments: [("pima-diabetes", 768, 8, 2), ("breast-cancer", 569, 30, 2), ("digits-8x8", 1797, 64, 10),
                      ("iris", 150, 4, 3), ("wine", 178, 13, 3)])
    func shippedClassificationDatasetsHaveTheDocumentedShape(name: String, rows: Int, features: Int, classes: Int) throws {
        let catalog = try #require(DatasetCatalog.locate())
        let data = try catalog.load(name)
        #expect(data.count == rows)
        #expect(data.featureCount == features)
        #expect(try data.classCount() == classes)
    }

    @Test func regressionDatasetIsNotAClassification() throws {
        let catalog = try #require(DatasetCatalog.locate())
        let data = try catalog.load("diabetes-progression")
        #expect(data.count == 442 && data.featureCount == 10)
        #expect(data.targets.min()! >= 25 && data.targets.max()! <= 346)
        #expect(throws: DataError.self) { try Dataset(name: "r", featureNames: ["x"], targetName: "y",
                                                        features: .init([[1]]), targets: [0.5]).classLabels() }
    }

    @Test func catalogResolvesNamesAndPaths() throws {
        let catalog = try #require(DatasetCatalog.locate())
        #expect(catalog.availableNames().count == 6)
        #expect(try catalog.load(userPath: "iris").count == 150)
        #expect(try catalog.load(userPath: "iris.csv").count == 150)
        #expect(try catalog.load(userPath: catalog.path(of: "wine")).count == 178)
        #expect(throws: DataError.self) { try catalog.load(userPath: "irises") }
    }
}
