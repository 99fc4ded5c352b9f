// DatasetCatalog.swift
//
// What this file teaches: how a program finds its data files no matter where it is
// started from. `swift run Lesson1_ManualTuning` runs from the package root, but
// `swift run --package-path ~/TuningLab Lesson1_ManualTuning` runs from anywhere.

import Foundation

/// The folder of CSV datasets shipped with TuningLab (`datasets/`).
public struct DatasetCatalog: Sendable {
    /// The folder's path.
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Finds the `datasets/` folder, trying in order:
    /// 1. the `TUNINGLAB_DATASETS` environment variable;
    /// 2. `datasets/` in the current directory or any parent directory;
    /// 3. the package this source file was compiled from (`#filePath` is recorded at
    ///    build time, so a lesson started from another directory still finds it).
    /// Returns nil when none exists.
    public static func locate(sourceFile: String = #filePath) -> DatasetCatalog? {
        let fileManager = FileManager.default
        func isDatasetFolder(_ path: String) -> Bool {
            var isDirectory: ObjCBool = false
            return fileManager.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["TUNINGLAB_DATASETS"], isDatasetFolder(fromEnvironment) {
            return DatasetCatalog(directory: fromEnvironment)
        }
        var folder = URL(fileURLWithPath: fileManager.currentDirectoryPath)
        while true {
            let candidate = folder.appendingPathComponent("datasets").path
            if isDatasetFolder(candidate),
               fileManager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return DatasetCatalog(directory: candidate)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        // <root>/Sources/LabData/DatasetCatalog.swift -> <root>/datasets
        let root = URL(fileURLWithPath: sourceFile).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidate = root.appendingPathComponent("datasets").path
        return isDatasetFolder(candidate) ? DatasetCatalog(directory: candidate) : nil
    }

    /// The dataset names (file names without `.csv`) in the folder, sorted.
    public func availableNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// The path of dataset `name` ("pima-diabetes" or "pima-diabetes.csv").
    public func path(of name: String) -> String {
        let file = name.hasSuffix(".csv") ? name : name + ".csv"
        return (directory as NSString).appendingPathComponent(file)
    }

    /// Loads dataset `name` from the folder.
    public func load(_ name: String) throws -> Dataset {
        try CSVLoader.load(path: path(of: name), catalogDirectory: directory)
    }

    /// Resolves what a user typed after `--data`: an existing file path is used as
    /// is; otherwise a dataset name from this folder ("iris", "iris.csv"); otherwise
    /// the path is loaded anyway so the error names it and lists what exists.
    public func load(userPath: String) throws -> Dataset {
        if FileManager.default.fileExists(atPath: userPath) {
            return try CSVLoader.load(path: userPath, catalogDirectory: directory)
        }
        if !userPath.contains("/"), FileManager.default.fileExists(atPath: path(of: userPath)) {
            return try load(userPath)
        }
        return try CSVLoader.load(path: userPath, catalogDirectory: directory)
    }
}
