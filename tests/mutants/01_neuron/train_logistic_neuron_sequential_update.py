"""train_logistic_neuron updates w first, then computes the bias gradient with the new w (not one gradient step)."""
import numpy as np


def train_logistic_neuron(X, y, lr=0.1, epochs=1000, seed=0):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    N, D = X.shape
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 0.01, size=D)
    b = 0.0
    losses = []
    for _ in range(epochs):
        z = X @ w + b
        p = sigmoid(z)
        losses.append(np.mean(np.logaddexp(0.0, z) - y * z))
        w = w - lr * X.T @ (p - y) / N
        p = sigmoid(X @ w + b)
        b = b - lr * np.mean(p - y)
    return w, float(b), np.array(losses)
