// Tune a plain function with Bayesian optimisation: the README's example.
import HyperSearch

let space = try SearchSpace([.real("x", low: -5, high: 5), .real("y", low: -5, high: 5)])
let objective = Objective(name: "(x - 1)^2 + (y + 2)^2", direction: .minimize) { c in
    let x = try c.double("x"), y = try c.double("y")
    return .score((x - 1) * (x - 1) + (y + 2) * (y + 2))
}
let searcher = try BayesianOptimization(space: space, direction: .minimize, initPoints: 5, nIter: 15, seed: 42)
var tuner = try Tuner(searcher: searcher, objective: objective, budget: .trials(20))
let result = try tuner.run()
print("best:", result.best!.configuration, "score:", result.best!.score!)
