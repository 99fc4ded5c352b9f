// Bayesian optimisation as a searcher: the encoding of spaces into the unit cube, the
// acquisition's derivatives, determinism, never re-proposing a point, failures and
// noise handled, and better than random search on functions it was not tuned on.

import Foundation
import Testing
import GaussianProcesses
import LabMath
@testable import HyperSearch
import TestSupport

@Suite("Bayesian optimisation")
struct BayesianOptimizationTests {
    let mixed = try! SearchSpace([.real("lr", low: 1e-4, high: 0.1, scale: .log), .integer("batch", low: 10, high: 40),
                                  .integer("units", low: 2, high: 64, scale: .log), .categorical("act", names: ["relu", "tanh", "sigmoid"])])

    @Test func encodingRoundTripsAndSnaps() throws {
        let encoding = SpaceEncoding(space: mixed)
        #expect(encoding.dimension == 6 && encoding.slices == [0..<1, 1..<2, 2..<3, 3..<6])
        let c = try mixed.configuration(["lr": .number(0.001), "batch": .number(25), "units": .number(8), "act": .name("tanh")])
        let u = encoding.encode(c)
        #expect(isClose(u[0], 1.0 / 3, relative: 1e-12))               // log scale: 0.001 is a third of the way
        #expect(isClose(u[1], 0.5) && u[3...] == [0, 1, 0])
        // Reals come back up to the last bit (exp(log x) rounds); discrete values exactly.
        #expect(encoding.decode(u).description == c.description)
        #expect(encoding.decode(u).values[1...] == c.values[1...])
        #expect(encoding.snap(encoding.snap(u)) == encoding.snap(u))
        // Snapping: 0.51 of 10...40 is 25.3 -> 25; the categorical block picks its largest entry.
        let snapped = encoding.decode([0, 0.51, 0.5, 0.2, 0.1, 0.7])
        #expect(snapped.description == "lr=1e-04, batch=25, units=11, act=sigmoid")
        #expect(encoding.decode([1, 1, 1, 1, 0, 0]).description == "lr=0.1, batch=40, units=64, act=relu")
        var rng = SeededGenerator(seed: 1)
        let design = encoding.latinHypercube(10, &rng)
        // Each continuous coordinate uses every tenth of [0, 1) exactly once.
        for j in 0..<3 { #expect(Set(design.map { Int($0[j] * 10) }) == Set(0..<10)) }
    }

    @Test(arguments: [OptimizationDirection.minimize, .maximize])
    func acquisitionSlopesMatchDifferences(direction: OptimizationDirection) {
        let acquisitions: [AcquisitionFunction] = [.expectedImprovement(xi: 0.05), .probabilityOfImprovement(xi: 0.02),
                                                   .confidenceBound(kappa: 2)]
        for acquisition in acquisitions {
            for (mean, sd) in [(0.3, 0.2), (1.1, 0.05), (0.8, 0.5)] {
                let slope = AcquisitionSlope.of(acquisition, mean: mean, standardDeviation: sd, incumbent: 0.9, direction: direction)
                func a(_ m: Double, _ s: Double) -> Double {
                    acquisition.evaluate(mean: m, standardDeviation: s, incumbent: 0.9, direction: direction)
                }
                #expect(slope.value == a(mean, sd))
                let h = 1e-6
                #expect(isClose(slope.byMean, (a(mean + h, sd) - a(mean - h, sd)) / (2 * h), relative: 1e-6, absolute: 1e-9),
                        "\(acquisition) d/dmean at \(mean), \(sd)")
                #expect(isClose(slope.byStandardDeviation, (a(mean, sd + h) - a(mean, sd - h)) / (2 * h), relative: 1e-6, absolute: 1e-9),
                        "\(acquisition) d/dsd at \(mean), \(sd)")
            }
        }
    }

    /// A small discrete space (12 configurations): Bayesian optimisation must propose
    /// each at most once and stop when they run out.
    @Test func neverProposesAnEvaluatedPointAgain() throws {
        let space = try SearchSpace([.integer("a", low: 1, high: 4), .categorical("b", names: ["x", "y", "z"])])
        let objective = Objective(name: "a", direction: .minimize) { c in .score(Double(try c.integer("a"))) }
        let searcher = try BayesianOptimization(space: space, direction: .minimize, initPoints: 3, nIter: 20, seed: 3)
        var tuner = try Tuner(searcher: searcher, objective: objective, budget: .trials(30))
        let result = try tuner.run()
        #expect(result.trials.count == 12)
        #expect(Set(result.trials.map(\.configuration)).count == 12)
        #expect(result.stopReason == "every configuration of the space has been evaluated")
    }

    @Test func sameSeedSameProposals() throws {
        let space = try SearchSpace([.real("x", low: 0, high: 1), .real("y", low: 0, high: 1)])
        let bowl = Objective(name: "bowl", direction: .minimize) { c in
            .score(pow(try c.double("x") - 0.3, 2) + pow(try c.double("y") - 0.7, 2))
        }
        func run(_ seed: UInt64) throws -> [String] {
            var tuner = try Tuner(searcher: BayesianOptimization(space: space, direction: .minimize, initPoints: 4, nIter: 6, seed: seed),
                                  objective: bowl, budget: .trials(10))
            return try tuner.run().trials.map(\.configuration.description)
        }
        #expect(try run(5) == run(5))
        #expect(try run(5) != run(6))
    }

    @Test func failuresArePenalizedAndTheDirectionIsChecked() throws {
        let space = try SearchSpace([.real("x", low: 0, high: 1)])
        // Fails in the right half: the model should learn to stay left, where x = 0.2 is best.
        let objective = Objective(name: "f", direction: .minimize) { c in
            let x = try c.double("x")
            if x > 0.6 { return .diverged("too far right") }
            return .score(pow(x - 0.2, 2))
        }
        var searcher = try BayesianOptimization(space: space, direction: .minimize, initPoints: 4, nIter: 8, seed: 1)
        var tuner = try Tuner(searcher: searcher, objective: objective, budget: .trials(12))
        let result = try tuner.run()
        #expect(result.trials.count == 12)
        #expect(abs(try result.best!.configuration.double("x") - 0.2) < 0.05)
        searcher = try BayesianOptimization(space: space, direction: .maximize, initPoints: 2, nIter: 2, seed: 1)
        #expect(throws: SearchError.self) { try Tuner(searcher: searcher, objective: objective, budget: .trials(4)) }
        #expect(throws: SearchError.self) {
            try BayesianOptimization(space: space, direction: .minimize, initPoints: 0, nIter: 2, seed: 1)
        }
    }

    /// Forrester with Gaussian noise (standard deviation 0.5, a twelfth of the range):
    /// the fitted noise variance must be clearly positive and the search must still end
    /// near the global minimum at x = 0.757.
    @Test func noisyObjectivesGetAFittedNoise() throws {
        let space = try SearchSpace([.real("x", low: 0, high: 1)])
        var noise = SeededGenerator(seed: 11)
        let noisy = Objective(name: "noisy Forrester", direction: .minimize) { c in
            let x = try c.double("x")
            return .score(pow(6 * x - 2, 2) * sin(12 * x - 4) + 0.5 * noise.nextNormal())
        }
        var searcher = try BayesianOptimization(space: space, direction: .minimize, initPoints: 5, nIter: 15, seed: 2)
        var trials: [Trial] = []
        for number in 1...20 {
            let c = try searcher.suggest()!
            let trial = Trial(number: number, configuration: c, evaluation: noisy.evaluate(c))
            searcher.observe(trial)
            trials.append(trial)
        }
        let fittedNoise = searcher.model!.hyperparameters.noiseVariance
        #expect(fittedNoise > 1e-3, "fitted noise variance \(fittedNoise) (normalised units)")
        let xs = try trials.suffix(8).map { try $0.configuration.double("x") }
        #expect(Statistics.median(xs.map { abs($0 - 0.757) }) < 0.05, "last proposals \(xs)")
    }

    /// Functions the searcher's settings were not tuned on: the six-hump camel (2-D,
    /// 40 evaluations) and Hartmann 3-D (30). Over 4 seeds, the median regret of Bayesian
    /// optimisation must be at least 10 times below random search's at the same budget.
    /// For scale, measured with the peers over 6 seeds (this session, /tmp/camel_peers.py):
    /// on the camel at 40 evaluations scikit-optimize's gp_minimize reaches a median
    /// regret of 0.0014 and bayes_opt with EI 0.0051; at 25 evaluations 0.54 and 0.046,
    /// which is why 25 would test luck rather than the method.
    @Test func beatsRandomSearchOnFunctionsItWasNotTunedOn() throws {
        let camel: ([Double]) -> Double = { v in
            let x = v[0], y = v[1]
            return (4 - 2.1 * x * x + pow(x, 4) / 3) * x * x + x * y + (-4 + 4 * y * y) * y * y
        }
        let hartmann3: ([Double]) -> Double = { x in
            let alpha = [1.0, 1.2, 3.0, 3.2]
            let a: [[Double]] = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
            let p: [[Double]] = [[0.3689, 0.1170, 0.2673], [0.4699, 0.4387, 0.7470], [0.1091, 0.8732, 0.5547], [0.0381, 0.5743, 0.8828]]
            var total = 0.0
            for i in 0..<4 {
                var inner = 0.0
                for j in 0..<3 { inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]) }
                total += alpha[i] * exp(-inner)
            }
            return -total
        }
        let problems: [(name: String, f: ([Double]) -> Double, low: [Double], high: [Double], minimum: Double, budget: Int)] = [
            ("six-hump camel", camel, [-3, -2], [3, 2], -1.031628453489877, 40),
            ("hartmann3", hartmann3, [0, 0, 0], [1, 1, 1], -3.862782147820756, 30),
        ]
        for problem in problems {
            let d = problem.low.count
            let space = try SearchSpace((0..<d).map { .real("x\($0)", low: problem.low[$0], high: problem.high[$0]) })
            let objective = Objective(name: problem.name, direction: .minimize) { c in
                .score(problem.f(try (0..<d).map { try c.double("x\($0)") }))
            }
            var bayes: [Double] = [], random: [Double] = []
            for seed: UInt64 in 0..<4 {
                var a = try Tuner(searcher: BayesianOptimization(space: space, direction: .minimize, initPoints: d + 2,
                                                                 nIter: problem.budget - d - 2, seed: seed),
                                  objective: objective, budget: .trials(problem.budget))
                var b = try Tuner(searcher: RandomSearch(space: space, iterations: problem.budget, seed: seed),
                                  objective: objective, budget: .trials(problem.budget))
                bayes.append(try a.run().best!.score! - problem.minimum)
                random.append(try b.run().best!.score! - problem.minimum)
            }
            print("\(problem.name): median regret, Bayesian optimisation \(Statistics.median(bayes)), random \(Statistics.median(random))")
            #expect(Statistics.median(bayes) < Statistics.median(random) / 10, "\(problem.name)")
        }
    }
}
