"""neuron_forward adds the bias after the activation: g(X @ w) + b."""
import numpy as np


def neuron_forward(X, w, b, activation="sigmoid"):
    z = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float)
    if activation == "sigmoid":
        return sigmoid(z) + b
    if activation == "tanh":
        return np.tanh(z) + b
    if activation == "relu":
        return relu(z) + b
    raise ValueError(f"unknown activation {activation!r}")
