"""scikit-learn's time for the `gp-fit-predict-n30`, `-n500` and `-n1000` cases.

Fit a GaussianProcessRegressor (ConstantKernel * Matern(nu=2.5, ARD) + WhiteKernel,
normalize_y=True, n_restarts_optimizer=4, the bounds of TuningLab's defaults) on n
points in 2-D, then predict mean and standard deviation at 2,000 points. Prints the
fastest of 9 runs (3 for n >= 500; as Benchmarks' bestSeconds does) and the fitted
model. Single-threaded: OMP/OPENBLAS/MKL threads are set to 1 before numpy loads.

Run: python3 Tests/References/sklearn_gp_benchmark.py [rbf] [n ...]   (default n: 30)
For the timing against a current numpy, unset OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE
together in that command only (see the development machine's notes):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 Tests/References/sklearn_gp_benchmark.py 30 500 1000
"""
import os
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"
import sys, time, warnings
import numpy as np
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, RBF, WhiteKernel
from gp_benchmark_problem import training_data, prediction_grid

warnings.filterwarnings("ignore")
grid = prediction_grid()
use_rbf = "rbf" in sys.argv[1:]
counts = [int(a) for a in sys.argv[1:] if a.isdigit()] or [30]


def make():
    if use_rbf:
        shape = RBF(length_scale=[0.5, 0.5], length_scale_bounds=(1e-2, 1e2))
    else:
        shape = Matern(length_scale=[0.5, 0.5], length_scale_bounds=(1e-2, 1e2), nu=2.5)
    kernel = (ConstantKernel(1.0, (1e-2, 1e3)) * shape
              + WhiteKernel(1e-2, (1e-6, 1.0)))
    return GaussianProcessRegressor(kernel=kernel, normalize_y=True, n_restarts_optimizer=4,
                                    random_state=0)


print(f"sklearn {sklearn.__version__} numpy {np.__version__}")
try:
    from threadpoolctl import threadpool_info
    print("BLAS:", [(i.get("internal_api"), i.get("architecture"), i.get("num_threads")) for i in threadpool_info()])
except ImportError:
    pass
for n in counts:
    X, y = training_data(count=n)
    best = float("inf")
    for _ in range(9 if n < 500 else 3):
        start = time.perf_counter()
        gp = make().fit(X, y)
        mean, std = gp.predict(grid, return_std=True)
        best = min(best, time.perf_counter() - start)
    print(f"gp-fit-predict-n{n} (scikit-learn, {'RBF' if use_rbf else 'Matern 5/2'}) {best * 1e3:.4g} ms")
    print("fitted kernel:", gp.kernel_)
    print("log marginal likelihood:", repr(gp.log_marginal_likelihood_value_))
