// Lesson 1: manual tuning. Three exercises on what every trial of the lesson does: the
// optimizer's update of a weight, the rule that stops a diverging run, and the loss
// that training lowers.
//
// Check them with `swift run Check 1`. Replace each `throw NotDoneYet()` with your code.

import Foundation   // exp, log, pow, sqrt

/// Exercise 1.1: Adam's updates of one weight, as Keras (and TrainingEngine) compute them.
///
/// Start with m = v = 0. For step t = 1, 2, ... with gradient g:
///
///     m <- beta1 m + (1 - beta1) g               (running mean of the gradients)
///     v <- beta2 v + (1 - beta2) g^2             (running mean of their squares)
///     alpha <- lr sqrt(1 - beta2^t) / (1 - beta1^t)
///     w <- w - alpha m / (sqrt(v) + epsilon)
///
/// with Keras's defaults beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7. (Keras adds epsilon
/// to sqrt(v), not to the bias-corrected sqrt(v / (1 - beta2^t)) as the paper does.)
/// Return the weight after each step, one value per gradient.
///
/// Example: start 1, gradients [0.5], lr 0.1 -> [0.90000063] (the first step is
/// almost exactly lr, whatever the size of the gradient).
public func adamSteps(start: Double, gradients: [Double], learningRate: Double) throws -> [Double] {
    throw NotDoneYet()
}

/// Exercise 1.2: the epoch at which a training run counts as diverged.
///
/// `initialLoss` is the loss of the untrained network, `epochLosses[i]` the mean
/// training loss of epoch i + 1. An epoch diverges when its loss is NaN or infinite,
/// or, when `factor` is given, when its loss is more than `factor` times
/// `initialLoss` (strictly more: exactly 10 times is not yet divergence). Return the
/// first such epoch (1-based), or nil if no epoch diverged. This is how Lesson 1
/// stopped lr 50 ("diverged at epoch 1") with factor 10.
///
/// Example: initial 0.7, losses [0.65, 8.0, 0.6], factor 10 -> 2 (8.0 > 7.0).
public func divergedAtEpoch(initialLoss: Double, epochLosses: [Double], factor: Double?) throws -> Int? {
    throw NotDoneYet()
}

/// Exercise 1.3: binary cross-entropy, the loss every trial in Lesson 1 lowers, in the
/// form Keras uses when it is given probabilities. (Lesson 1's trials compute the same
/// loss from the sigmoid's input, where log never sees 0 and nothing is clipped; see
/// its step 1 and the glossary.)
///
/// For predicted probabilities p_i of class 1 and targets y_i (0 or 1, or anything
/// in between), the mean over the rows of
///
///     -[y log q + (1 - y) log(1 - q)],   q = p clipped to [1e-7, 1 - 1e-7],
///
/// the clip keeping log away from 0, as Keras does. Refuse (throw `InvalidInput`)
/// empty lists and lists of different lengths.
///
/// Example: p [0.9, 0.2], y [1, 0] -> (-log 0.9 - log 0.8) / 2 = 0.164252...
public func binaryCrossEntropy(probabilities: [Double], targets: [Double]) throws -> Double {
    throw NotDoneYet()
}
