"""Reference values for TuningLab's Parzen estimator (Sources/HyperSearch/ParzenEstimator.swift),
used by Tests/HyperSearchTests/ParzenEstimatorTests.swift, and for the truncated normal and
the normal quantile under it (Sources/LabMath/TruncatedNormal.swift, LabMathTests).

Every log density is computed twice and the two must agree to 1e-12:
  1. by Optuna's own `_ParzenEstimator` (optuna 5.0.0, `pip install optuna`), the class
     behind TPESampler, with its defaults (prior weight 1, magic clip, no endpoints);
  2. from the formulas written out here with scipy.stats.truncnorm / scipy.stats.norm
     (kernel widths by the neighbour rule, the magic clip, the prior kernel, the weights).

Run: python3 Tests/References/tpe_reference_values.py
Output: one line per case, "name: [values]" with repr() digits (exact doubles).
"""
import math

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights
from scipy.stats import norm, truncnorm

PARAMETERS = _ParzenEstimatorParameters(prior_weight=1.0, consider_magic_clip=True, consider_endpoints=False,
                                        weights=default_weights, multivariate=True)


def widths(mus, low, high):
    """Neighbour widths, first/last from their inner neighbour, magic clip."""
    n = len(mus)
    order = sorted(range(n), key=lambda i: (mus[i], i))
    s = [low] + [mus[i] for i in order] + [high]
    out = [0.0] * n
    for rank, i in enumerate(order):
        k = rank + 1
        w = max(s[k] - s[k - 1], s[k + 1] - s[k])
        if n >= 2 and rank == 0:
            w = s[2] - s[1]
        if n >= 2 and rank == n - 1:
            w = s[n] - s[n - 1]
        out[i] = w
    lo_clip = (high - low) / min(100.0, n + 2.0)
    return [min(max(w, lo_clip), high - low) for w in out]


def kernel_log_terms(dist, obs, x):
    """log k_i(x) for every kernel (observations, then the prior), on the parameter's scale."""
    if isinstance(dist, CategoricalDistribution):
        c = len(dist.choices)
        if len(obs) == 0:
            return [math.log(1.0 / c)]
        w0 = 1.0 / (len(obs) + 1)
        rows = [[(w0 + (1.0 if j == o else 0.0)) / (1.0 + c * w0) for j in range(c)] for o in obs]
        rows.append([1.0 / c] * c)
        return [math.log(r[int(x)]) for r in rows]
    integer = isinstance(dist, IntDistribution)
    low, high = (dist.low - 0.5, dist.high + 0.5) if integer else (dist.low, dist.high)
    t = math.log if dist.log else (lambda v: v)
    lo, hi = t(low), t(high)
    mus = [t(o) for o in obs]
    sig = widths(mus, lo, hi) + [hi - lo]
    mus = mus + [(lo + hi) / 2]
    out = []
    for mu, s in zip(mus, sig):
        a, b = (lo - mu) / s, (hi - mu) / s
        if integer:
            left, right = t(x - 0.5), t(x + 0.5)
            mass = norm.cdf((right - mu) / s) - norm.cdf((left - mu) / s)
            out.append(math.log(mass) - math.log(norm.cdf(b) - norm.cdf(a)))
        else:
            out.append(truncnorm.logpdf(t(x), a, b, loc=mu, scale=s))
    return out


def formula_log_pdf(space, observations, point):
    n = len(next(iter(observations.values())))
    w = [1.0] if n == 0 else list(default_weights(n)) + [1.0]
    w = np.asarray(w) / np.sum(w)
    terms = np.log(w)
    for name, dist in space.items():
        terms = terms + np.asarray(kernel_log_terms(dist, list(observations[name]), point[name]))
    m = terms.max()
    return m + math.log(np.exp(terms - m).sum())


