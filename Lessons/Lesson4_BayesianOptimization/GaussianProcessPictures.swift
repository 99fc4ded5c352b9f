// GaussianProcessPictures.swift
//
// What this file teaches: how to look inside a Gaussian process. Three pictures:
//
//   prior samples   functions drawn from the GP before any data: what "smooth with
//                   length scale l" means
//   posterior band  the mean and a +/- 2 standard deviation band after some
//                   observations, with the acquisition function underneath
//   2-D heatmaps    the mean, the standard deviation and the acquisition over two
//                   hyperparameters
//
// All three are drawn from numbers computed by the GaussianProcesses module. (Lesson 4's
// own pictures; the charts themselves come from TextCharts.)

import GaussianProcesses
import HyperSearch
import LabMath
import TextCharts

enum GaussianProcessPictures {
    /// `count` functions drawn from a zero-mean GP prior with unit signal variance,
    /// evaluated on `grid` (1-D inputs): f = L z with L L^T = K + jitter I and z
    /// standard normal. The jitter (1e-8) keeps K, which is numerically singular for
    /// closely spaced points, factorisable; it adds noise of standard deviation 1e-4,
    /// invisible in a chart.
    static func priorSamples(kernel: Kernel, lengthScale: Double, grid: [Double], count: Int,
                             rng: inout SeededGenerator) throws -> [[Double]] {
        let n = grid.count
        var k = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0..<n {
                let r = (grid[i] - grid[j]) / lengthScale
                k[i, j] = kernel.correlation(scaledSquaredDistance: r * r) + (i == j ? 1e-8 : 0)
            }
        }
        let factor = try CholeskyFactor(k)
        return (0..<count).map { _ in
            let z = (0..<n).map { _ in rng.nextNormal() }
            return (0..<n).map { i in (0...i).reduce(0.0) { $0 + factor.lower[i, $1] * z[$1] } }
        }
    }

    /// The chart of prior samples.
    static func priorChart(_ samples: [[Double]], grid: [Double], lengthScale: Double) -> String {
        var chart = LineChart(title: "\(samples.count) functions drawn from the prior (length scale \(Format.compact(lengthScale)))",
                              xLabel: "x", yLabel: "f(x)")
        chart.height = 10
        // Marks 1, 2, 3, ...: the legend reads "1 draw 1", one digit per draw.
        for (k, sample) in samples.prefix(9).enumerated() {
            chart.add("draw \(k + 1)", points: zip(grid, sample).map { (x: $0, y: $1) }, mark: Character(String(k + 1)))
        }
        return chart.render()
    }

    /// The posterior of a 1-D model over `grid` (in cube coordinates) and, if given, the
    /// acquisition underneath, with the observations and the next point.
    ///
    /// - Parameters:
    ///   - toAxis: maps a cube coordinate to the value printed on the x axis (e.g. the
    ///     learning rate, drawn on a log axis with `xScale: .log10`).
    static func band(model: GaussianProcessRegressor, grid: [Double], toAxis: (Double) -> Double,
                     xScale: AxisScale = .linear, truth: ((Double) -> Double)? = nil,
                     acquisition: AcquisitionFunction?, incumbent: Double?, direction: OptimizationDirection,
                     next: Double?, title: String, xLabel: String, yLabel: String) throws -> String {
        let prediction = try model.predict(Matrix(rows: grid.count, columns: 1, elements: grid))
        var chart = bandChart(posterior: zip(prediction.mean, prediction.standardDeviation).map { ($0, $1) },
                              x: grid.map(toAxis), xScale: xScale,
                              observations: (0..<model.count).map { (x: toAxis(model.inputs[$0, 0]), y: model.targets[$0]) },
                              title: title, xLabel: xLabel, yLabel: yLabel)
        if let truth { chart.truth = grid.map(truth) }
        if let acquisition, let incumbent {
            chart.acquisition = acquisition.evaluate(prediction, incumbent: incumbent, direction: direction)
            chart.acquisitionLabel = acquisitionName(acquisition)
        }
        chart.nextX = next.map(toAxis)
        return chart.render()
    }

    /// A band on the Forrester function (steps 1 to 3), the truth drawn in; with `next`,
    /// expected improvement over `next.incumbent` underneath and its peak at `next.x`.
    static func forresterBand(model: GaussianProcessRegressor, grid: [Double], title: String,
                              next: (x: Double, incumbent: Double?)? = nil) throws -> String {
        try band(model: model, grid: grid, toAxis: { $0 }, truth: TestFunctions.forrester,
                 acquisition: next == nil ? nil : .expectedImprovement(xi: 0), incumbent: next?.incumbent,
                 direction: .minimize, next: next?.x, title: title, xLabel: "x", yLabel: "f(x)")
    }

    /// Step 5's picture: the learning-rate search's model before its last trial, mean
    /// CV accuracy over a log learning-rate axis, expected improvement underneath and
    /// the last proposal marked; nil before any guided trial.
    static func lastProposalBand(_ searcher: BayesianOptimization, grid: [Double]) throws -> String? {
        guard let model = searcher.model, let last = searcher.steps.last, let incumbent = last.incumbent else { return nil }
        let encoding = searcher.encoding
        return try band(model: model, grid: grid, toAxis: { encoding.decode([$0])["learningRate"]?.number ?? .nan },
                        xScale: .log10, truth: nil, acquisition: .expectedImprovement(xi: 0), incumbent: incumbent,
                        direction: .maximize, next: encoding.encode(last.configuration)[0],
                        title: "The model of mean CV accuracy before the last trial (log scale)", xLabel: "learning rate",
                        yLabel: "accuracy")
    }

    /// A posterior given as numbers (mean and sd at each `x`, e.g. in the scores' units
    /// after a transform was undone) with the observations: the band alone.
    static func band(posterior: [(mean: Double, standardDeviation: Double)], x: [Double], xScale: AxisScale = .linear,
                     observations: [(x: Double, y: Double)], title: String, xLabel: String, yLabel: String) -> String {
        bandChart(posterior: posterior, x: x, xScale: xScale, observations: observations, title: title, xLabel: xLabel,
                  yLabel: yLabel).render()
    }

    /// The band chart of a posterior: the mean inside mean +/- 2 sd, and the observations.
    static func bandChart(posterior: [(mean: Double, standardDeviation: Double)], x: [Double], xScale: AxisScale,
                          observations: [(x: Double, y: Double)], title: String, xLabel: String,
                          yLabel: String) -> BandChart {
        var chart = BandChart(x: x, mean: posterior.map(\.mean),
                              lower: posterior.map { $0.mean - 2 * $0.standardDeviation },
                              upper: posterior.map { $0.mean + 2 * $0.standardDeviation })
        chart.title = title
        chart.xLabel = xLabel
        chart.yLabel = yLabel
        chart.xScale = xScale
        chart.height = 12
        chart.observations = observations
        return chart
    }

    /// The (x, y) values of two numeric hyperparameters for every trial of `result`
    /// that has both, to mark the trials on a heatmap.
    static func trialPoints(_ result: SearchResult, x: String, y: String) -> [(x: Double, y: Double)] {
        result.trials.compactMap { trial in
            guard let a = trial.configuration[x]?.number, let b = trial.configuration[y]?.number else { return nil }
            return (a, b)
        }
    }

    /// "expected improvement", "probability of improvement" or "confidence bound".
    static func acquisitionName(_ acquisition: AcquisitionFunction) -> String {
        switch acquisition {
        case .expectedImprovement: return "expected improvement"
        case .probabilityOfImprovement: return "probability of improvement"
        case .confidenceBound: return "confidence bound"
        }
    }

    /// Three compact heatmaps (mean, standard deviation, acquisition) of a model over
    /// two cube coordinates, the others held at `base`. `xAxis` and `yAxis` give, for
    /// each of the two coordinates, its index, name and the printed range that the
    /// cube's [0, 1] maps to (linearly, or linearly in log10 for a log scale).
    ///
    /// Grid column c sits at cube coordinate c / (columns - 1), ends included, which is
    /// where `CompactHeatmap` places and labels it.
    ///
    /// - Returns: the three rendered panels, and the cells the mean and acquisition
    ///   panels mark as best, as full points of the cube (for sentences about them).
    static func heatmaps(model: GaussianProcessRegressor, base: [Double],
                         xAxis: (index: Int, name: String, range: ClosedRange<Double>, scale: AxisScale),
                         yAxis: (index: Int, name: String, range: ClosedRange<Double>, scale: AxisScale),
                         integerY: Bool = false,
                         acquisition: AcquisitionFunction, incumbent: Double, direction: OptimizationDirection,
                         observations: [(x: Double, y: Double)], observationName: String = "trials",
                         resolution: (columns: Int, rows: Int) = (36, 12)) throws -> SliceMaps {
        var points: [Double] = []
        for r in 0..<resolution.rows {
            for c in 0..<resolution.columns {
                var u = base
                u[xAxis.index] = Double(c) / Double(resolution.columns - 1)
                u[yAxis.index] = Double(r) / Double(resolution.rows - 1)
                points += u
            }
        }
        let prediction = try model.predict(Matrix(rows: resolution.rows * resolution.columns, columns: base.count, elements: points))
        let scores = acquisition.evaluate(prediction, incumbent: incumbent, direction: direction)
        func grid(_ values: [Double]) -> [[Double]] {
            (0..<resolution.rows).map { r in Array(values[(r * resolution.columns)..<((r + 1) * resolution.columns)]) }
        }
        let better: BetterEnd = direction == .maximize ? .higher : .lower
        // Mean and sd in the scores' units with 3 decimals; the acquisition, often a
        // tiny number, in compact (scientific when small) notation.
        let panels: [(String, [Double], BetterEnd?, Int?)] = [
            ("Posterior mean", prediction.mean, better, 3),
            ("Posterior standard deviation", prediction.standardDeviation, nil, 3),
            ("\(acquisitionName(acquisition).capitalizedFirst) (where to look next)", scores, .higher, nil),
        ]
        // The cell each marked panel calls best: the first strictly better one in the
        // order CompactHeatmap scans (row by row), so sentence and picture agree.
        func bestCell(_ values: [Double], prefers: (Double, Double) -> Bool) -> (point: [Double], value: Double) {
            var best = 0
            for k in values.indices where values[k].isFinite && (!values[best].isFinite || prefers(values[k], values[best])) {
                best = k
            }
            return (Array(points[(best * base.count)..<((best + 1) * base.count)]), values[best])
        }
        let rendered = panels.map { title, values, best, decimals in
            var map = CompactHeatmap(values: grid(values), xRange: xAxis.range, xScale: xAxis.scale,
                                     yRange: yAxis.range, yScale: yAxis.scale)
            map.title = title
            map.xLabel = xAxis.name
            map.yLabel = yAxis.name
            map.better = best
            map.height = resolution.rows
            map.decimals = decimals
            map.integerY = integerY
            map.addPoints(observationName, points: observations, mark: "o")
            return map.render()
        }
        return SliceMaps(panels: rendered,
                         bestMean: bestCell(prediction.mean) { direction.isBetter($0, than: $1) },
                         bestAcquisition: bestCell(scores) { $0 > $1 })
    }

    /// What `heatmaps` drew: the panels, and the best cells of the mean and acquisition.
    struct SliceMaps {
        let panels: [String]
        let bestMean: (point: [Double], value: Double)
        let bestAcquisition: (point: [Double], value: Double)
    }
}

extension String {
    /// The string with its first letter in upper case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
