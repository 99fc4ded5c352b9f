"""The broad Bayesian-optimisation benchmark's test functions and their per-seed
instances, built exactly as HyperSearch's `TestFunctionSuite` builds them
(Sources/HyperSearch/TestFunctionSuite.swift and TestFunctionInstances.swift).

Definitions and minima: Surjanovic and Bingham, "Virtual Library of Simulation
Experiments: Test Functions and Datasets" (Simon Fraser University), with each
function's usual domain.

Instances (the rule, stated in advance). A function marked `randomized` gets, for
seed s, a new instance as in COCO's BBOB suite (Hansen et al., "Real-parameter
black-box optimization benchmarking 2009: noiseless functions definitions"):

    f_s(v) = f(x* + R (v - v*)),   v in the function's box,

where x* is the function's global minimiser, v* a random point of the box's inner
80% (the new optimum; f_s(v*) = f's minimum) and R a random rotation (Gram-Schmidt on
a matrix of standard normals, as COCO does). Draw order, from
SeededGenerator(seed=s, stream=function.stream): d uniforms for v*
(v*_j = lo_j + (hi_j - lo_j)(0.1 + 0.8 u_j)), then d x d normals row by row.
Functions with a fixed, asymmetric box and several global or nearly-global minima
(Branin, Six-hump camel, Michalewicz, Goldstein-Price, Hartmann, Shekel) are used in
their standard form: rotating them would leave the box their minima are defined in.

Budget rule (stated in advance): 5 d + 20 evaluations. Noise rule: a noisy variant
adds N(0, sigma^2) to every evaluation, sigma = 10% of the standard deviation of f over
its box (estimated from 10,000 uniform points and rounded to two digits; see
`noise_level` below), and regret is measured with the noise-free function at the point
each method recommends.
"""
import math
from seeded_generator import SeededGenerator

PI = math.pi


def branin(x):
    b = 5.1 / (4.0 * PI * PI)
    c = 5.0 / PI
    t = 1.0 / (8.0 * PI)
    square = x[1] - b * x[0] * x[0] + c * x[0] - 6.0
    return square * square + 10.0 * (1.0 - t) * math.cos(x[0]) + 10.0


def six_hump_camel(x):
    a, b = x[0], x[1]
    return (4.0 - 2.1 * a * a + a ** 4 / 3.0) * a * a + a * b + (-4.0 + 4.0 * b * b) * b * b


def michalewicz(x):
    total = 0.0
    for i, xi in enumerate(x):
        total += math.sin(xi) * math.sin((i + 1) * xi * xi / PI) ** 20
    return -total


def goldstein_price(x):
    a, b = x[0], x[1]
    first = 1.0 + (a + b + 1.0) ** 2 * (19.0 - 14.0 * a + 3.0 * a * a - 14.0 * b + 6.0 * a * b + 3.0 * b * b)
    second = 30.0 + (2.0 * a - 3.0 * b) ** 2 * (18.0 - 32.0 * a + 12.0 * a * a + 48.0 * b - 36.0 * a * b + 27.0 * b * b)
    return first * second


HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN3_A = [[3.0, 10.0, 30.0], [0.1, 10.0, 35.0], [3.0, 10.0, 30.0], [0.1, 10.0, 35.0]]
HARTMANN3_P = [[0.3689, 0.1170, 0.2673], [0.4699, 0.4387, 0.7470], [0.1091, 0.8732, 0.5547],
               [0.0381, 0.5743, 0.8828]]
HARTMANN6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
               [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN6_P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
               [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann(x, a, p):
    total = 0.0
    for i in range(4):
        inner = 0.0
        for j in range(len(x)):
            inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j])
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


def ackley(x):
    d = len(x)
    squares = sum(xi * xi for xi in x) / d
    cosines = sum(math.cos(2.0 * PI * xi) for xi in x) / d
    return -20.0 * math.exp(-0.2 * math.sqrt(squares)) - math.exp(cosines) + 20.0 + math.e


def levy(x):
    w = [1.0 + (xi - 1.0) / 4.0 for xi in x]
    total = math.sin(PI * w[0]) ** 2
    for wi in w[:-1]:
        total += (wi - 1.0) ** 2 * (1.0 + 10.0 * math.sin(PI * wi + 1.0) ** 2)
    total += (w[-1] - 1.0) ** 2 * (1.0 + math.sin(2.0 * PI * w[-1]) ** 2)
    return total


