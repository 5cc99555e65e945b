"""neuron_forward forgets the bias: g(X @ w)."""
import numpy as np


def neuron_forward(X, w, b, activation="sigmoid"):
    z = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "tanh":
        return np.tanh(z)
    if activation == "relu":
        return relu(z)
    raise ValueError(f"unknown activation {activation!r}")
