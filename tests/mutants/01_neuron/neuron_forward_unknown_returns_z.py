"""neuron_forward silently returns z for an unknown activation name instead of raising ValueError."""
import numpy as np


def neuron_forward(X, w, b, activation="sigmoid"):
    z = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "tanh":
        return np.tanh(z)
    if activation == "relu":
        return relu(z)
    return z
