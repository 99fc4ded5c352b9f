"""Reference values for Tests/GaussianProcessesTests, from scikit-learn and SciPy.

Run: python3 Tests/References/gp_reference_values.py   (prints every number the tests use)
Versions used: scikit-learn 1.9.1, SciPy 1.17.1, NumPy 2.4.6, Python 3.11.
"""
import warnings
import numpy as np
import scipy, sklearn
from scipy.stats import norm
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, RBF, Matern, WhiteKernel
from gp_benchmark_problem import training_data

warnings.filterwarnings("ignore")
print(f"scikit-learn {sklearn.__version__}, scipy {scipy.__version__}, numpy {np.__version__}")


def show(name, values):
    values = np.atleast_1d(values)
    print(f"{name}: [" + ", ".join(repr(float(v)) for v in values) + "]")


# --- 1. Fixed hyperparameters: posterior and marginal likelihood -------------------
X = np.array([[0.10, 0.20], [0.35, 0.80], [0.50, 0.45], [0.72, 0.10],
              [0.90, 0.65], [0.25, 0.55], [0.60, 0.95]])
y = np.array([1.2, -0.4, 0.9, 2.1, -1.3, 0.3, -0.8])
Xs = np.array([[0.15, 0.25], [0.50, 0.50], [0.95, 0.95], [0.35, 0.80]])
signal, scales, noise = 1.7, [0.3, 0.8], 0.05

for shape_name, shape in [("rbf", RBF(length_scale=scales)),
                          ("matern52", Matern(length_scale=scales, nu=2.5))]:
    for normalize in [True, False]:
        tag = f"{shape_name} normalize_y={normalize}"
        # WhiteKernel in the kernel: predict's std includes the noise (observation y_*).
        with_white = GaussianProcessRegressor(
            ConstantKernel(signal) * shape + WhiteKernel(noise),
            optimizer=None, alpha=0.0, normalize_y=normalize).fit(X, y)
        mean, std = with_white.predict(Xs, return_std=True)
        show(f"{tag} mean", mean)
        show(f"{tag} variance with noise", std ** 2)
        show(f"{tag} log marginal likelihood", with_white.log_marginal_likelihood_value_)
        lml, grad = with_white.log_marginal_likelihood(with_white.kernel_.theta, eval_gradient=True)
        show(f"{tag} theta", with_white.kernel_.theta)
        show(f"{tag} gradient", grad)
        # The noise as `alpha` instead: predict's std is the latent f_* only.
        latent = GaussianProcessRegressor(
            ConstantKernel(signal) * shape, optimizer=None, alpha=noise, normalize_y=normalize).fit(X, y)
        _, latent_std = latent.predict(Xs, return_std=True)
        show(f"{tag} latent variance", latent_std ** 2)

# --- 2. Fitted hyperparameters on the benchmark problem ----------------------------
# Branin on the unit square, 30 points from SeededGenerator(2024) (see
# gp_benchmark_problem.py), the default bounds of HyperparameterBounds.unitCube.
Xb, yb = training_data()
show("branin first target", yb[0])
for shape_name, shape in [("rbf", RBF([0.5, 0.5], (1e-2, 1e2))),
                          ("matern52", Matern([0.5, 0.5], (1e-2, 1e2), nu=2.5))]:
    kernel = ConstantKernel(1.0, (1e-2, 1e3)) * shape + WhiteKernel(1e-2, (1e-6, 1.0))
    gp = GaussianProcessRegressor(kernel, normalize_y=True, n_restarts_optimizer=9,
                                  random_state=0).fit(Xb, yb)
    print(f"branin {shape_name} fitted: {gp.kernel_}")
    show(f"branin {shape_name} fitted log marginal likelihood", gp.log_marginal_likelihood_value_)

# --- 3. Acquisition functions, closed forms with scipy.stats.norm -------------------
cases = [  # mean, sigma, incumbent, xi
    (0.30, 0.05, 0.32, 0.01), (0.50, 0.20, 0.32, 0.0), (0.10, 0.01, 0.32, 0.01),
    (1.30, 0.40, 1.00, 0.05), (-2.0, 0.30, 1.00, 0.0), (0.25, 0.0, 0.32, 0.01),
    (0.40, 0.0, 0.32, 0.01)]
for mean, sigma, best, xi in cases:
    for direction in ["minimize", "maximize"]:
        delta = (best - mean - xi) if direction == "minimize" else (mean - best - xi)
        if sigma > 0:
            z = delta / sigma
            exploit, explore = delta * norm.cdf(z), sigma * norm.pdf(z)
            pi = norm.cdf(z)
        else:
            exploit, explore = max(delta, 0.0), 0.0
            pi = 1.0 if delta > 0 else 0.0
        kappa = 2.0
        bound = mean - kappa * sigma if direction == "minimize" else mean + kappa * sigma
        print(f"acq ({mean}, {sigma}, {best}, {xi}, .{direction}): EI {exploit + explore!r} "
              f"exploit {exploit!r} explore {explore!r} PI {pi!r} bound(kappa 2) {bound!r}")

# --- 4. Expected improvement in the far tail, where the closed form cancels ---------
# delta Phi(z) + sigma phi(z) subtracts two nearly equal numbers when z << 0, so the
# float64 formula above is no reference there; mpmath with 50 digits is.
import mpmath
mpmath.mp.dps = 50
for mean, sigma, best, xi in [(0.10, 0.01, 0.32, 0.01), (-2.0, 0.30, 1.00, 0.0), (0.0, 1.0, 5.0, 0.0)]:
    # mpf(float) takes the double exactly, so the inputs are those of the Swift test;
    # delta is formed exactly and rounded only at the end.
    delta = mpmath.mpf(mean) - mpmath.mpf(best) - mpmath.mpf(xi)   # maximising
    s = mpmath.mpf(sigma)
    z = delta / s
    ei = delta * mpmath.ncdf(z) + s * mpmath.npdf(z)
    print(f"tail EI ({mean}, {sigma}, {best}, {xi}, .maximize) z = {mpmath.nstr(z, 6)}: {mpmath.nstr(ei, 17)}")

# --- 5. Kernel values: k(0, r) for unit signal variance and length scale -------------
for r in [0.0, 0.5, 1.0, 2.5]:
    rbf = RBF(1.0)(np.array([[0.0]]), np.array([[r]]))[0, 0]
    matern = Matern(1.0, nu=2.5)(np.array([[0.0]]), np.array([[r]]))[0, 0]
    print(f"kernel r = {r}: rbf {rbf!r} matern52 {matern!r}")

# --- 6. A large problem: the blocked Cholesky and inverse (n > 256) ------------------
# 301 noisy Branin points (gp_benchmark_problem.py), fixed hyperparameters, so that
# log|K| and K^-1 in the gradient come from LabMath's blocked code paths (256 and
# below use the unblocked loops). 301 = 4 blocks of 64 + 45, not a multiple of 4.
Xl, yl = training_data(count=301)
show("large branin first target", yl[0])
large = GaussianProcessRegressor(
    ConstantKernel(2.0) * Matern([0.15, 0.3], nu=2.5) + WhiteKernel(0.01),
    optimizer=None, alpha=0.0, normalize_y=True).fit(Xl, yl)
lml, grad = large.log_marginal_likelihood(large.kernel_.theta, eval_gradient=True)
show("large matern52 theta", large.kernel_.theta)
show("large matern52 log marginal likelihood", lml)
show("large matern52 gradient", grad)
show("large matern52 condition number of K", np.linalg.cond(large.L_ @ large.L_.T))