SHEKEL_BETA = [0.1, 0.2, 0.2, 0.4, 0.4, 0.6, 0.3, 0.7, 0.5, 0.5]
SHEKEL_C = [[4.0, 1.0, 8.0, 6.0, 3.0, 2.0, 5.0, 8.0, 6.0, 7.0], [4.0, 1.0, 8.0, 6.0, 7.0, 9.0, 3.0, 1.0, 2.0, 3.6],
            [4.0, 1.0, 8.0, 6.0, 3.0, 2.0, 5.0, 8.0, 6.0, 7.0], [4.0, 1.0, 8.0, 6.0, 7.0, 9.0, 3.0, 1.0, 2.0, 3.6]]


def shekel(x):
    total = 0.0
    for i in range(10):
        inner = SHEKEL_BETA[i]
        for j in range(4):
            inner += (x[j] - SHEKEL_C[j][i]) ** 2
        total += 1.0 / inner
    return -total


def styblinski_tang(x):
    return 0.5 * sum(xi ** 4 - 16.0 * xi * xi + 5.0 * xi for xi in x)


def rosenbrock(x):
    return sum(100.0 * (x[i + 1] - x[i] * x[i]) ** 2 + (x[i] - 1.0) ** 2 for i in range(len(x) - 1))


def dixon_price(x):
    total = (x[0] - 1.0) ** 2
    for i in range(1, len(x)):
        total += (i + 1) * (2.0 * x[i] * x[i] - x[i - 1]) ** 2
    return total


def griewank(x):
    total = sum(xi * xi for xi in x) / 4000.0
    product = 1.0
    for i, xi in enumerate(x):
        product *= math.cos(xi / math.sqrt(i + 1))
    return total - product + 1.0


def rastrigin(x):
    return 10.0 * len(x) + sum(xi * xi - 10.0 * math.cos(2.0 * PI * xi) for xi in x)


def zakharov(x):
    squares = sum(xi * xi for xi in x)
    weighted = sum(0.5 * (i + 1) * xi for i, xi in enumerate(x))
    return squares + weighted ** 2 + weighted ** 4


