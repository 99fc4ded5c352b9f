"""Reference numbers for NoiseAndTransformTests.swift (issue 11): per-observation noise,
log expected improvement and the Yeo-Johnson transform, each computed independently
of the Swift code.

1. Heteroscedastic GP: scikit-learn's GaussianProcessRegressor with a per-sample `alpha`
   (added to K's diagonal, in the normalised units when normalize_y=True), kernel
   ConstantKernel(1.7) * Matern([0.3, 0.8], nu=2.5) + WhiteKernel(0.05), optimizer=None,
   on SmallProblem (GaussianProcessesTests/ReferenceProblems.swift) with known noise
   variances s^2 (targets' units) -> alpha = s^2 / np.std(y)^2.
2. log h(z) = log(phi(z) + z Phi(z)) and Phi(z) / h(z) with mpmath at 50 digits.
3. Yeo-Johnson lambda: scikit-learn's PowerTransformer(method="yeo-johnson",
   standardize=False) fitted to the standardised values (HEBO's order: standardise, then
   transform), and the transformed values.

Run: python3 Tests/References/gp_noise_reference_values.py
"""
import numpy as np
import mpmath as mp
import sklearn
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel
from sklearn.preprocessing import PowerTransformer

X = np.array([[0.10, 0.20], [0.35, 0.80], [0.50, 0.45], [0.72, 0.10], [0.90, 0.65], [0.25, 0.55], [0.60, 0.95]])
y = np.array([1.2, -0.4, 0.9, 2.1, -1.3, 0.3, -0.8])
Xs = np.array([[0.15, 0.25], [0.50, 0.50], [0.95, 0.95], [0.35, 0.80]])
s2 = np.array([0.01, 0.5, 0.0, 0.2, 0.05, 1.0, 0.3])

print("sklearn", sklearn.__version__, "numpy", np.__version__, "mpmath", mp.__version__)
kernel = ConstantKernel(1.7, "fixed") * Matern([0.3, 0.8], "fixed", nu=2.5)
gp = GaussianProcessRegressor(kernel + WhiteKernel(0.05, "fixed"), optimizer=None, normalize_y=True,
                              alpha=s2 / np.std(y) ** 2).fit(X, y)
print("log marginal likelihood", repr(gp.log_marginal_likelihood_value_))
# The latent f's variance: the WhiteKernel's 0.05 and alpha moved out of the kernel.
latent = GaussianProcessRegressor(kernel, optimizer=None, normalize_y=True,
                                  alpha=0.05 + s2 / np.std(y) ** 2).fit(X, y)
mean, std = latent.predict(Xs, return_std=True)
print("mean", [repr(v) for v in mean])
print("latent std", [repr(v) for v in std])

mp.mp.dps = 50
for z in [2.0, 0.0, -1.0, -2.9, -3.1, -5.0, -20.0, -40.0]:
    zz = mp.mpf(z)
    h = mp.npdf(zz) + zz * mp.ncdf(zz)
    print("logH", z, repr(float(mp.log(h))), repr(float(mp.ncdf(zz) / h)))

values = np.array([0.3, 1.5, 2.2, 8.0, 40.0, 150.0, 0.9, 3.3, 600.0, 12.0])
standardized = (values - values.mean()) / values.std()
transformer = PowerTransformer(method="yeo-johnson", standardize=False).fit(standardized.reshape(-1, 1))
print("lambda", repr(transformer.lambdas_[0]))
print("transformed", [repr(v) for v in transformer.transform(standardized.reshape(-1, 1)).ravel()[:3]])

# 4. A given prior mean c = 2.1: the GP models z = (y - c) / std(y) with a zero mean
#    (normalize_y=False), and reports c + std(y) * prediction.
c, s = 2.1, np.std(y)
kernel = ConstantKernel(1.7, "fixed") * Matern([0.3, 0.8], "fixed", nu=2.5)
shifted = GaussianProcessRegressor(kernel, optimizer=None, normalize_y=False, alpha=0.05).fit(X, (y - c) / s)
mean, std = shifted.predict(Xs, return_std=True)
print("prior mean 2.1: mean", [repr(c + s * v) for v in mean], "latent std", [repr(s * v) for v in std])
