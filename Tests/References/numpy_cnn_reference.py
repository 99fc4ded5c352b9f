"""Plain-numpy training speed of Lesson 5's CNN, for the `train-digits-cnn` benchmark.

Conv2D(16, 3x3, same, relu) -> MaxPooling2D(2x2) -> Flatten -> Dense(10, softmax),
categorical cross-entropy, Adam lr 0.003 (Keras form), batch 32, 20 epochs, on the
digits' 80% training split, pixels divided by 16. im2col + matrix products, as a reader
of the second article would write it with numpy. Prints the fastest of 5 runs in
training examples per second (as Benchmarks' bestSeconds does) and the test accuracy.

Run: python3 Tests/References/numpy_cnn_reference.py
"""
import time
import numpy as np
from sklearn.model_selection import train_test_split

data = np.loadtxt("datasets/digits-8x8.csv", delimiter=",", skiprows=1)
X, y = data[:, :-1] / 16.0, data[:, -1].astype(int)
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)


def im2col(images):                                  # (B, 64) -> (B*64, 9), 'same' padding
    b = images.shape[0]
    padded = np.pad(images.reshape(b, 8, 8), ((0, 0), (1, 1), (1, 1)))
    cols = np.stack([padded[:, ky:ky + 8, kx:kx + 8] for ky in range(3) for kx in range(3)], axis=-1)
    return cols.reshape(b * 64, 9)


def train(seed, epochs=20, batch=32, lr=0.003):
    rng = np.random.default_rng(seed)
    W1 = rng.uniform(-1, 1, (9, 16)) * np.sqrt(6 / (9 + 144)); b1 = np.zeros(16)
    W2 = rng.uniform(-1, 1, (256, 10)) * np.sqrt(6 / 266); b2 = np.zeros(10)
    params = [W1, b1, W2, b2]
    m = [np.zeros_like(p) for p in params]; v = [np.zeros_like(p) for p in params]
    Y = np.eye(10)[ytr]; t = 0
    for _ in range(epochs):
        order = rng.permutation(len(Xtr))
        for s in range(0, len(Xtr), batch):
            idx = order[s:s + batch]; xb = Xtr[idx]; yb = Y[idx]; n = len(idx)
            P = im2col(xb)
            Z = P @ W1 + b1; A = np.maximum(Z, 0).reshape(n, 8, 8, 16)
            blocks = A.reshape(n, 4, 2, 4, 2, 16)
            pooled = blocks.max(axis=(2, 4))                       # (n, 4, 4, 16)
            F = pooled.reshape(n, 256)
            logits = F @ W2 + b2
            logits -= logits.max(1, keepdims=True); e = np.exp(logits); p = e / e.sum(1, keepdims=True)
            dlogits = (p - yb) / n
            gW2 = F.T @ dlogits; gb2 = dlogits.sum(0)
            dF = (dlogits @ W2.T).reshape(n, 4, 1, 4, 1, 16)
            mask = (blocks == pooled.reshape(n, 4, 1, 4, 1, 16))
            dA = (mask * dF).reshape(n * 64, 16)
            dZ = dA * (Z > 0)
            gW1 = P.T @ dZ; gb1 = dZ.sum(0)
            t += 1
            alpha = lr * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
            for i, g in enumerate([gW1, gb1, gW2, gb2]):
                m[i] = 0.9 * m[i] + 0.1 * g; v[i] = 0.999 * v[i] + 0.001 * g * g
                params[i] -= alpha * m[i] / (np.sqrt(v[i]) + 1e-7)
    def predict(x):
        n = len(x); A = np.maximum(im2col(x) @ W1 + b1, 0).reshape(n, 4, 2, 4, 2, 16).max(axis=(2, 4))
        return (A.reshape(n, 256) @ W2 + b2).argmax(1)
    return predict


best, accuracy = float("inf"), 0.0
for seed in range(5):
    start = time.perf_counter(); predict = train(seed); best = min(best, time.perf_counter() - start)
    accuracy = (predict(Xte) == yte).mean()
print(f"train-digits-cnn (numpy) {len(Xtr) * 20 / best:,.0f} samples/s, test accuracy {accuracy:.3f}")
