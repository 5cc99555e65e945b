"""sigmoid writes its result into the caller's array (np.asarray does not copy a float array)."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    pos = z >= 0
    z[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    z[~pos] = e / (1 + e)
    return z
