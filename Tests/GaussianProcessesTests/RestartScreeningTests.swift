// Screening the restarts on a subset (RestartScreening.swift): when it applies, what the
// report records, that the continued runs start where the best screened runs stopped,
// and that the fit reaches the likelihood of five restarts on all the data. The sizes
// are scaled down (120 observations, a subset of 40) so the tests stay fast in a debug
// build; `Benchmarks gp-screening-study` measures the default at n = 500 and 1,000.

import Testing
import LabMath
import HyperSearch
@testable import GaussianProcesses

@Suite("Restart screening")
struct RestartScreeningTests {
    let small = RestartScreening(minimumObservations: 100, subsetSize: 40)

    @Test func appliesOnlyWithEnoughDataAndASmallerSubset() {
        #expect(RestartScreening.automatic.applies(observations: 500))
        #expect(!RestartScreening.automatic.applies(observations: 499))
        #expect(!RestartScreening.off.applies(observations: 100_000))
        #expect(!small.applies(observations: 40))                          // the subset would be all
        #expect(small.applies(observations: 120))
        #expect(!RestartScreening(minimumObservations: 100, subsetSize: 40, maximumContinued: 0)
            .applies(observations: 120))                                    // nothing to continue
    }

    @Test func belowTheThresholdTheFitIsTheUnscreenedOneBitForBit() throws {
        let (inputs, targets) = TestFunctions.noisyBraninObservations(count: 30)
        var rngA = SeededGenerator(seed: 3), rngB = SeededGenerator(seed: 3)
        let a = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: .matern52, rng: &rngA)
        let b = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: .matern52,
                                                 screening: .off, rng: &rngB)
        #expect(a.hyperparameters == b.hyperparameters)
        #expect(a.fitReport?.screening == nil)
        #expect(rngA.nextUInt64() == rngB.nextUInt64())   // no subset was drawn
    }

    @Test func theReportRecordsTheSubsetTheScreenedRunsAndWhichWereContinued() throws {
        let (inputs, targets) = TestFunctions.noisyBraninObservations(count: 120)
        // Seed 5: all five screened runs end at one optimum, so only it is continued;
        // seed 9: one run ends elsewhere (at a much lower likelihood) and is continued too.
        for (seed, expectedContinued) in [(UInt64(5), 1), (9, 2)] {
            var rng = SeededGenerator(seed: seed)
            let gp = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: .matern52,
                                                      screening: small, rng: &rng)
            let report = try #require(gp.fitReport)
            let screening = try #require(report.screening)
            #expect(screening.subset.count == 40)
            #expect(screening.subset == screening.subset.sorted() && Set(screening.subset).count == 40)
            #expect(screening.subset.allSatisfy { (0..<120).contains($0) })
            #expect(screening.runs.count == 5 && report.runs.count == expectedContinued)
            // Continued: one run per different optimum (likelihoods at least 0.01 nats
            // apart), best first.
            let likelihoods = screening.runs.map(\.logMarginalLikelihood)
            let continuedValues = screening.continued.map { likelihoods[$0] }
            #expect(continuedValues == continuedValues.sorted(by: >))
            #expect(continuedValues.first == likelihoods.max())
            for value in likelihoods {
                #expect(continuedValues.contains { abs($0 - value) < 0.01 })
            }
            for (a, b) in zip(continuedValues, continuedValues.dropFirst()) { #expect(a - b >= 0.01) }
            for (k, run) in report.runs.enumerated() {
                #expect(run.start == screening.runs[screening.continued[k]].result)
                // Continuing on all the data only ever improves on its start's likelihood.
                let atStart = try GaussianProcessRegressor(inputs: inputs, targets: targets, kernel: .matern52,
                                                           hyperparameters: run.start)
                #expect(run.logMarginalLikelihood >= atStart.logMarginalLikelihood - 1e-9)
            }
            let kept = report.runs[report.bestRunIndex].logMarginalLikelihood
            #expect(abs(gp.logMarginalLikelihood - kept) < 1e-9)
        }
    }

    @Test func reachesTheLikelihoodOfFiveRestartsOnAllTheData() throws {
        // Noisy Branin, 120 observations: the screened fit (subset of 40) against five
        // full restarts from the same starts. A shortfall would mean the subset ranked the
        // basins wrongly. Measured when written: 176.2213637637 against 176.2213637450
        // (2e-8 nats short). What it saves shows only at large n (the benchmark): here
        // the second continued run, from a trend-plus-noise optimum, took 201 evaluations.
        let (inputs, targets) = TestFunctions.noisyBraninObservations(count: 120)
        var rngA = SeededGenerator(seed: 9), rngB = SeededGenerator(seed: 9)
        let full = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: .matern52,
                                                    screening: .off, rng: &rngA)
        let screened = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: .matern52,
                                                        screening: small, rng: &rngB)
        #expect(screened.logMarginalLikelihood > full.logMarginalLikelihood - 0.01)
    }

    @Test func maximumContinuedCapsTheContinuations() throws {
        let (inputs, targets) = TestFunctions.noisyBraninObservations(count: 120)
        var rng = SeededGenerator(seed: 9)   // two different optima (above)
        let capped = RestartScreening(minimumObservations: 100, subsetSize: 40, maximumContinued: 1)
        let gp = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: .matern52,
                                                  screening: capped, rng: &rng)
        let report = try #require(gp.fitReport)
        #expect(report.runs.count == 1 && report.screening?.continued.count == 1)
    }

    @Test func theSameSeedGivesTheSameScreenedFit() throws {
        let (inputs, targets) = TestFunctions.noisyBraninObservations(count: 120)
        var rngA = SeededGenerator(seed: 11), rngB = SeededGenerator(seed: 11)
        let a = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: .matern52,
                                                 screening: small, rng: &rngA)
        let b = try GaussianProcessRegressor.fit(inputs: inputs, targets: targets, kernel: .matern52,
                                                 screening: small, rng: &rngB)
        #expect(a.hyperparameters == b.hyperparameters)
        #expect(a.fitReport?.screening?.subset == b.fitReport?.screening?.subset)
    }
}
