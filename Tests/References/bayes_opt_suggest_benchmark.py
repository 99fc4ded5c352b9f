"""bayes_opt's time for the `bo-suggest-n25` benchmark case.

25 observations of the Branin function (x1 in [-5, 10], x2 in [0, 15]) registered
with bayes_opt's BayesianOptimization, then one `suggest()` (GP fit included),
timed 9 times; prints the fastest, as Benchmarks' bestSeconds does.

Run: python3 Tests/References/bayes_opt_suggest_benchmark.py   (bayesian-optimization 3.x)
"""
import time, math
import numpy as np
import bayes_opt
from bayes_opt import BayesianOptimization


def branin(x1, x2):
    a, b, c = 1.0, 5.1 / (4 * math.pi ** 2), 5 / math.pi
    r, s, t = 6.0, 10.0, 1 / (8 * math.pi)
    return -(a * (x2 - b * x1 ** 2 + c * x1 - r) ** 2 + s * (1 - t) * math.cos(x1) + s)   # bayes_opt maximises


rng = np.random.default_rng(7)
points = [{"x1": float(rng.uniform(-5, 10)), "x2": float(rng.uniform(0, 15))} for _ in range(25)]
times = []
for run in range(9):
    optimizer = BayesianOptimization(f=None, pbounds={"x1": (-5, 10), "x2": (0, 15)}, random_state=run,
                                     verbose=0, allow_duplicate_points=True)
    for p in points:
        optimizer.register(params=p, target=branin(**p))
    start = time.perf_counter()
    optimizer.suggest()
    times.append(time.perf_counter() - start)
print(f"bayes_opt {bayes_opt.__version__} bo-suggest-n25 best {min(times) * 1000:.1f} ms, "
      f"median {np.median(times) * 1000:.1f} ms")
