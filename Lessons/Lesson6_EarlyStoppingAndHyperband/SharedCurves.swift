// SharedCurves.swift
//
// What this file teaches: how a lesson can compare five tuning methods on the same
// configurations without paying for the same training five times, and still count
// every method's cost honestly.
//
// A trial's learning curve depends only on its configuration and the seed: every
// network starts from the same seeded weights and shuffles, and a paused network
// resumes bit-identically (TrainingSession). So when random search, successive
// halving and Hyperband draw the same configurations (they share the random searcher's
// seed), the scores they would compute for "configuration c after k epochs" are the
// same numbers. `SharedCurves` trains each configuration once, as far as any method
// asks, and hands each method the recorded scores *with the cost of training them*:
// each method is charged exactly what it would have trained alone. Only the lesson's
// wall-clock time is saved. (The tests check that a shared curve equals a fresh run.)

import Experiments
import HyperSearch
import LabMath

/// One seed's trained networks, shared by every method that asks for the same
/// configuration.
final class SharedCurves {
    let tuning: ResumableNetworkTuning

    /// One configuration's network and what each of its epochs returned.
    private final class Entry {
        let run: NetworkTrainingRun
        var evaluations: [Evaluation] = []
        init(run: NetworkTrainingRun) { self.run = run }
    }

    // Looked up by configuration only; never iterated (its order is not deterministic).
    private var entries: [Configuration: Entry] = [:]
    /// Epochs really trained (each configuration's epochs counted once).
    private(set) var epochsTrained = 0

    init(tuning: ResumableNetworkTuning) {
        self.tuning = tuning
    }

    /// The objective every method of this seed uses: validation accuracy after every
    /// epoch, from the shared networks.
    func objective() -> MultiFidelityObjective {
        MultiFidelityObjective(name: "validation accuracy", direction: .maximize) { configuration in
            try SharedRun(curves: self, configuration: configuration)
        }
    }

    /// What epoch `epoch` (1-based) of `configuration` returned; trains it if no method
    /// got that far yet.
    /// - Throws: what starting the network throws (invalid settings), or what an epoch
    ///   throws.
    func evaluation(of configuration: Configuration, epoch: Int) throws -> Evaluation {
        let entry = try self.entry(configuration)
        while entry.evaluations.count < epoch {
            // A diverged network is not trained further: its last answer stands.
            if let last = entry.evaluations.last, case .diverged = last.outcome { return last }
            entry.evaluations.append(try entry.run.advance())
            epochsTrained += 1
        }
        return entry.evaluations[epoch - 1]
    }

    /// Starts `configuration`'s network if no method has (nothing is trained yet).
    func prepare(_ configuration: Configuration) throws {
        _ = try entry(configuration)
    }

    /// The accuracy on the test rows of `configuration`'s network after exactly
    /// `epochs` epochs, or nil if it was not trained that far (or further).
    func testAccuracy(of configuration: Configuration, afterEpochs epochs: Int) throws -> Double? {
        guard let entry = entries[configuration], entry.evaluations.count == epochs else { return nil }
        let data = tuning.data
        return try entry.run.session.model.evaluate(data.test.x, data.test.y).metrics[0]
    }

    private func entry(_ configuration: Configuration) throws -> Entry {
        if let entry = entries[configuration] { return entry }
        let entry = Entry(run: try tuning.start(configuration))
        entries[configuration] = entry
        return entry
    }
}

/// One method's view of a shared network: its own epoch count, the shared scores.
final class SharedRun: ResumableRun {
    let curves: SharedCurves
    let configuration: Configuration
    private(set) var epochs = 0

    init(curves: SharedCurves, configuration: Configuration) throws {
        self.curves = curves
        self.configuration = configuration
        // Start the network now, so that invalid settings fail the trial at its start.
        try curves.prepare(configuration)
    }

    func advance() throws -> Evaluation {
        epochs += 1
        return try curves.evaluation(of: configuration, epoch: epochs)
    }
}
