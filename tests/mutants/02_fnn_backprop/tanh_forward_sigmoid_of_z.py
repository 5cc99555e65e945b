"""tanh_forward as 2 sigmoid(z) - 1: the identity is tanh(z) = 2 sigmoid(2z) - 1."""
import numpy as np


def tanh_forward(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    s = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    a = 2.0 * s - 1.0
    return a, a
