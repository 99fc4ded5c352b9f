// Fit.swift
//
// What this file teaches: the training loop, the heart of deep learning, in one place.
//
//   for each epoch:
//       shuffle the training rows (seeded)
//       for each mini-batch of `batchSize` rows:
//           forward pass            predictions from the current weights
//           loss                    how wrong they are
//           backward pass           the gradient of the loss for every parameter
//           optimizer step          move every parameter against its gradient
//       evaluate on the validation data, write the epoch's record
//       stop early if the validation loss stopped improving (optional)
//
// One epoch makes ceil(n / batchSize) updates: batch size trades the number of updates
// per epoch against the noise of each gradient estimate.

import LabMath

extension Sequential {
    /// Trains the model on (x, y) with mini-batch gradient descent.
    ///
    /// - Parameters:
    ///   - x: `n x inputs`, one example per row.
    ///   - y: `n x outputs` targets (one-hot rows for categorical cross-entropy).
    ///   - epochs: passes over the data.
    ///   - batchSize: examples per update; the last batch of an epoch may be smaller.
    ///   - validationData: scored after every epoch (never trained on).
    ///   - earlyStopping: optional rule to end training when the monitored value stalls.
    ///   - shuffle: reshuffle the rows every epoch (Keras's default, true).
    ///   - divergence: when a run counts as diverged (NaN or infinite loss by default).
    ///   - rng: the seeded generator for the shuffles.
    ///   - onEpoch: called with each epoch's record as soon as it is complete, so a
    ///     lesson can draw a live chart or a test can watch the run.
    /// - Returns: the history, how the run ended, and its cost. A loss, gradient or
    ///   weight that becomes NaN or infinite ends the run with outcome `.diverged`; it is
    ///   not an error.
    /// - Throws: `ModelError` for an uncompiled model, data of the wrong shape, NaN or
    ///   infinite data (named by row and column), targets outside the loss's range, or
    ///   settings no run can use (a negative learning rate, patience or factor).
    @discardableResult
    public func fit(_ x: Matrix, _ y: Matrix, epochs: Int, batchSize: Int,
                    validationData: (x: Matrix, y: Matrix)? = nil,
                    earlyStopping: EarlyStopping? = nil, shuffle: Bool = true,
                    divergence: DivergenceRule = .nonFiniteOnly,
                    rng: inout SeededGenerator,
                    onEpoch: ((EpochRecord) -> Void)? = nil) throws -> TrainingRun {
        try checkInput(x, role: "training inputs")
        try checkTargets(y, rows: x.rows, role: "training targets")
        guard epochs >= 0 else { throw ModelError.invalidArgument("epochs must be >= 0, got \(epochs)") }
        guard batchSize >= 1 else { throw ModelError.invalidArgument("batch size must be >= 1, got \(batchSize)") }
        guard x.rows > 0 else { throw ModelError.invalidArgument("no training examples") }
        if let (vx, vy) = validationData {
            try checkInput(vx, role: "validation inputs")
            try checkTargets(vy, rows: vx.rows, role: "validation targets")
        }
        // Settings are public variables and may have changed since they were created.
        try checkLearningRate(optimizer.learningRate, "fit: the optimizer \(optimizer.summary)")
        try earlyStopping?.validate()
        try divergence.validate()
        if let stopping = earlyStopping, validationData == nil, stopping.monitor != .trainingLoss {
            throw ModelError.invalidArgument("early stopping on a validation quantity needs validationData")
        }

        var run = TrainingRun(history: [], outcome: .completed(epochs: epochs), cost: TrainingCost())
        var order = Array(0..<x.rows)
        var batchX = Matrix(rows: 0, columns: x.columns)
        var batchY = Matrix(rows: 0, columns: y.columns)
        let perSample = trainingMultiplyAddsPerSample
        var stopper = earlyStopping.map { EarlyStoppingState(rule: $0) }
        guard epochs > 0 else { return run }
        // The loss before training, the yardstick of the optional divergence factor.
        var initialLoss = Double.nan
        if divergence.lossIncreaseFactor != nil {
            initialLoss = try evaluate(x, y).loss
            run.cost.multiplyAdds += forwardMultiplyAdds * x.rows
        }

        epochLoop: for epoch in 1...epochs {
            if shuffle { rng.shuffle(&order) }
            run.cost.epochs += 1
            var lossSum = 0.0
            var metricTotals = [(sum: Double, count: Int)](repeating: (0, 0), count: metrics.count)
            var normSum = 0.0
            var layerNormSums = [Double](repeating: 0, count: layers.count)
            var batches = 0
            var start = 0
            while start < x.rows {
                let end = min(start + batchSize, x.rows)
                batchX.gatherRows(from: x, at: order[start..<end])
                batchY.gatherRows(from: y, at: order[start..<end])
                let step = trainStep(batchX, batchY, layerNormSums: &layerNormSums, normSum: &normSum)
                let batchLoss = step.loss
                batches += 1
                run.cost.updates += 1
                run.cost.samples += end - start
                run.cost.multiplyAdds += perSample * (end - start)
                guard batchLoss.isFinite else {
                    run.outcome = .diverged(epoch: epoch, reason: .nonFiniteLoss(batch: batches))
                    break epochLoop
                }
                // A finite loss with a NaN gradient happens (ReLU's max(0, z) hides a NaN
                // from the loss but not from the backward pass): divergence too.
                guard step.gradientIsFinite else {
                    run.outcome = .diverged(epoch: epoch, reason: .nonFiniteGradient(batch: batches))
                    break epochLoop
                }
                lossSum += batchLoss * Double(end - start)
                for (m, metric) in metrics.enumerated() {
                    let t = metric.total(prediction: layers.last!.output, target: batchY)
                    metricTotals[m].sum += t.sum
                    metricTotals[m].count += t.count
                }
                start = end
            }

            // Weights can overflow while the loss still looks finite; never report such
            // a run as completed. (One pass over the parameters per epoch: cheap.)
            guard allParameters.allSatisfy({ $0.value.elements.allSatisfy(\.isFinite) }) else {
                run.outcome = .diverged(epoch: epoch, reason: .nonFiniteWeights)
                break epochLoop
            }
            var record = EpochRecord(
                epoch: epoch, trainingLoss: lossSum / Double(x.rows),
                trainingMetrics: metricTotals.map { $0.sum / Double($0.count) },
                validationLoss: nil, validationMetrics: nil,
                gradientNorm: normSum / Double(batches),
                layerGradientNorms: layerNormSums.map { $0 / Double(batches) },
                learningRate: optimizer.learningRate,
                samplesSeen: run.cost.samples, parameterUpdates: run.cost.updates)
            if let (vx, vy) = validationData {
                let scores = try evaluate(vx, vy)
                record.validationLoss = scores.loss
                record.validationMetrics = scores.metrics
                run.cost.multiplyAdds += forwardMultiplyAdds * vx.rows
                // Weights can blow up without the training loss being NaN yet (it is
                // a running mean); a non-finite validation loss is divergence too.
                if !scores.loss.isFinite {
                    run.outcome = .diverged(epoch: epoch, reason: .nonFiniteValidationLoss)
                    break epochLoop
                }
            }
            if divergence.lossExploded(epochLoss: record.trainingLoss, initialLoss: initialLoss),
               let factor = divergence.lossIncreaseFactor {
                run.outcome = .diverged(epoch: epoch, reason: .lossExploded(
                    initial: initialLoss, epochLoss: record.trainingLoss, factor: factor))
                break epochLoop
            }
            run.history.append(record)
            onEpoch?(record)

            if stopper != nil, stopper!.observe(record, metrics: metrics, weights: weightsSnapshot) {
                let state = stopper!
                if state.rule.restoreBestWeights, let best = state.bestWeights { restoreWeights(best) }
                run.outcome = .stoppedEarly(epoch: epoch, bestEpoch: state.bestEpoch,
                                            restoredBestWeights: state.rule.restoreBestWeights)
                return run
            }
        }
        // Training ran to the end: like Keras 3, restore the best weights if asked and
        // the best epoch was not the last.
        if case .completed = run.outcome, let state = stopper, state.rule.restoreBestWeights,
           let best = state.bestWeights, state.bestEpoch != run.history.last?.epoch {
            restoreWeights(best)
        }
        return run
    }

