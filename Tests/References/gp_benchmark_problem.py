"""The benchmark problem of `gp-fit-predict-n30` (Sources/Benchmarks/GPCases.swift),
drawn exactly as the Swift code draws it.

30 training points uniform in the unit square (SeededGenerator seed 2024; per point
u1, u2, then the noise), targets = Branin on [-5, 10] x [0, 15] plus N(0, 1) noise;
2,000 prediction points on a 50 x 40 grid of cell centres.
"""
import math
import numpy as np
from seeded_generator import SeededGenerator


def branin(u1, u2):
    x1 = 15.0 * u1 - 5.0
    x2 = 15.0 * u2
    b = 5.1 / (4.0 * math.pi * math.pi)
    c = 5.0 / math.pi
    t = 1.0 / (8.0 * math.pi)
    square = x2 - b * x1 * x1 + c * x1 - 6.0
    return square * square + 10.0 * (1.0 - t) * math.cos(x1) + 10.0


def training_data(count=30, seed=2024, noise=1.0):
    rng = SeededGenerator(seed)
    X, y = [], []
    for _ in range(count):
        u1 = rng.next_double()
        u2 = rng.next_double()
        X.append([u1, u2])
        y.append(branin(u1, u2) + rng.next_normal(0.0, noise))
    return np.array(X), np.array(y)


def prediction_grid(rows=50, columns=40):
    return np.array([[(i + 0.5) / rows, (j + 0.5) / columns]
                     for i in range(rows) for j in range(columns)])
