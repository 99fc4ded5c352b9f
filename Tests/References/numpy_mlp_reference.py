"""Reference for the `train-pima-mlp` and `train-digits-mlp` benchmark cases: how fast
peers train the source articles' small networks.

    python3 Tests/References/numpy_mlp_reference.py datasets

Case A (first article): Pima diabetes, Dense(10, relu) -> Dense(1, sigmoid), Adam lr 1e-3,
batch 10, 100 epochs, standardized features, 80/20 split.
Case B (second article's style): digits 8x8, Dense(64, relu) -> Dense(10, softmax), Adam, batch 32, 50 epochs.
Prints wall seconds and held-out accuracy for scikit-learn's MLPClassifier and
for a plain numpy implementation (what a reader of the articles would write).
"""
import sys, time, warnings, csv
import numpy as np
warnings.filterwarnings("ignore")
from sklearn.neural_network import MLPClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

def load(path):
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    a = np.array(rows, dtype=float)
    return a[:, :-1], a[:, -1].astype(int)

def numpy_mlp(X, y, hidden, classes, lr, batch, epochs, seed):
    rng = np.random.default_rng(seed)
    n, d = X.shape
    out = 1 if classes == 2 else classes
    W1 = rng.normal(0, np.sqrt(2/d), (d, hidden)); b1 = np.zeros(hidden)
    W2 = rng.normal(0, np.sqrt(1/hidden), (hidden, out)); b2 = np.zeros(out)
    params = [W1, b1, W2, b2]
    m = [np.zeros_like(p) for p in params]; v = [np.zeros_like(p) for p in params]
    t = 0
    Y = y.reshape(-1, 1).astype(float) if out == 1 else np.eye(classes)[y]
    for ep in range(epochs):
        idx = rng.permutation(n)
        for s in range(0, n, batch):
            bi = idx[s:s+batch]; xb = X[bi]; yb = Y[bi]
            h = np.maximum(xb @ W1 + b1, 0)
            z = h @ W2 + b2
            if out == 1:
                p = 1/(1+np.exp(-z))
            else:
                z = z - z.max(1, keepdims=True); e = np.exp(z); p = e/e.sum(1, keepdims=True)
            dz = (p - yb)/len(bi)
            gW2 = h.T @ dz; gb2 = dz.sum(0)
            dh = (dz @ W2.T) * (h > 0)
            gW1 = xb.T @ dh; gb1 = dh.sum(0)
            t += 1
            for i, g in enumerate([gW1, gb1, gW2, gb2]):
                m[i] = 0.9*m[i] + 0.1*g; v[i] = 0.999*v[i] + 0.001*g*g
                mh = m[i]/(1-0.9**t); vh = v[i]/(1-0.999**t)
                params[i] -= lr*mh/(np.sqrt(vh)+1e-8)
    def predict(Xt):
        h = np.maximum(Xt @ W1 + b1, 0); z = h @ W2 + b2
        return (z[:, 0] > 0).astype(int) if out == 1 else z.argmax(1)
    return predict

def case(name, path, hidden, lr, batch, epochs, seeds=3):
    X, y = load(path)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
    sc = StandardScaler().fit(Xtr); Xtr = sc.transform(Xtr); Xte = sc.transform(Xte)
    classes = len(set(y))
    for impl in ["sklearn", "numpy"]:
        ts, accs = [], []
        for s in range(seeds):
            t0 = time.perf_counter()
            if impl == "sklearn":
                clf = MLPClassifier(hidden_layer_sizes=(hidden,), activation="relu", solver="adam",
                                    learning_rate_init=lr, batch_size=batch, max_iter=epochs, tol=0,
                                    n_iter_no_change=10**9, alpha=0.0, random_state=s, shuffle=True)
                clf.fit(Xtr, ytr); pred = clf.predict(Xte)
            else:
                pred = numpy_mlp(Xtr, ytr, hidden, classes, lr, batch, epochs, s)(Xte)
            ts.append(time.perf_counter() - t0); accs.append((pred == yte).mean())
        sps = len(Xtr)*epochs/np.median(ts)
        print(f"{name:6s} {impl:8s} wall median {np.median(ts):.3f}s  samples/s {sps:,.0f}  test acc mean {np.mean(accs):.3f}")

if __name__ == "__main__":
    ds = sys.argv[1]
    case("pima", f"{ds}/pima-diabetes.csv", 10, 1e-3, 10, 100)
    case("digits", f"{ds}/digits-8x8.csv", 64, 1e-3, 32, 50)
