"""Optuna's TPE on TuningLab's test functions: median simple regret over 20 seeds.

The reference for Tests/HyperSearchTests/TPEBenchmarkTests.swift, which runs TuningLab's
TreeParzenEstimator on the same functions, domains and budgets and must reach a comparable
median regret. Simple regret = best value found - known global minimum (the minima are
those of Sources/HyperSearch/TestFunctions.swift).

Optuna's seeds are numpy's, not TuningLab's SeededGenerator, so single runs differ; only
the distributions over seeds are comparable. Two samplers:
  * independent: TPESampler(seed=s, multivariate=False), the paper's TPE and Optuna 4's
    default, which is TuningLab's default;
  * multivariate: TPESampler(seed=s) as Optuna 5.0 defaults it for one objective
    (multivariate=True), comparable with TPESettings.multivariate = true.

Run: pip install optuna==5.0.0 && python3 Tests/References/optuna_tpe_regret.py
(about a minute on one core). Prints, per function and sampler, the median regret with
its quartiles, and the 20 regrets.
"""
import math

import numpy as np
import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

FORRESTER_MIN = -6.020740055767083
BRANIN_MIN = 0.397887357729738
HARTMANN6_MIN = -3.322368011415515

ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def forrester(x):
    return (6 * x[0] - 2) ** 2 * math.sin(12 * x[0] - 4)


def branin(x):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


def hartmann6(x):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


# name, function, bounds, minimum, budget (the same as the Swift test's).
PROBLEMS = [
    ("forrester", forrester, [(0.0, 1.0)], FORRESTER_MIN, 30),
    ("branin", branin, [(-5.0, 10.0), (0.0, 15.0)], BRANIN_MIN, 60),
    ("hartmann6", hartmann6, [(0.0, 1.0)] * 6, HARTMANN6_MIN, 100),
]
SEEDS = range(20)


def regret(problem, seed, multivariate):
    name, f, bounds, minimum, budget = problem
    sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
    study = optuna.create_study(direction="minimize", sampler=sampler)

    def objective(trial):
        return f([trial.suggest_float(f"x{j + 1}", lo, hi) for j, (lo, hi) in enumerate(bounds)])

    study.optimize(objective, n_trials=budget)
    return study.best_value - minimum


for problem in PROBLEMS:
    for label, multivariate in [("independent", False), ("multivariate", True)]:
        regrets = [regret(problem, seed, multivariate) for seed in SEEDS]
        q1, med, q3 = np.quantile(regrets, [0.25, 0.5, 0.75])
        print(f"{problem[0]} {label} budget {problem[4]}: median {float(med)!r} quartiles {float(q1)!r} {float(q3)!r}")
        print("  regrets:", [float(f"{r:.6g}") for r in regrets])
print("optuna", optuna.__version__)
