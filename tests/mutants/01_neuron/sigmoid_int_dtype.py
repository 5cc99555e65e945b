"""sigmoid fills np.empty_like(z): for integer input the result is an integer array (0.88 becomes 0)."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1 + e)
    return out
