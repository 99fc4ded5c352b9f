// TemporaryFiles.swift: data files for tests that feed the lessons and loaders a file
// of their own (a bad CSV, a special file), in one folder per test process.

import Foundation

public enum TemporaryFiles {
    /// Writes `text` to the file `name` in this process's temporary folder, or in its
    /// subfolder `subfolder` (created if needed; the file is replaced if it exists), and
    /// returns its path.
    public static func write(_ name: String, _ text: String, in subfolder: String? = nil) throws -> String {
        var folder = FileManager.default.temporaryDirectory.appendingPathComponent("tuninglab-tests-\(getpid())")
        if let subfolder { folder = folder.appendingPathComponent(subfolder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
