// IntuitionReport.swift
//
// What this file teaches (steps 1 to 3 of Lesson 4): the words a student needs before
// the pictures: a Gaussian process as a distribution over functions, its kernel and
// length scale, the posterior and how the searcher fits its hyperparameters, expected
// improvement's two terms, and how the lower confidence bound and EI's margin make
// the balance between exploration and exploitation a knob. It only formats: every
// number comes from main.swift's run.

import GaussianProcesses
import TextCharts

extension BayesLessonReport {
    /// Step 1's opening: the Forrester function, the plan of steps 1 to 4, the prior
    /// and the Matern 5/2 kernel, ending on the prior draws' settings.
    static func forresterIntroduction(priorLengthScale: Double) -> String {
        """
        f(x) = (6x - 2)^2 sin(12x - 4) on [0, 1] has a local minimum near x = 0.14 and its global minimum, -6.021, \
        at x = 0.757. We pretend not to know it and minimise it with Bayesian optimisation. Steps 1 to 3 run the \
        searcher with its first settings (`settings: .legacy` in the code): the Gaussian process and expected \
        improvement of the textbooks, whose pictures read directly in f's units. Step 4 shows what the library's \
        defaults (`.standard`) change, and why.

        Before any observation, a Gaussian process is a distribution over functions, its prior (what the model \
        believes before seeing data). Its kernel k(x, x') says how \
        strongly the values f(x) and f(x') move together. Here it is the Matern 5/2 kernel, k = s2 (1 + sqrt(5) r + \
        5 r^2 / 3) exp(-sqrt(5) r) with r = |x - x'| / l: values at nearby points move together, distant ones \
        independently, and its functions are twice differentiable but not smoother, the usual choice for Bayesian \
        optimisation. The length scale l says how far "nearby" reaches; the signal variance s2 is the prior variance \
        of f at any one point, how far the function swings from its mean. Three draws from the prior with \
        l = \(Format.compact(priorLengthScale)) and s2 = 1:
        """
    }

    /// Before step 1's first picture: the initial design's points, the posterior, how
    /// the searcher rescales and fits, expected improvement's formula and the legend.
    static func firstPosteriorStory(observed: [(x: Double, y: Double)]) -> String {
        """
        The first \(observed.count) points came from a Latin hypercube (one in each fifth of [0, 1]): \
        \(observed.map { "f(\(Format.fixed($0.x, 3))) = \(Format.fixed($0.y, 3))" }.joined(separator: ", ")). \
        Now the model takes over. Conditioned on the observations, the prior becomes the posterior: at every \
        x a normal distribution of f(x), with a mean and a standard deviation (sd). Before fitting, the \
        searcher rescales every input's range to [0, 1] (the unit cube; x already is) and the observed \
        values to mean 0 and standard deviation 1 (normalised units), so a length scale is a fraction of the \
        range and a variance a fraction of the values' variance. It fits three numbers, its hyperparameters, \
        by maximising the marginal likelihood p(observations | hyperparameters), how probable the observed \
        values are under the prior with those numbers (averaged over all the functions it allows): the \
        length scale, the signal variance, and the noise variance, the variance of the random error it \
        assumes in every observation (the Forrester function has none).

        The next point is where expected improvement (EI) over the best value so far, f*, is largest. With \
        mu and sigma the model's mean and sd at a point, z = (f* - mu) / sigma (by how many sds the mean \
        beats f*), Phi the standard normal distribution function (the probability that a standard normal \
        value is below z) and phi its density: EI = exploitation + exploration = (f* - mu) Phi(z) + \
        sigma phi(z). In each picture: the true function (.), the posterior mean (*) inside its +/- 2 sd \
        band (:), the observations (o), and under it expected improvement, whose peak (^) is the next trial.
        """
    }

    /// Step 2's opening: the same observations under three length scales.
    static func lengthScaleIntroduction(observations: Int) -> String {
        """
        The length scale says how far an observation's influence reaches. The model above chose it by maximising \
        the marginal likelihood, p(observations | hyperparameters), defined in step 1. Here are the same \
        \(observations) \
        observations under the fitted length scale and under one ten times shorter and one ten times longer \
        (everything else fixed):
        """
    }

    /// Step 3's opening: the lower confidence bound and EI's margin as knobs, on step
    /// 1's first observations with the prior draws' hyperparameters.
    static func explorationIntroduction(observations: Int, fittedLengthScale: Double) -> String {
        """
        Expected improvement balances its two terms by itself. Other acquisitions make the balance a knob: the \
        lower confidence bound (LCB) picks the lowest mu - kappa sigma, so kappa = 0 trusts the mean alone and a \
        large kappa favours uncertain places; expected improvement with a margin xi > 0 counts only improvements \
        beyond f* - xi. To see the balance move we take step 1's first \(observations) observations with the \
        hyperparameters fixed rather than fitted, to those of the prior draws above. (Step 1's fit chose a length \
        scale of \(Format.compact(fittedLengthScale)); the end of this step shows what that does.)
        """
    }

    /// The line above step 3's table: the fixed model's settings and the best so far.
    static func choicesLead(observations: Int, fixed: KernelHyperparameters, best: (x: Double, f: Double),
                            valuesSd: Double) -> String {
        "With these \(observations) observations and the fixed hyperparameters (length scale "
            + "\(Format.compact(fixed.lengthScales[0])), signal variance \(Format.compact(fixed.signalVariance)), noise "
            + "variance \(Format.compact(fixed.noiseVariance)), normalised units; best so far f* = "
            + "\(Format.fixed(best.f, 3)) at x = \(Format.fixed(best.x, 3)); \"1 sd\" is the values' standard deviation, "
            + "\(Format.fixed(valuesSd, 3))), each setting would pick:"
    }
}