def case(name, space, observations, points):
    obs = {k: np.asarray(v, dtype=float) for k, v in observations.items()}
    pe = _ParzenEstimator(obs, space, PARAMETERS)
    samples = {k: np.asarray([p[k] for p in points], dtype=float) for k in space}
    optuna_values = pe.log_pdf(samples)
    formula_values = [formula_log_pdf(space, obs, p) for p in points]
    for a, b in zip(optuna_values, formula_values):
        assert abs(a - b) <= 1e-12 * max(1.0, abs(a)), (name, a, b)
    print(f"{name}: [{', '.join(repr(float(v)) for v in optuna_values)}]")


x = {"x": FloatDistribution(0, 10)}
case("realLinear", x, {"x": [2.0, 3.0, 7.5]}, [{"x": v} for v in [0.0, 2.5, 5.0, 9.9]])
case("realLinearOne", x, {"x": [9.0]}, [{"x": v} for v in [0.0, 5.0, 9.0]])
case("realLinearNone", x, {"x": []}, [{"x": v} for v in [0.0, 5.0]])
lr = {"lr": FloatDistribution(1e-4, 1e-1, log=True)}
case("realLog", lr, {"lr": [1e-3, 3e-3, 5e-2, 2e-4]}, [{"lr": v} for v in [1e-4, 2e-3, 0.01, 0.1]])
batch = {"batch": IntDistribution(10, 40)}
case("integer", batch, {"batch": [16, 20, 32]}, [{"batch": v} for v in [10, 17, 40]])
units = {"units": IntDistribution(2, 64, log=True)}
case("integerLog", units, {"units": [4, 8, 8, 50]}, [{"units": v} for v in [2, 8, 33, 64]])
act = {"act": CategoricalDistribution(["relu", "tanh", "sigmoid"])}
case("categorical", act, {"act": [0, 0, 2]}, [{"act": v} for v in [0, 1, 2]])
joint = {"x": FloatDistribution(0, 10), "act": CategoricalDistribution(["relu", "tanh", "sigmoid"])}
case("joint", joint, {"x": [2.0, 3.0, 7.5], "act": [0, 1, 0]}, [{"x": 2.5, "act": 0}, {"x": 2.5, "act": 1}, {"x": 8.0, "act": 2}])
# 30 observations: the oldest 5 get ramp weights (numpy.linspace(1/30, 1, 5)).
many = [round(0.37 * k % 10, 6) for k in range(30)]
case("rampWeights", x, {"x": many}, [{"x": v} for v in [0.5, 4.4, 9.0]])
print("observations of rampWeights:", many)
print("optuna", optuna.__version__)

# The normal quantile and the log probability of an interval, to 17 digits with mpmath
# (50 decimal digits; the upper tail by symmetry so that nothing cancels). scipy's
# norm.cdf(b) - norm.cdf(a) would lose digits on the narrow intervals, which is the point.
import mpmath

mpmath.mp.dps = 50
ps = [1e-300, 1e-20, 0.01, 0.07, 0.3, 0.5, 0.8, 0.93, 0.999, 1 - 1e-12]
quantiles = [mpmath.findroot(lambda z: mpmath.ncdf(z) - mpmath.mpf(p), norm.ppf(p)) for p in ps]
print("quantile:", [mpmath.nstr(q, 17) for q in quantiles])
intervals = [(-1.0, 2.0), (-40.0, -39.0), (-3.0, -2.9), (5.0, 5.001), (30.0, 31.0), (-1e-9, 2e-9)]
masses = [mpmath.ncdf(-a) - mpmath.ncdf(-b) if a >= 0 else mpmath.ncdf(b) - mpmath.ncdf(a) for a, b in intervals]
print("logMass:", [mpmath.nstr(mpmath.log(m), 17) for m in masses])
t = truncnorm((0 - 0.2) / 0.5, (1 - 0.2) / 0.5, loc=0.2, scale=0.5)
print("truncnorm logpdf at 0, 0.3, 1:", [repr(float(t.logpdf(v))) for v in [0.0, 0.3, 1.0]],
      "log P(0.25..0.35):", repr(float(np.log(t.cdf(0.35) - t.cdf(0.25)))))
