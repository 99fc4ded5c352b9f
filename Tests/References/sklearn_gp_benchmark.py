"""scikit-learn's time for the `gp-fit-predict-n30` benchmark case.

Fit a GaussianProcessRegressor (ConstantKernel * Matern(nu=2.5, ARD) + WhiteKernel,
normalize_y=True, n_restarts_optimizer=4, the bounds of TuningLab's defaults) on 30
points in 2-D, then predict mean and standard deviation at 2,000 points. Prints the
fastest of 9 runs (as Benchmarks' bestSeconds does) and the fitted model.

Run: python3 Tests/References/sklearn_gp_benchmark.py [rbf]
"""
import sys, time, warnings
import numpy as np
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, RBF, WhiteKernel
from gp_benchmark_problem import training_data, prediction_grid

warnings.filterwarnings("ignore")
X, y = training_data()
grid = prediction_grid()
use_rbf = len(sys.argv) > 1 and sys.argv[1] == "rbf"


def make():
    if use_rbf:
        shape = RBF(length_scale=[0.5, 0.5], length_scale_bounds=(1e-2, 1e2))
    else:
        shape = Matern(length_scale=[0.5, 0.5], length_scale_bounds=(1e-2, 1e2), nu=2.5)
    kernel = (ConstantKernel(1.0, (1e-2, 1e3)) * shape
              + WhiteKernel(1e-2, (1e-6, 1.0)))
    return GaussianProcessRegressor(kernel=kernel, normalize_y=True, n_restarts_optimizer=4,
                                    random_state=0)


best = float("inf")
for _ in range(9):
    start = time.perf_counter()
    gp = make().fit(X, y)
    mean, std = gp.predict(grid, return_std=True)
    best = min(best, time.perf_counter() - start)
print(f"sklearn {sklearn.__version__} numpy {np.__version__}")
print(f"gp-fit-predict-n30 (scikit-learn, {'RBF' if use_rbf else 'Matern 5/2'}) {best * 1e3:.4g} ms")
print("fitted kernel:", gp.kernel_)
print("log marginal likelihood:", repr(gp.log_marginal_likelihood_value_))
