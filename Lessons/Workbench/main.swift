// Workbench: your own experiments with TuningLab, for the exercises that say "in the
// workbench" (and anything else you want to try). Edit freely and run
//
//     swift run Workbench
//
// It imports every module. The starting point below tunes the first article's network on
// the Pima data with a small grid, as Lesson 3 does, in a few seconds. Undo your changes
// with `git checkout Lessons/Workbench`.

import Experiments
import GaussianProcesses
import HyperSearch
import LabData
import LabMath
import LessonKit
import TextCharts
import TrainingEngine

do {
    guard let datasets = DatasetCatalog.locate() else { throw DataError.invalidArgument("no datasets/ folder found") }
    let dataset = try datasets.load("pima-diabetes")
    // The article's network, 20 epochs, scored by 3-fold cross-validation.
    let tuning = try NetworkTuning(dataset: dataset, folds: 3, defaults: NetworkSettings(epochs: 20), seed: 42)
    let grid = try GridSearch([.values("learningRate", [0.001, 0.01, 0.1]),
                               .values("batchSize", [10, 40])], limit: 20)
    var tuner = try Tuner(searcher: grid, objective: tuning.objective(), budget: .trials(grid.size))
    let result = try tuner.run()
    print(SearchReport.table(result))
    if let best = result.best { print("best: \(best.configuration)") }
} catch {
    // Errors are printed, never a crash: e.g. a grid larger than its limit.
    print("Workbench: error: \(error)")
}
