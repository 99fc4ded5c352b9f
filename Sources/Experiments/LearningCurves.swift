// LearningCurves.swift
//
// What this file teaches: how to read a training run at a glance. Loss against epoch,
// training and validation on the same axes: both falling means learning; training
// falling while validation rises means overfitting; a flat or jagged line means the
// learning rate or batch size needs attention.

import TextCharts
import TrainingEngine

public enum LearningCurves {
    /// Training and validation loss of one run on one chart.
    public static func chart(_ run: TrainingRun, title: String, height: Int = 12) -> String {
        var chart = LineChart(title: title, xLabel: "epoch", yLabel: "loss")
        chart.height = height
        chart.xRange = epochRange(run.history.count)
        chart.integerXTicks = true
        chart.add("training loss", values: run.history.map(\.trainingLoss), mark: "*")
        chart.add("validation loss", values: run.history.compactMap(\.validationLoss), mark: "o")
        return chart.render()
    }

    /// One quantity of several runs on one chart, e.g. the validation loss of three
    /// learning rates. `pick` reads the quantity from an epoch record.
    public static func compare(_ runs: [(name: String, run: TrainingRun, mark: Character)], title: String,
                               yLabel: String, yScale: AxisScale = .linear, height: Int = 12,
                               pick: (EpochRecord) -> Double?) -> String {
        var chart = LineChart(title: title, xLabel: "epoch", yLabel: yLabel)
        chart.height = height
        chart.yScale = yScale
        chart.xRange = epochRange(runs.map { $0.run.history.count }.max() ?? 1)
        chart.integerXTicks = true
        chart.showsOverlaps = true
        for entry in runs {
            chart.add(entry.name, values: entry.run.history.compactMap(pick), mark: entry.mark)
        }
        return chart.render()
    }

    /// Epochs 1...n on the x axis, at least 1...2 so that a one-epoch run still has an
    /// axis (with whole-number ticks, not 0.9, 0.95, 1.0, ...).
    static func epochRange(_ epochs: Int) -> ClosedRange<Double> {
        1...Double(max(2, epochs))
    }

    /// How jagged a curve is: the mean absolute change between consecutive values
    /// (in the curve's units). Noisy mini-batch training makes it larger.
    public static func roughness(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        var total = 0.0
        for (a, b) in zip(values, values.dropFirst()) { total += abs(b - a) }
        return total / Double(values.count - 1)
    }
}
