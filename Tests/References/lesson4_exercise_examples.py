"""The worked examples in Lessons/Exercises/Lesson4.swift, computed without TuningLab.

Run: python3 Tests/References/lesson4_exercise_examples.py
Versions used: scikit-learn 1.9.1, SciPy 1.17.1, NumPy 2.4.6.
(The checker itself compares a student's answers with the library on more inputs; these
numbers only make sure the examples the students read are right.)
"""
import numpy as np
from scipy.linalg import solve_triangular
from scipy.stats import norm
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern


def matern52(x, y, lengths, s2):
    r = np.sqrt(np.sum(((np.asarray(x, float) - np.asarray(y, float)) / np.asarray(lengths, float)) ** 2))
    return s2 * (1 + np.sqrt(5) * r + 5 * r * r / 3) * np.exp(-np.sqrt(5) * r)


# 4.1: x = [0], x' = [0.3], l = [0.3], s2 = 1 (r = 1)
print("4.1 matern52:", matern52([0], [0.3], [0.3], 1))

# 4.2: mu 0.30, sigma 0.05, f* 0.32, xi 0.01, minimising
delta = 0.32 - 0.30 - 0.01
z = delta / 0.05
print("4.2 exploitation, exploration, total:", delta * norm.cdf(z), 0.05 * norm.pdf(z),
      delta * norm.cdf(z) + 0.05 * norm.pdf(z))

# 4.3: [[4, 2], [2, 3]]
print("4.3 cholesky:", np.linalg.cholesky(np.array([[4.0, 2], [2, 3]])).tolist())

# 4.4: R&W Algorithm 2.1 by hand, then scikit-learn with the same fixed kernel
X = np.array([[0.1], [0.4], [0.9]])
y = np.array([1, 2.5, 0.5])
P = np.array([[0.4], [0.6]])
K = np.array([[matern52(a, b, [0.3], 1) for b in X] for a in X]) + 0.01 * np.eye(3)
L = np.linalg.cholesky(K)
alpha = solve_triangular(L.T, solve_triangular(L, y, lower=True), lower=False)
k_star = np.array([[matern52(p, b, [0.3], 1) for b in X] for p in P])
v = solve_triangular(L, k_star.T, lower=True)
print("4.4 by hand: mean", (k_star @ alpha).tolist(), "variance", (1 - np.sum(v * v, axis=0)).tolist(),
      "log p", -0.5 * y @ alpha - np.sum(np.log(np.diag(L))) - 1.5 * np.log(2 * np.pi))
gp = GaussianProcessRegressor(kernel=ConstantKernel(1.0, "fixed") * Matern(0.3, "fixed", nu=2.5), alpha=0.01,
                              optimizer=None, normalize_y=False).fit(X, y)
mean, sd = gp.predict(P, return_std=True)
print("4.4 scikit-learn: mean", mean.tolist(), "variance", (sd ** 2).tolist(), "log p",
      gp.log_marginal_likelihood_value_)
