"""neuron_forward always applies the sigmoid, whatever activation is asked for."""
import numpy as np


def neuron_forward(X, w, b, activation="sigmoid"):
    if activation not in ("sigmoid", "tanh", "relu"):
        raise ValueError(f"unknown activation {activation!r}")
    return sigmoid(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b)
