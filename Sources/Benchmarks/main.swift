// Benchmarks: `swift run -c release Benchmarks [--smoke] [case ...]`
//
// Prints one line per case, "<case-name> <value> <unit>". Each case is timed several
// times and the fastest run is reported (see `bestSeconds`). Pass case names to run
// only those; `--smoke` runs every case once at tiny sizes (BenchmarkSize.swift), to
// prove that they all still build and run; `--list` prints the case names.

import Foundation
import LabData
import LabMath
import TrainingEngine

/// A named measurement. Cases that belong together share a `group` name, which runs
/// them all (e.g. `schedulers-digits-equal-epochs`, one line per scheduler).
struct BenchmarkCase {
    let name: String
    let unit: String
    var group: String? = nil
    let run: () throws -> Double
}

/// Wall-clock seconds of `body`, using the monotonic clock.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The fastest of `repetitions` timings of `body`.
///
/// This machine is shared: other work can only make a run slower, never faster, so the
/// minimum is the most repeatable estimate of what the code itself costs (the advice
/// of Python's `timeit`). The numpy figures we compare with are taken the same way.
func bestSeconds(of repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repetitions { best = min(best, try seconds(body)) }
    return best
}

/// Writes a message to standard error; never traps, even when stderr is closed.
func complain(_ message: String) {
    try? FileHandle.standardError.write(contentsOf: Data((message + "\n").utf8))
}

let usage = "usage: Benchmarks [--smoke] [--list] [case-name ...]"
var arguments = Array(CommandLine.arguments.dropFirst())
let size: BenchmarkSize = arguments.contains("--smoke") ? .smokeTest : .full
let listOnly = arguments.contains("--list")
arguments.removeAll { $0 == "--smoke" || $0 == "--list" }
if let flag = arguments.first(where: { $0.hasPrefix("-") }) {
    complain("Benchmarks: unknown option '\(flag)'\n\(usage)")
    exit(64)
}

guard let catalog = DatasetCatalog.locate() else {
    complain("Benchmarks: cannot find the datasets/ folder; run from the TuningLab package or set TUNINGLAB_DATASETS")
    exit(1)
}

let cases: [BenchmarkCase] = trainingCases(catalog: catalog, size: size) + kernelCases(size: size)
    + gaussianProcessCases(smoke: size.smoke) + gpScreeningStudyCases(smoke: size.smoke)
    + bayesianOptimizationCases(smoke: size.smoke)
    + broadBayesCases(smoke: size.smoke) + noiseStudyCases(smoke: size.smoke)
    + schedulerCases(catalog: catalog, smoke: size.smoke)

if listOnly {
    for benchmark in cases { print(benchmark.name + (benchmark.group.map { " (group \($0))" } ?? "")) }
    exit(0)
}
// A name may be a case or a group of cases (e.g. schedulers-digits-equal-epochs).
let unknown = arguments.filter { name in !cases.contains { $0.name == name || $0.group == name } }
if !unknown.isEmpty {
    complain("Benchmarks: no case named \(unknown.map { "'\($0)'" }.joined(separator: ", ")); "
             + "`Benchmarks --list` prints the names\n\(usage)")
    exit(64)
}

var failures = 0
for benchmark in cases where arguments.isEmpty || arguments.contains(benchmark.name)
    || benchmark.group.map(arguments.contains) == true {
    do {
        let value = try benchmark.run()
        print("\(benchmark.name) \(String(format: "%.6g", value)) \(benchmark.unit)")
    } catch {
        print("\(benchmark.name) failed: \(error)")
        failures += 1
    }
}
// A failed case is a failure of the run, so that CI's smoke run notices it.
exit(failures == 0 ? 0 : 1)
