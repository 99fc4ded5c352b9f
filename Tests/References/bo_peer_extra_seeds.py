"""More seeds for the two noisy rows the library missed at 20 seeds (issue 11): every
peer (first the best of each row at 20 seeds, scikit-optimize's gp_minimize on noisy
Branin and bayes_opt's default UCB on the noisy six-hump camel, then the other three)
on noisy Branin and the noisy six-hump camel, seeds 20-59, with bo_peer_benchmark.py's
own `run_peer` (same instances, noise, budgets and defaults). Writes
bo_peer_regrets_extra_seeds.tsv (the columns of bo_peer_regrets.tsv); rows already
there are skipped, so the run can be stopped and resumed. Benchmarks'
`bo-noise-study` (Sources/Benchmarks/BroadNoiseStudy.swift) quotes the medians.

Run: cd Tests/References && python3 bo_peer_extra_seeds.py   (about 20 minutes for the
    two best peers, about an hour of one core for all four)
"""
import os, time
from bo_peer_benchmark import PEERS, run_peer
from bo_test_functions import SUITE

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "bo_peer_regrets_extra_seeds.tsv")
BEST = [("skopt-gp", "branin"), ("bayes_opt-ucb", "six-hump-camel")]
JOBS = BEST + [(peer, name) for name in ("branin", "six-hump-camel") for peer in PEERS
               if (peer, name) not in BEST]

if __name__ == "__main__":
    functions = {f.name: f for f in SUITE}
    done = set()
    if os.path.exists(OUT):
        done = {tuple(line.split("\t")[:4]) for line in open(OUT) if line.strip()}
    for peer, name in JOBS:
        for seed in range(20, 60):
            if (name, "noisy", peer, str(seed)) in done:
                continue
            start = time.perf_counter()
            regret = float(run_peer(peer, functions[name], "noisy", seed))
            with open(OUT, "a") as out:
                out.write(f"{name}\tnoisy\t{peer}\t{seed}\t{regret!r}\t{time.perf_counter() - start:.1f}\n")
