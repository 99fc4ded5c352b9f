// DefaultsSteps.swift
//
// What this file holds: steps 4 and 8 of Lesson 4 whole, with their three code cells
// (a cell is read from the file that prints it, so they are marked here). Step 4: what
// the library's defaults change, and why (step 1's Forrester search again with
// `settings: .standard`, then plain against log expected improvement). Step 8: the old
// and the new defaults over seeds, on the Forrester function, the six-hump camel and
// step 7's network. main.swift calls them in order, passing what the earlier steps
// computed. The sentences and tables come from BayesDefaultsReport.swift and
// OldAgainstNewReport.swift.

import Experiments
import GaussianProcesses
import HyperSearch
import LabMath
import LessonKit

enum DefaultsSteps {
    /// Step 4: step 1's search again with the new defaults, the two runs side by side,
    /// and where plain expected improvement underflows while log EI stays finite.
    ///
    /// - Parameters:
    ///   - bo: step 1's searcher (`.legacy`), after its last trial; `observed`: its trials.
    ///   - early: its first guided step's model, fitted to the initial design.
    ///   - forrester: the search space, [0, 1]; `fine`: step 3's 401 candidates.
    /// - Returns: the new defaults' run (its best point is in the summary).
    static func whatTheDefaultsChange(_ lesson: Lesson, bo: BayesianOptimization, observed: [(x: Double, y: Double)],
                                      early: GaussianProcessRegressor, forrester: SearchSpace, forresterInitial: Int,
                                      iterations: Int, seed: UInt64, fine: [Double]) throws
        -> BayesDefaultsReport.Run {
        lesson.step("What the library's defaults change, and why")
        let oldSettings = BayesianOptimization.Settings.legacy, newSettings = BayesianOptimization.Settings.standard
        let lengthScalePrior = HyperparameterPrior.dimensionScaled(dimensions: 1).lengthScale!
        lesson.say(BayesDefaultsReport.introduction)
        lesson.show(BayesDefaultsReport.settingsTable(old: oldSettings, new: newSettings))
        lesson.say(BayesDefaultsReport.reasons(lengthScalePrior: lengthScalePrior, old: oldSettings, new: newSettings))
        lesson.code(cell: "new-defaults")
        // cell: new-defaults
        var newBo = try BayesianOptimization(space: forrester, direction: .minimize,
                                             initPoints: forresterInitial,
                                             nIter: iterations, settings: .standard,
                                             seed: seed)
        var newObserved: [(x: Double, y: Double)] = []
        var newFirstFit: (model: GaussianProcessRegressor,
                          transform: PowerTransform?)?
        while let c = try newBo.suggest() {
            if newFirstFit == nil, let model = newBo.model {    // the first model
                newFirstFit = (model, newBo.scoreTransform)
            }
            let x = try c.double("x"), y = TestFunctions.forrester(x)
            newObserved.append((x, y))
            newBo.observe(Trial(number: newObserved.count, configuration: c,
                                evaluation: .score(y)))
        }
        // end cell
        let oldRun = BayesDefaultsReport.Run(name: ".legacy", searcher: bo, observed: observed, firstFit: (early, nil))
        let newRun = BayesDefaultsReport.Run(name: ".standard", searcher: newBo, observed: newObserved,
                                             firstFit: newFirstFit!)    // iterations >= 1: a model was fitted
        lesson.show(BayesDefaultsReport.trialTable([oldRun, newRun]))
        lesson.say(BayesDefaultsReport.outcome(old: oldRun, new: newRun) + " " + (try BayesDefaultsReport.fitStory(
            old: oldRun, new: newRun, priorMode: BayesDefaultsReport.mostLikely(lengthScalePrior))))
        lesson.say(BayesDefaultsReport.modelStory(old: oldRun, new: newRun))
        lesson.code(cell: "log-ei")
        // cell: log-ei
        // Plain EI and log EI on the grid, for each model before its last trial.
        var underflow: [(zeros: Int, logEI: [Double], smallest: Double)] = []
        for run in [bo, newBo] {
            let model = run.model!, fStar = run.steps.last!.incumbent!
            let p = try model.predict(Matrix(rows: fine.count, columns: 1,
                                             elements: fine))
            let ei = AcquisitionFunction.expectedImprovement(xi: 0)
                .evaluate(p, incumbent: fStar, direction: .minimize)
            let logEI = fine.indices.map { i in
                LogExpectedImprovement.evaluate(
                    mean: p.mean[i], standardDeviation: p.standardDeviation[i],
                    incumbent: fStar, xi: 0, direction: .minimize).value
            }
            let zeros = fine.indices.filter { ei[$0] == 0 }
            underflow.append((zeros.count, zeros.map { logEI[$0] },
                              ei.filter { $0 > 0 }.min() ?? .nan))
        }
        // end cell
        lesson.say(BayesDefaultsReport.logExpectedImprovementStory(
            names: ["old", "new"], zeros: underflow.map(\.zeros), logValues: underflow.map(\.logEI),
            smallestPositive: underflow.map(\.smallest), gridCount: fine.count))
        return newRun
    }

