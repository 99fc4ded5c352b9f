"""The peers of the broad Bayesian-optimisation benchmark (`Benchmarks bo-broad`).

Runs, on every function of bo_test_functions.SUITE (and the noisy variants), with
budget 5 d + 20 and seeds 0..19, each peer with its library's defaults:

  bayes_opt-ucb  bayes_opt.BayesianOptimization (its default acquisition, the upper
                 confidence bound with kappa 2.576), init_points=5 (its default),
                 n_iter = budget - 5; recommendation: optimizer.max
  bayes_opt-ei   the same with acquisition.ExpectedImprovement(xi=0.0) (xi has no
                 default in bayes_opt 3; 0 was its default in bayes_opt 1)
  skopt-gp       skopt.gp_minimize(f, bounds, n_calls=budget, random_state=seed), all
                 else default (gp_hedge, 10 initial points); recommendation: result.x
  optuna-tpe     optuna's TPESampler(seed=seed), n_trials=budget; recommendation:
                 study.best_params

bayes_opt maximises, so it is given -f. `allow_duplicate_points=True` only keeps
bayes_opt from raising when a noisy run re-proposes a point. Each evaluation of a
noisy variant adds N(0, sigma^2) from numpy's default_rng([seed, stream, peer]);
regret is always the noise-free f at the recommended point minus f's minimum.

Every (function, variant, peer, seed) result is appended to bo_peer_regrets.tsv as
soon as it is known, so the run can be stopped and resumed (finished rows are
skipped). `--summarize` writes bo_peer_medians.tsv (median regret over the 20 seeds,
only for complete cells) with the versions, the date and the command in its header.

Run (single-threaded BLAS, as the peers would run on one core; two workers share the
jobs):
    cd Tests/References
    python3 bo_peer_benchmark.py --worker 0/2 &  python3 bo_peer_benchmark.py --worker 1/2
    python3 bo_peer_benchmark.py --summarize
"""
import os
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"
import sys, time, math, datetime, statistics, warnings
import numpy as np
from bo_test_functions import SUITE

warnings.filterwarnings("ignore")
SEEDS = range(20)
PEERS = ["bayes_opt-ucb", "bayes_opt-ei", "skopt-gp", "optuna-tpe"]
HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.join(HERE, "bo_peer_regrets.tsv")
SUMMARY = os.path.join(HERE, "bo_peer_medians.tsv")


def run_peer(peer, function, variant, seed):
    f, _ = function.instance(seed)
    sigma = function.noise if variant == "noisy" else 0.0
    noise = np.random.default_rng([seed, function.stream, PEERS.index(peer)])
    d, budget = function.d, function.budget

    def observed(x):
        value = f(list(x))
        return value + sigma * noise.standard_normal() if sigma > 0 else value

    names = [f"x{j}" for j in range(d)]
    if peer.startswith("bayes_opt"):
        from bayes_opt import BayesianOptimization, acquisition
        acq = acquisition.ExpectedImprovement(xi=0.0) if peer == "bayes_opt-ei" else None
        optimizer = BayesianOptimization(
            f=lambda **p: -observed([p[n] for n in names]),
            pbounds={n: (function.low[j], function.high[j]) for j, n in enumerate(names)},
            acquisition_function=acq, random_state=seed, verbose=0, allow_duplicate_points=True)
        optimizer.maximize(init_points=5, n_iter=budget - 5)
        best = [optimizer.max["params"][n] for n in names]
    elif peer == "skopt-gp":
        from skopt import gp_minimize
        result = gp_minimize(observed, list(zip(function.low, function.high)), n_calls=budget, random_state=seed)
        best = list(result.x)
    else:
        import optuna
        optuna.logging.set_verbosity(optuna.logging.WARNING)
        study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=seed))
        study.optimize(lambda t: observed([t.suggest_float(n, function.low[j], function.high[j])
                                           for j, n in enumerate(names)]), n_trials=budget)
        best = [study.best_params[n] for n in names]
    return f(best) - function.minimum


def jobs():
    """The low-dimensional (at most 3-D) jobs of every kind first (development functions,
    noisy variants, held-out functions), so that a partial run covers each kind; then the
    rest by dimension. Each result is independent of the order."""
    plain = [(fn, "plain") for fn in SUITE if not fn.held_out]
    noisy = [(fn, "noisy") for fn in SUITE if fn.noise is not None]
    held_out = [(fn, "plain") for fn in SUITE if fn.held_out]
    jobs_of_every_kind = plain + noisy + held_out
    order = [job for job in jobs_of_every_kind if len(job[0].low) <= 3]
    order += sorted((job for job in jobs_of_every_kind if len(job[0].low) > 3), key=lambda job: len(job[0].low))
    for fn, variant in order:
        for seed in SEEDS:
            for peer in PEERS:
                yield fn, variant, peer, seed


def finished():
    done = set()
    if os.path.exists(RAW):
        for line in open(RAW):
            if line.startswith("#") or not line.strip():
                continue
            name, variant, peer, seed = line.split("\t")[:4]
            done.add((name, variant, peer, int(seed)))
    return done


def work(index, count):
    done = finished()
    for number, (fn, variant, peer, seed) in enumerate(jobs()):
        # Split by (function, seed), so each worker runs every peer on its seeds.
        if (number // len(PEERS)) % count != index or (fn.name, variant, peer, seed) in done:
            continue
        start = time.perf_counter()
        regret = float(run_peer(peer, fn, variant, seed))
        seconds = time.perf_counter() - start
        with open(RAW, "a") as out:
            out.write(f"{fn.name}\t{variant}\t{peer}\t{seed}\t{regret!r}\t{seconds:.2f}\n")
        print(f"{fn.name} {variant} {peer} seed {seed}: regret {regret:.4g} ({seconds:.1f} s)", flush=True)


def summarize():
    import bayes_opt, skopt, optuna, sklearn
    regrets = {}
    for line in open(RAW):
        if line.startswith("#") or not line.strip():
            continue
        name, variant, peer, seed, regret = line.split("\t")[:5]
        # Early rows were written as numpy's repr, "np.float64(0.39...)".
        regret = regret.removeprefix("np.float64(").removesuffix(")")
        regrets.setdefault((name, variant, peer), {})[int(seed)] = float(regret)
    with open(SUMMARY, "w") as out:
        out.write(f"# Median simple regret over seeds 0-19 of each peer, with its defaults (see "
                  f"bo_peer_benchmark.py).\n# bayesian-optimization {bayes_opt.__version__}, scikit-optimize "
                  f"{skopt.__version__}, optuna {optuna.__version__}, scikit-learn {sklearn.__version__}, numpy "
                  f"{np.__version__}, Python {sys.version.split()[0]}\n# written {datetime.date.today()} by: "
                  f"cd Tests/References && python3 bo_peer_benchmark.py --worker 0/2 (and 1/2); "
                  f"python3 bo_peer_benchmark.py --summarize\n")
        out.write("function\tvariant\tpeer\tmedian_regret\n")
        for fn in SUITE:
            for variant in ("plain", "noisy"):
                for peer in PEERS:
                    cell = regrets.get((fn.name, variant, peer), {})
                    if len(cell) == len(SEEDS):
                        median = statistics.median(cell[s] for s in SEEDS)
                        out.write(f"{fn.name}\t{variant}\t{peer}\t{median!r}\n")


if __name__ == "__main__":
    if "--summarize" in sys.argv:
        summarize()
    else:
        index, count = (int(v) for v in sys.argv[sys.argv.index("--worker") + 1].split("/"))
        work(index, count)
