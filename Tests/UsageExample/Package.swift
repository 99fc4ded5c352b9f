// swift-tools-version:6.0
//
// A package of your own that uses TuningLab: the example of README.md ("Use TuningLab in
// your own package"). CI builds and runs it against the checkout it sits in, so the
// example cannot silently stop working.

import Foundation
import PackageDescription

// In your package you would write `.package(path: "../TuningLab")` (or a URL with a branch
// or version) and `package: "TuningLab"`. SwiftPM names a dependency by path after its
// folder, and a clone of TuningLab may live in a folder of any name, so this copy of the
// example works the name out from the path.
let tuningLabFolder = URL(fileURLWithPath: Context.packageDirectory).appendingPathComponent("../..").standardized
let tuningLab = tuningLabFolder.lastPathComponent

let package = Package(
    name: "TuneAFunction",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: tuningLabFolder.path)],
    targets: [
        .executableTarget(name: "TuneAFunction",
                          dependencies: [.product(name: "HyperSearch", package: tuningLab)]),
    ]
)
