"""neuron_forward uses a column w[:, None] and .squeeze(): a batch of one comes back with shape () not (1,)."""
import numpy as np


def neuron_forward(X, w, b, activation="sigmoid"):
    w = np.asarray(w, dtype=float)
    z = (np.asarray(X, dtype=float) @ w[:, None] + b).squeeze()
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "tanh":
        return np.tanh(z)
    if activation == "relu":
        return relu(z)
    raise ValueError(f"unknown activation {activation!r}")
