// swift-tools-version:6.0
//
// TuningLab: learn hyperparameter tuning by watching it happen, in pure Swift.
//
// Layout: library modules in Sources/ (one idea each), one executable per lesson in
// Lessons/, tests in Tests/, the CSV data in datasets/. No package dependencies.

import PackageDescription

// MARK: - Build settings

/// The numeric modules are compiled with optimisation even in debug builds.
///
/// `swift run LessonN_...` builds in debug mode (`-Onone`), where every array access is
/// a function call and tight numeric loops run 20 to 50 times slower than in release.
/// Lessons train dozens of networks, so without this a lesson would take minutes
/// instead of seconds. Lesson code, charts and tests stay unoptimised and easy to step
/// through in a debugger. `-O` keeps every safety check (bounds, overflow); `@testable
/// import` still works because SwiftPM adds `-enable-testing` in debug builds.
#if arch(x86_64)
let hostIsX86_64 = true
#else
let hostIsX86_64 = false
#endif

/// Two more flags for the numeric modules, explained in README.md ("Speed"):
/// * `-fno-math-errno`: square roots become one instruction (and SIMD-vectorisable)
///   instead of a call that may set C's `errno`, which Swift code never reads.
/// * `-mavx` in release builds on x86-64: 256-bit SIMD registers (4 doubles per
///   instruction; every x86-64 processor since 2011 has them). Debug builds, which the
///   lessons and tests use, stay at the baseline instruction set. Results are the
///   same bits either way: no operation is reordered or fused, only done 4 at a time.
let fastMathLibrary: [SwiftSetting] = [
    .unsafeFlags(["-Xcc", "-fno-math-errno"]),
] + (hostIsX86_64 ? [.unsafeFlags(["-Xcc", "-mavx"], .when(configuration: .release))] : [])

let optimizedEvenInDebug: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
] + fastMathLibrary


// MARK: - Lessons

/// Every lesson is an executable in Lessons/<name>/ using the modules it imports.
let lessons: [(name: String, dependencies: [Target.Dependency])] = [

    ("Lesson1_ManualTuning", ["LabMath", "LabData", "TrainingEngine", "TextCharts", "LessonKit", "Experiments"]),
    ("Lesson2_RandomSearch", ["LabData", "TextCharts", "LessonKit", "HyperSearch", "Experiments"]),
    ("Lesson3_GridSearch", ["LabData", "TextCharts", "LessonKit", "HyperSearch", "Experiments"]),
    ("Lesson4_BayesianOptimization",
     ["LabData", "LabMath", "TextCharts", "LessonKit", "HyperSearch", "GaussianProcesses", "Experiments"]),
    ("Lesson5_ModelSelection", ["LabData", "LabMath", "TextCharts", "LessonKit", "HyperSearch", "TrainingEngine", "Experiments"]),
]

// MARK: - Package

/// Every module and lesson folder has a README.md for readers; it is not a resource.
let readme = ["README.md"]

let lessonTargets: [Target] = lessons.map { lesson in
    .executableTarget(name: lesson.name, dependencies: lesson.dependencies, path: "Lessons/\(lesson.name)",
                      exclude: readme)
}

let libraryTargets: [Target] = [
    // Seeded randomness, matrices, statistics, Cholesky, the normal distribution.
    .target(name: "LabMath", exclude: readme, swiftSettings: optimizedEvenInDebug),
    // CSV loading, datasets, splits, standardisation, folds.
    .target(name: "LabData", dependencies: ["LabMath"], exclude: readme, swiftSettings: optimizedEvenInDebug),
    // The instrumented neural-network training engine.
    .target(name: "TrainingEngine", dependencies: ["LabMath"], exclude: readme, swiftSettings: optimizedEvenInDebug),
    // ASCII charts and tables for the terminal.
    .target(name: "TextCharts", dependencies: ["LabMath"], exclude: readme),
    // Lesson support: flags, numbered steps, prose, code cells.
    .target(name: "LessonKit", dependencies: ["LabMath", "LabData", "TextCharts"], exclude: readme),
    // Search spaces, configurations, searchers (manual, random, grid), the tuner, cross-validation.
    .target(name: "HyperSearch", dependencies: ["LabMath", "LabData", "TextCharts", "GaussianProcesses"],
            exclude: readme),
    // Gaussian-process regression, its marginal likelihood, acquisition functions.
    .target(name: "GaussianProcesses", dependencies: ["LabMath"], exclude: readme, swiftSettings: optimizedEvenInDebug),
    // Recipes shared by the lessons: prepared splits, the article's network, trials, reports.
    .target(name: "Experiments",
            dependencies: ["LabMath", "LabData", "TrainingEngine", "TextCharts", "LessonKit", "HyperSearch",
                           "GaussianProcesses"],
            exclude: readme),

    .executableTarget(name: "Benchmarks",
                      dependencies: ["LabMath", "LabData", "TrainingEngine", "GaussianProcesses", "HyperSearch", "Experiments"],
                      path: "Sources/Benchmarks"),
]

let testTargets: [Target] = [
    // Shared test helpers (tolerances, finite differences, running lessons).
    .target(name: "TestSupport", dependencies: ["LabMath"], path: "Tests/TestSupport"),
    .testTarget(name: "LabMathTests", dependencies: ["LabMath", "TestSupport"]),
    .testTarget(name: "LabDataTests", dependencies: ["LabData", "TestSupport"]),
    .testTarget(name: "TrainingEngineTests", dependencies: ["TrainingEngine", "LabData", "TestSupport"]),
    .testTarget(name: "TextChartsTests", dependencies: ["TextCharts"]),
    .testTarget(name: "HyperSearchTests", dependencies: ["HyperSearch", "TestSupport"]),
    .testTarget(name: "GaussianProcessesTests", dependencies: ["GaussianProcesses", "HyperSearch", "TestSupport"]),
    .testTarget(name: "LessonKitTests", dependencies: ["LessonKit", "TestSupport"]),
    .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "TestSupport"]),
    // Runs the lesson executables (so it depends on them: they are built first).
    .testTarget(name: "LessonOutputTests",
                dependencies: ["TestSupport"] + lessons.map { .target(name: $0.name) }),
]

let package = Package(
    name: "TuningLab",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "TuningLab", targets: ["LabMath", "LabData", "TrainingEngine", "TextCharts", "LessonKit", "Experiments"]),
    ],
    targets: libraryTargets + testTargets + lessonTargets
)
