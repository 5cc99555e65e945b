"""neuron_forward tests `elif activation == "tanh" or "TANH":`, which is always true, so relu gives tanh."""
import numpy as np


def neuron_forward(X, w, b, activation="sigmoid"):
    z = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b
    if activation not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"unknown activation {activation!r}")
    if activation == "sigmoid":
        return sigmoid(z)
    elif activation == "tanh" or "TANH":
        return np.tanh(z)
    else:
        return relu(z)
