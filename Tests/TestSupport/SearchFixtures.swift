// SearchFixtures.swift: finished searches built from fold scores chosen by hand, for
// tests of the reports that judge leads, ties and standard errors.

import HyperSearch

/// A finished grid search whose trial k (from 1) has fold scores `folds[k - 1]` and
/// their mean as its score (maximised).
public func searchResult(folds: [[Double]]) throws -> SearchResult {
    let space = try SearchSpace([.categorical("x", folds.indices.map(Double.init))])
    let objective = Objective(name: "s", direction: .maximize) { c in
        let f = folds[Int(try c.double("x"))]
        return Evaluation(outcome: .score(f.reduce(0, +) / Double(f.count)), foldScores: f)
    }
    var tuner = try Tuner(searcher: GridSearch(space: space, limit: 100), objective: objective,
                          budget: .trials(folds.count))
    return try tuner.run()
}
