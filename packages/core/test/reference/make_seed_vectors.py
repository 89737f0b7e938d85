"""Regenerates seed-vectors.json: the numbers printed in the seed tutorials, recomputed in float64 with NumPy."""
import json
from pathlib import Path

import numpy as np

sig = lambda x: 1 / (1 + np.exp(-x))
out = {}

# 000: XOR, bias folded into input, 3-5-1 sigmoid, no biases, loss sum of 1/2 (a-y)^2, eta 3, weights init to ones.
X = np.array([[1, 1, 1], [1, 0, 1], [0, 1, 1], [0, 0, 1]], float)
y = np.array([[0], [1], [1], [0]], float)
w01, w12 = np.ones((3, 5)), np.ones((5, 1))
a_h = sig(X @ w01); a_o = sig(a_h @ w12)
d_o = (a_o - y) * a_o * (1 - a_o); g12 = a_h.T @ d_o
d_h = (d_o @ w12.T) * a_h * (1 - a_h); g01 = X.T @ d_h
w01n, w12n = w01 - 3 * g01, w12 - 3 * g12
out["000-xor-ones"] = {
    "inputs": X.tolist(), "targets": y.ravel().tolist(), "learningRate": 3,
    "outputBefore": a_o.ravel().tolist(), "errorPerSample": (0.5 * (a_o - y) ** 2).ravel().tolist(),
    "gradOutput": g12.ravel().tolist(), "gradHidden": g01.tolist(),
    "w01After": w01n.tolist(), "w12After": w12n.ravel().tolist(),
    "outputAfter": sig(sig(X @ w01n) @ w12n).ravel().tolist(),
}

# 001: 2-3-2 with biases, column-vector convention W[out][in], one SGD step of 0.1 on sample [1.2, 0.7] -> one-hot [0, 1].
w2 = np.array([[-0.124, 0.871], [0.692, -0.036], [0.455, 1.239]]); b2 = np.array([[-0.923], [0.02], [-2.918]])
w3 = np.array([[-0.006, 0.295, 0.207], [0.126, 0.399, -0.637]]); b3 = np.array([[-0.07], [1.912]])
a1 = np.array([[1.2], [0.7]]); t = np.array([[0], [1]])
z2 = w2 @ a1 + b2; a2 = sig(z2); z3 = w3 @ a2 + b3; a3 = sig(z3)
d3 = (a3 - t) * a3 * (1 - a3); d2 = (w3.T @ d3) * a2 * (1 - a2)
e = {"w2": w2.tolist(), "b2": b2.ravel().tolist(), "w3": w3.tolist(), "b3": b3.ravel().tolist(),
     "input": [1.2, 0.7], "target": [0, 1], "stepSize": 0.1,
     "z2": z2.ravel().tolist(), "a3": a3.ravel().tolist(), "cost": float(0.5 * np.sum((a3 - t) ** 2)),
     "delta3": d3.ravel().tolist(), "delta2": d2.ravel().tolist()}
w3 = w3 - 0.1 * d3 @ a2.T; b3 = b3 - 0.1 * d3; w2 = w2 - 0.1 * d2 @ a1.T; b2 = b2 - 0.1 * d2
e["a3After"] = sig(w3 @ sig(w2 @ a1 + b2) + b3).ravel().tolist()
out["001-2-3-2-step"] = e

# 003: 3-4-1 sigmoid XOR, no biases, lr 1, np.random.seed(1); weight1 = random((3,4)), weight2 = random((4,1)); 1000 iterations.
np.random.seed(1)
out["mt19937-seed1-first5"] = np.random.random(5).tolist()
np.random.seed(1)
x = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], float); yy = np.array([[0, 1, 1, 0]], float).T
W1 = np.random.random((3, 4)); W2 = np.random.random((4, 1))
first = None
for i in range(1000):
    z1 = x @ W1; h = sig(z1); z = h @ W2; o = sig(z)
    if i == 0: first = o.ravel().tolist()
    dz = (o - yy) * sig(z) * (1 - sig(z)); g2 = h.T @ dz; g1 = x.T @ ((dz @ W2.T) * sig(z1) * (1 - sig(z1)))
    W2 = W2 - g2; W1 = W1 - g1
out["003-xor-numpy-seed1"] = {"outputInitial": first, "outputAtIteration999": o.ravel().tolist(),
                              "outputAfter1000Updates": sig(sig(x @ W1) @ W2).ravel().tolist(),
                              "predict101": sig(sig(np.array([[1, 0, 1]]) @ W1) @ W2).ravel().tolist()}

# 004: Mazur 2-2-2, shared per-layer bias (0.35, 0.60) that is not updated, lr 0.5.
W1 = np.array([[.15, .2], [.25, .3]]); W2 = np.array([[.4, .45], [.5, .55]]); xi = np.array([.05, .1]); ti = np.array([.01, .99])
h = sig(W1 @ xi + .35); o = sig(W2 @ h + .6)
do = (o - ti) * o * (1 - o); dh = (W2.T @ do) * h * (1 - h)
out["004-mazur"] = {"hiddenOutputs": h.tolist(), "outputs": o.tolist(), "error": float(np.sum(.5 * (ti - o) ** 2)),
                    "outputWeightsAfter": (W2 - .5 * np.outer(do, h)).tolist(), "hiddenWeightsAfter": (W1 - .5 * np.outer(dh, xi)).tolist()}

json.dump(out, open(Path(__file__).with_name("seed-vectors.json"), "w"), indent=1)