def powell(x):
    total = 0.0
    for i in range(len(x) // 4):
        a, b, c, e = x[4 * i], x[4 * i + 1], x[4 * i + 2], x[4 * i + 3]
        total += (a + 10.0 * b) ** 2 + 5.0 * (c - e) ** 2 + (b - 2.0 * c) ** 4 + 10.0 * (a - e) ** 4
    return total


DIXON_PRICE_8_MINIMIZER = [2.0 ** (-(2.0 ** i - 2.0) / 2.0 ** i) for i in range(1, 9)]


class TestFunction:
    def __init__(self, name, stream, f, low, high, minimum, minimizer=None, multimodal=True, held_out=False,
                 noise=None):
        self.name, self.stream, self.f = name, stream, f
        self.low, self.high, self.minimum = low, high, minimum
        self.minimizer = minimizer          # x* for randomized functions, None for standard ones
        self.multimodal, self.held_out, self.noise = multimodal, held_out, noise

    @property
    def d(self):
        return len(self.low)

    @property
    def budget(self):
        return 5 * self.d + 20

    @property
    def randomized(self):
        return self.minimizer is not None

    def instance(self, seed):
        """f_s as a function of v in the box, and v* (None for standard functions)."""
        if not self.randomized:
            return self.f, None
        d = self.d
        rng = SeededGenerator(seed, self.stream)
        v_star = [self.low[j] + (self.high[j] - self.low[j]) * (0.1 + 0.8 * rng.next_double()) for j in range(d)]
        g = [[rng.next_normal() for _ in range(d)] for _ in range(d)]
        rotation = gram_schmidt(g)
        x_star, f = self.minimizer, self.f

        def f_s(v):
            shifted = [v[k] - v_star[k] for k in range(d)]
            x = []
            for j in range(d):
                s = 0.0
                for k in range(d):
                    s += rotation[j][k] * shifted[k]
                x.append(x_star[j] + s)
            return f(x)
        return f_s, v_star


def gram_schmidt(rows):
    """Orthonormal rows by modified Gram-Schmidt, in row order."""
    d = len(rows)
    q = []
    for i in range(d):
        v = list(rows[i])
        for k in range(i):
            p = 0.0
            for j in range(d):
                p += v[j] * q[k][j]
            for j in range(d):
                v[j] -= p * q[k][j]
        norm = 0.0
        for j in range(d):
            norm += v[j] * v[j]
        norm = math.sqrt(norm)
        q.append([v[j] / norm for j in range(d)])
    return q


def box(d, low, high):
    return [low] * d, [high] * d


SUITE = [
    TestFunction("branin", 1, branin, [-5.0, 0.0], [10.0, 15.0], 0.397887357729738, noise=5.1),
    TestFunction("six-hump-camel", 2, six_hump_camel, [-3.0, -2.0], [3.0, 2.0], -1.031628453489877,
                 noise=2.7),
    TestFunction("michalewicz-2", 3, michalewicz, [0.0, 0.0], [PI, PI], -1.801303410098554),
    TestFunction("goldstein-price", 4, goldstein_price, [-2.0, -2.0], [2.0, 2.0], 3.0),
    TestFunction("hartmann-3", 5, lambda x: hartmann(x, HARTMANN3_A, HARTMANN3_P), [0.0] * 3, [1.0] * 3,
                 -3.8627797873326593, noise=0.096),
    TestFunction("ackley-3", 6, ackley, *box(3, -32.768, 32.768), 0.0, minimizer=[0.0] * 3),
    TestFunction("levy-4", 7, levy, *box(4, -10.0, 10.0), 0.0, minimizer=[1.0] * 4),
    TestFunction("shekel-4", 8, shekel, [0.0] * 4, [10.0] * 4, -10.536443153483528),
    TestFunction("styblinski-tang-5", 9, styblinski_tang, *box(5, -5.0, 5.0), -39.16616570377142 * 5,
                 minimizer=[-2.903534027771178] * 5),
    TestFunction("hartmann-6", 10, lambda x: hartmann(x, HARTMANN6_A, HARTMANN6_P), [0.0] * 6, [1.0] * 6,
                 -3.322368011415515, noise=0.039),
    TestFunction("rosenbrock-4", 11, rosenbrock, *box(4, -5.0, 10.0), 0.0, minimizer=[1.0] * 4, multimodal=False),
    TestFunction("dixon-price-8", 12, dixon_price, *box(8, -10.0, 10.0), 0.0, minimizer=DIXON_PRICE_8_MINIMIZER,
                 multimodal=False),
    # Held out: never run while the searcher's defaults were being chosen.
    TestFunction("griewank-4", 13, griewank, *box(4, -600.0, 600.0), 0.0, minimizer=[0.0] * 4, held_out=True),
    TestFunction("rastrigin-3", 14, rastrigin, *box(3, -5.12, 5.12), 0.0, minimizer=[0.0] * 3, held_out=True),
    TestFunction("zakharov-5", 15, zakharov, *box(5, -5.0, 10.0), 0.0, minimizer=[0.0] * 5, multimodal=False,
                 held_out=True),
    TestFunction("powell-4", 16, powell, *box(4, -4.0, 5.0), 0.0, minimizer=[0.0] * 4, multimodal=False,
                 held_out=True),
]


def noise_level(function, points=10_000, seed=0):
    """10% of the standard deviation of f over its box (uniform points, seed 0
    instance), to two significant digits: how the `noise` constants above were set."""
    f, _ = function.instance(seed)
    rng = SeededGenerator(seed, 999)
    values = []
    for _ in range(points):
        values.append(f([lo + (hi - lo) * rng.next_double() for lo, hi in zip(function.low, function.high)]))
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return float(f"{0.1 * sd:.2g}")


if __name__ == "__main__":
    # Spot values for the Swift tests (instance of seed 3 at the box's centre).
    for function in SUITE:
        f, v_star = function.instance(3)
        centre = [(lo + hi) / 2 for lo, hi in zip(function.low, function.high)]
        at_star = f(v_star) if v_star is not None else None
        print(function.name, repr(f(centre)), repr(at_star), v_star and [repr(v) for v in v_star[:2]],
              "noise rule:", noise_level(function))
