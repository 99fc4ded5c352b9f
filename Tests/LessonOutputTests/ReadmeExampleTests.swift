// The README's example of using TuningLab from another package is the code that CI
// builds and runs (Tests/UsageExample): if one changes without the other, this fails.

import Foundation
import Testing

@Suite("README's usage example")
struct ReadmeExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The lines of the example's main.swift, from `import` on (its opening comment is
    /// for readers of the file), must stand in README.md as one block.
    @Test func readmeShowsTheExampleThatCIBuilds() throws {
        let example = try String(contentsOf: Self.root.appendingPathComponent(
            "Tests/UsageExample/Sources/TuneAFunction/main.swift"), encoding: .utf8)
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let code = example.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("import ") }
            .joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!code.isEmpty)
        #expect(readme.contains("```swift\n" + code + "\n```"), "README.md no longer shows Tests/UsageExample's code")
    }

    /// Every library module is a product (Package.swift's `libraryModules` list), so
    /// another package can depend on it alone, and README.md names it.
    @Test func everyLibraryModuleIsAProductNamedInTheReadme() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let listStart = try #require(manifest.range(of: "let libraryModules = ["))
        let list = manifest[listStart.upperBound...].prefix { $0 != "]" }
        let sources = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Sources").path)
        for module in sources.sorted() where module != "Benchmarks" && !module.hasPrefix(".") {
            #expect(list.contains("\"\(module)\""), "Package.swift's libraryModules does not list \(module)")
            #expect(readme.contains("`\(module)`"), "README.md does not name the product \(module)")
        }
    }
}
