// Benchmarks: `swift run -c release Benchmarks [case ...]`
//
// Prints one line per case, "<case-name> <value> <unit>". Each case is timed several
// times and the fastest run is reported (see `bestSeconds`). Pass case names to run
// only those.

import Foundation
import LabData
import LabMath
import TrainingEngine

/// A named measurement.
struct BenchmarkCase {
    let name: String
    let unit: String
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

guard let catalog = DatasetCatalog.locate() else {
    FileHandle.standardError.write(Data("Benchmarks: cannot find datasets/\n".utf8))
    exit(1)
}

let cases: [BenchmarkCase] = trainingCases(catalog: catalog) + kernelCases() + gaussianProcessCases()
    + bayesianOptimizationCases() + broadBayesCases()

let requested = Set(CommandLine.arguments.dropFirst())
for benchmark in cases where requested.isEmpty || requested.contains(benchmark.name) {
    do {
        let value = try benchmark.run()
        print("\(benchmark.name) \(String(format: "%.6g", value)) \(benchmark.unit)")
    } catch {
        print("\(benchmark.name) failed: \(error)")
    }
}
