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

/// Whether SwiftPM lets this package use `unsafeFlags`.
///
/// SwiftPM accepts unsafe flags in the root package and in dependencies named by path or
/// by branch, but refuses a package that contains them when another package depends on
/// it *by version* ("the target ... contains unsafe build flags"). Every dependency that
/// SwiftPM (or Xcode) resolves from a URL is checked out into a folder named
/// `checkouts` (`.build/checkouts/TuningLab`, `SourcePackages/checkouts/TuningLab`), so
/// there this manifest leaves the flags out. The price, documented in README.md ("Use
/// TuningLab in your own package"): a dependent's *debug* build of the numeric modules
/// is unoptimised and slow; its release build is as fast as ours (minus AVX). A clone
/// that is the root package, or a dependency by path, keeps the fast debug build.
let parentFolderName = Context.packageDirectory.split(separator: "/").dropLast().last.map(String.init) ?? ""
let mayUseUnsafeFlags = parentFolderName != "checkouts"

/// Two more flags for the numeric modules, explained in README.md ("Speed"):
/// * `-fno-math-errno`: C's math functions (`exp`, `log`, ...) may be treated as pure,
///   since nothing here reads the `errno` they could set, so the optimiser may hoist
///   or vectorise them. (Square roots use Swift's `squareRoot()`, one instruction.)
/// * `-mavx` in release builds on x86-64: 256-bit SIMD registers (4 doubles per
///   instruction; every x86-64 processor since 2011 has them). Debug builds, which the
///   lessons and tests use, stay at the baseline instruction set. Results are the
///   same bits either way: no operation is reordered or fused, only done 4 at a time.
let fastMathLibrary: [SwiftSetting] = !mayUseUnsafeFlags ? [] : [
    .unsafeFlags(["-Xcc", "-fno-math-errno"]),
] + (hostIsX86_64 ? [.unsafeFlags(["-Xcc", "-mavx"], .when(configuration: .release))] : [])

let optimizedEvenInDebug: [SwiftSetting] = !mayUseUnsafeFlags ? [] : [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
] + fastMathLibrary


// MARK: - Lessons

/// Every lesson is an executable in Lessons/<name>/ using the modules it imports.
let lessons: [(name: String, dependencies: [Target.Dependency])] = [

    ("Lesson1_ManualTuning", ["LabMath", "LabData", "TrainingEngine", "TextCharts", "LessonKit", "Experiments"]),
    ("Lesson2_RandomSearch", ["LabData", "TextCharts", "LessonKit", "HyperSearch", "Experiments"]),
    ("Lesson3_GridSearch", ["LabData", "TextCharts", "LessonKit", "HyperSearch", "Experiments"]),
    ("Lesson4_BayesianOptimization",
     ["LabData", "LabMath", "TrainingEngine", "TextCharts", "LessonKit", "HyperSearch", "GaussianProcesses",
      "Experiments"]),
    ("Lesson5_ModelSelection", ["LabData", "LabMath", "TextCharts", "LessonKit", "HyperSearch", "TrainingEngine", "Experiments"]),
    ("Lesson6_EarlyStoppingAndHyperband", ["LabData", "LabMath", "TextCharts", "LessonKit", "HyperSearch", "Experiments"]),
    ("Lesson7_ChoosingATuner", ["LabData", "LabMath", "TextCharts", "LessonKit", "HyperSearch", "TrainingEngine", "Experiments"]),
]

// MARK: - Package

/// Every module, lesson and classroom folder has a README.md for readers; it is not a resource.
let readme = ["README.md"]

let lessonTargets: [Target] = lessons.map { lesson in
    .executableTarget(name: lesson.name, dependencies: lesson.dependencies, path: "Lessons/\(lesson.name)",
                      exclude: readme)
}

/// The library modules, in dependency order; each is also a product of its own.
let libraryModules = ["LabMath", "LabData", "TrainingEngine", "TextCharts", "LessonKit", "GaussianProcesses",
                      "HyperSearch", "Experiments"]

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
            exclude: readme, swiftSettings: optimizedEvenInDebug),
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

// MARK: - Classroom

/// What serves the lessons in class, all under Lessons/: the exercise stubs students
/// edit, the teacher's solutions, the checker that grades either (`swift run Check`),
/// and a workbench for the "change the lesson" exercises (`swift run Workbench`).
let classroomTargets: [Target] = [
    .target(name: "Exercises", dependencies: ["LabMath"], path: "Lessons/Exercises", exclude: readme),
    .target(name: "Solutions", dependencies: ["Exercises", "LabMath"], path: "Lessons/Solutions", exclude: readme),
    .executableTarget(name: "Check",
                      dependencies: ["Exercises", "Solutions", "LabMath", "LabData", "TrainingEngine", "HyperSearch",
                                     "GaussianProcesses", "LessonKit"],
                      path: "Lessons/Check", exclude: readme),
    .executableTarget(name: "Workbench", dependencies: libraryModules.map { .target(name: $0) }, path: "Lessons/Workbench",
                      exclude: readme),
]

let testTargets: [Target] = [
    // Shared test helpers (tolerances, finite differences, running lessons).
    .target(name: "TestSupport", dependencies: ["LabMath", "HyperSearch"], path: "Tests/TestSupport"),
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
    // The checker of the exercises, fed right and deliberately wrong implementations.
    .testTarget(name: "CheckTests", dependencies: ["Check", "TestSupport"]),
]

let package = Package(
    name: "TuningLab",
    platforms: [.macOS(.v13)],
    products: [
        // Everything at once, for a quick start...
        .library(name: "TuningLab", targets: libraryModules),
    ] + libraryModules.map { module in
        // ...or one module at a time, as the lessons import them (`import HyperSearch`).
        .library(name: module, targets: [module])
    },
    targets: libraryTargets + testTargets + lessonTargets + classroomTargets
)
