// Lesson 5: model selection. Three exercises on what the lesson's tables print: the
// shapes in the CNN's summary, a convolution's parameters against its multiply-adds,
// and why one outlier pulls a squared-error model and not an absolute-error one.
//
// Check them with `swift run Check 5`. Replace each `throw NotDoneYet()` with your code.

import Foundation   // any math function you may want (log, pow, ...)

/// Exercise 5.1: the output shape of a convolution.
///
/// `filters` filters of `kernel.height` x `kernel.width` slide over an image of
/// `height` x `width` x `channels`, moving `stride` pixels at a time. With "valid"
/// padding a filter sits only where it fits entirely: along a side of n pixels that is
/// (n - k) / stride + 1 positions, rounded down. With "same" padding the image gets a
/// border of zeros so that the output keeps the input's height and width (with stride
/// 1; this library's Conv2D has no stride, so "same" is asked only with stride 1).
/// Each filter gives one output channel. Return the output's (height, width, channels).
///
/// Refuse (throw `InvalidInput`): a size, channel count, filter count, kernel side or
/// stride below 1; a padding other than "valid" and "same"; "same" with a stride above
/// 1; a kernel larger than the image with "valid" padding.
///
/// Example: 8 x 8 x 1, 16 filters of 3 x 3, "same", stride 1 -> (8, 8, 16) (step 2's
/// CNN); 8 x 8 x 1, 32 filters of 3 x 3, "valid", stride 1 -> (6, 6, 32) (step 6);
/// 28 x 28 x 1, 8 filters of 3 x 3, "valid", stride 2 -> (13, 13, 8).
public func convolutionOutputShape(height: Int, width: Int, channels: Int, filters: Int,
                                   kernel: (height: Int, width: Int), stride: Int,
                                   padding: String) throws -> (height: Int, width: Int, channels: Int) {
    throw NotDoneYet()
}

/// Exercise 5.2: a convolution's parameters, and the multiply-adds it does per image.
///
/// Each filter has one weight per kernel position and input channel, plus one bias.
/// At each output position each filter takes one multiply-add per weight (the bias is
/// an add, not counted). Return the layer's parameter count and its forward
/// multiply-adds for one image, for stride 1 and "valid" or "same" padding.
///
/// The same weights serve every position: that is why the lesson's CNN has fewer
/// parameters than its MLP yet costs more multiply-adds (its "MACs/ex." column counts
/// a whole training step, forward and backward, of every layer).
///
/// Refuse (throw `InvalidInput`) whatever exercise 5.1 refuses.
///
/// Example: 8 x 8 x 1, 16 filters of 3 x 3, "same" -> (parameters: 160,
/// multiplyAdds: 9_216).
public func convolutionCost(height: Int, width: Int, channels: Int, filters: Int,
                            kernel: (height: Int, width: Int),
                            padding: String) throws -> (parameters: Int, multiplyAdds: Int) {
    throw NotDoneYet()
}

/// Exercise 5.3: the gradients of squared and absolute error with respect to each
/// prediction.
///
/// For N predictions a and targets y (one output each), mean squared error is
/// L = 1/N sum (a_i - y_i)^2 and mean absolute error L = 1/N sum |a_i - y_i|. Return
/// dL/da_i for both losses, one entry per prediction. At a_i = y_i, |x| has no
/// derivative; use 0 there (as Keras and this library do).
///
/// Try it on step 4's typo: the squared-error gradient grows with the error, so the
/// outlier's is as many times the others' as its error is theirs. With the default
/// typo (346 typed as 3,460) its error is about 3,000 against typical errors of 40 to
/// 50: some 60 to 80 times the others' gradient. Its absolute-error gradient is just
/// as large as theirs.
///
/// Refuse (throw `InvalidInput`) no predictions, and lists of different lengths.
///
/// Example: predictions [150, 200], targets [140, 2000] -> squared [10, -1800],
/// absolute [0.5, -0.5].
public func lossGradients(predictions: [Double],
                          targets: [Double]) throws -> (squared: [Double], absolute: [Double]) {
    throw NotDoneYet()
}