    /// Step 8: the old and the new defaults on the same problems with the same seeds:
    /// step 1's Forrester searches, the six-hump camel, and step 7's network searches,
    /// each repeated with `settings: .standard`; then the tables.
    ///
    /// - Parameters:
    ///   - forresterSeeds, repeated: step 1's seeds and its searches over them (`.legacy`).
    ///   - space, initial, guided, budget, comparisonSeeds, comparisonObjective,
    ///     bayesRuns: step 7's network comparison and its Bayesian optimisation runs.
    ///   - curves: step 7's curves; the new defaults' are added to `curves.standard`.
    ///   - checkpoints: step 7's median table's rows.
    /// - Returns: the three problems' results, in the order printed.
    static func oldAgainstNew(_ lesson: Lesson, quick: Bool, forresterSearch: ForresterSearch, iterations: Int,
                              forresterSeeds: [UInt64], repeated: [MinimizationResult], space: SearchSpace,
                              initial: Int, guided: Int, budget: Int, comparisonSeeds: [UInt64],
                              comparisonObjective: ObjectiveOnSeed,
                              bayesRuns: [(result: SearchResult, searcher: BayesianOptimization)],
                              curves: inout BayesComparison.Curves, checkpoints: [Int]) throws -> [OldAgainstNew] {
        let forresterInitial = forresterSearch.initial
        lesson.step("Old defaults against new, over seeds")
        let oldSettings = BayesianOptimization.Settings.legacy, newSettings = BayesianOptimization.Settings.standard
        let camel = TestFunctions.suite.first { $0.name == "six-hump-camel" }!
        let camelBox = zip(camel.lower, camel.upper).map { $0...$1 }
        let camelBudget = quick ? 15 : 20
        let camelSeeds = lesson.arguments.seeds(quick ? 5 : 10)
        lesson.say(OldAgainstNewReport.introduction(forrester: (forresterSeeds.count, forresterInitial + iterations),
                                                    camel: camel, box: camelBox, seeds: camelSeeds.count,
                                                    budget: camelBudget))
        lesson.code(cell: "old-against-new")
        // cell: old-against-new
        var forresterRow = OldAgainstNew(problem: "Forrester",
                                         budget: forresterInitial + iterations,
                                         measure: "regret", direction: .minimize)
        for (s, old) in zip(forresterSeeds, repeated) {        // old: step 1's
            let new = try forresterSearch(seed: s, guided: iterations,
                                          settings: .standard)
            forresterRow.add(old: old.value - TestFunctions.forresterMinimum,
                             new: new.value - TestFunctions.forresterMinimum,
                             searchers: [old.searcher, new.searcher])
        }
        var camelRow = OldAgainstNew(problem: "six-hump camel", budget: camelBudget,
                                     measure: "regret", direction: .minimize)
        for s in camelSeeds {
            let runs = try [oldSettings, newSettings].map { settings in
                try BayesianOptimization.minimize(camel.formula, bounds: camelBox,
                                                  budget: camelBudget,
                                                  settings: settings, seed: s)
            }
            camelRow.add(old: runs[0].value - camel.minimum,
                         new: runs[1].value - camel.minimum,
                         searchers: runs.map(\.searcher))
        }
        var networkRow = OldAgainstNew(problem: "network", budget: budget,
                                       measure: "accuracy", direction: .maximize)
        for (s, old) in zip(comparisonSeeds, bayesRuns) {       // old: step 7's
            var tuner = try Tuner(
                searcher: BayesianOptimization(space: space, direction: .maximize,
                                               initPoints: initial, nIter: guided,
                                               settings: .standard, seed: s),
                objective: try comparisonObjective(seed: s),
                budget: .trials(budget))
            let result = try tuner.run()
            curves.standard.append(BayesComparison.Curves.bestSoFar(result))
            if let new = tuner.searcher as? BayesianOptimization {
                networkRow.add(old: old.result.best?.score ?? .nan,
                               new: result.best?.score ?? .nan,
                               searchers: [old.searcher, new])
            }
        }
        // end cell
        let oldAgainstNew = [forresterRow, camelRow, networkRow]
        showOldAgainstNew(lesson, oldAgainstNew, curves: curves, checkpoints: checkpoints, initial: initial)
        return oldAgainstNew
    }

    /// Step 8 after its cell: the scores, what the proposals did, and step 7's median
    /// table with the new defaults added (`checkpoints` and `initial` are step 7's).
    private static func showOldAgainstNew(_ lesson: Lesson, _ oldAgainstNew: [OldAgainstNew],
                                          curves: BayesComparison.Curves, checkpoints: [Int], initial: Int) {
        lesson.say("Medians over seeds, and new-old-tie, the seeds each won (p: the sign test's, defined in step 7):")
        lesson.show(OldAgainstNewReport.resultTable(oldAgainstNew))
        lesson.say(OldAgainstNewReport.proposalLead)
        lesson.show(OldAgainstNewReport.proposalTable(oldAgainstNew))
        lesson.say("On the network, step 7's median table with the new defaults added:")
        lesson.show(BayesComparison.medianTable([("random search", curves.random), ("BO .legacy", curves.bayes),
                                                 ("BO .standard", curves.standard)],
                                                checkpoints: checkpoints, initial: initial))
        lesson.say(OldAgainstNewReport.story(oldAgainstNew))
    }
}
