"""neuron_forward computes w @ X: a shape error unless N == D (and the wrong product when N == D)."""
import numpy as np


def neuron_forward(X, w, b, activation="sigmoid"):
    z = np.asarray(w, dtype=float) @ np.asarray(X, dtype=float) + b
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "tanh":
        return np.tanh(z)
    if activation == "relu":
        return relu(z)
    raise ValueError(f"unknown activation {activation!r}")