    /// One mini-batch: forward, loss, backward, update. Returns the batch's mean loss
    /// and whether the gradient was finite; a non-finite gradient is not applied (the
    /// run ends as diverged, and the weights stay as they were).
    func trainStep(_ x: Matrix, _ y: Matrix, layerNormSums: inout [Double],
                   normSum: inout Double) -> (loss: Double, gradientIsFinite: Bool) {
        let batchLoss = computeGradients(x, y)
        // Gradient norms, per layer and overall, for the epoch record.
        var total = 0.0
        for (l, parameters) in parametersByLayer.enumerated() {
            var sumOfSquares = 0.0
            for p in parameters {
                sumOfSquares += p.gradient.elements.withUnsafeBufferPointer { LabMath.sumOfSquares($0) }
            }
            layerNormSums[l] += sumOfSquares.squareRoot()
            total += sumOfSquares
        }
        normSum += total.squareRoot()
        // The sum of squares is NaN or infinite if any component is (or overflows).
        guard total.isFinite else { return (batchLoss, false) }
        optimizer.update(allParameters)
        return (batchLoss, true)
    }

    /// Forward pass, loss and backward pass on one mini-batch: afterwards every
    /// parameter's `gradient` holds dL/dparameter. Returns the batch's mean loss.
    /// (The gradient checks in the tests call this directly.)
    func computeGradients(_ x: Matrix, _ y: Matrix) -> Double {
        forward(x)
        let last = layers.count - 1
        let lastInput = last == 0 ? x : layers[last - 1].output
        let batchLoss: Double
        if let output = fusedOutputLayer {
            // Stable route: loss from logits, and dL/dz = (a - y) / N straight away.
            batchLoss = loss.fusedValue(logits: output.preActivation, activations: output.output, target: y)
            loss.logitGradient(activations: output.output, target: y, into: &lossGradient)
            output.backward(input: lastInput, preActivationGradient: lossGradient, computeInputGradient: last > 0)
        } else {
            let prediction = layers[last].output
            batchLoss = loss.value(prediction: prediction, target: y)
            loss.gradient(prediction: prediction, target: y, into: &lossGradient)
            layers[last].backward(input: lastInput, outputGradient: lossGradient, computeInputGradient: last > 0)
        }
        // Backpropagate through the remaining layers, last to first.
        var i = last - 1
        while i >= 0 {
            layers[i].backward(input: i == 0 ? x : layers[i - 1].output,
                               outputGradient: layers[i + 1].inputGradient,
                               computeInputGradient: i > 0)
            i -= 1
        }
        return batchLoss
    }
}

/// The bookkeeping of early stopping (Keras's `EarlyStopping.on_epoch_end`).
struct EarlyStoppingState {
    let rule: EarlyStopping
    var best = Double.nan
    var bestEpoch = 0
    var bestWeights: [Matrix]?
    var epochsWithoutImprovement = 0

    /// Records an epoch; returns true when training should stop.
    mutating func observe(_ record: EpochRecord, metrics: [Metric], weights: () -> [Matrix]) -> Bool {
        // Work with "lower is better": negate metrics where higher is better.
        let value: Double
        switch rule.monitor {
        case .trainingLoss: value = record.trainingLoss
        case .validationLoss: value = record.validationLoss ?? .nan
        case let .validationMetric(metric):
            let index = metrics.firstIndex(of: metric)
            let raw = index.flatMap { record.validationMetrics?[$0] } ?? .nan
            value = metric.higherIsBetter ? -raw : raw
        }
        if best.isNaN || value < best - rule.minDelta {
            best = value
            bestEpoch = record.epoch
            if rule.restoreBestWeights { bestWeights = weights() }
            epochsWithoutImprovement = 0
            return false
        }
        epochsWithoutImprovement += 1
        return epochsWithoutImprovement >= rule.patience
    }
}
