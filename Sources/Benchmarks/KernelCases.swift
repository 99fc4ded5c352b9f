// KernelCases.swift: the matrix-product kernel alone, in billions of multiply-adds per
// second, on the shapes of the digits network's mini-batch (batch 32, 64 -> 64 -> 10).

import LabMath

/// Times `repetitions` products of the given kind and returns GMAC/s (best of 9).
func productRate(m: Int, p: Int, n: Int, transposedA: Bool, size: BenchmarkSize) -> Double {
    var rng = SeededGenerator(seed: 1)
    func random(_ r: Int, _ c: Int) -> Matrix {
        Matrix(rows: r, columns: c, elements: (0..<(r * c)).map { _ in rng.nextDouble() })
    }
    let a = transposedA ? random(p, m) : random(m, p)
    let b = random(p, n)
    var c = Matrix(rows: m, columns: n)
    let repetitions = max(1, size.pick(50_000_000, smoke: 500_000) / (m * p * n))
    let time = bestSeconds(of: size.repetitions(9)) {
        for _ in 0..<repetitions {
            if transposedA {
                multiply(transposing: a, b, into: &c)
            } else {
                multiply(a, b, into: &c)
            }
        }
    }
    return Double(repetitions * m * p * n) / time / 1e9
}

func kernelCases(size: BenchmarkSize) -> [BenchmarkCase] {
    [
        BenchmarkCase(name: "matmul-32x64x64", unit: "GMAC/s") { productRate(m: 32, p: 64, n: 64, transposedA: false, size: size) },
        BenchmarkCase(name: "matmul-T-64x32x64", unit: "GMAC/s") { productRate(m: 64, p: 32, n: 64, transposedA: true, size: size) },
        BenchmarkCase(name: "matmul-32x64x10", unit: "GMAC/s") { productRate(m: 32, p: 64, n: 10, transposedA: false, size: size) },
        BenchmarkCase(name: "matmul-128x128x128", unit: "GMAC/s") { productRate(m: 128, p: 128, n: 128, transposedA: false, size: size) },
        BenchmarkCase(name: "two-core-handoff", unit: "round-trips/s") { handoffRate(size: size) },
    ]
}

/// Round trips through the two-core hand-off with an empty body, per second.
func handoffRate(size: BenchmarkSize) -> Double {
    let rounds = size.pick(200_000, smoke: 1_000)
    let time = bestSeconds(of: size.repetitions(3)) {
        for _ in 0..<rounds {
            runSplittingAcrossTwoCores(count: 8, splitAt: 4, worthSplitting: true) { _ in }
        }
    }
    return Double(rounds) / time
}
