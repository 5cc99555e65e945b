"""sigmoid_forward uses exp(+z): computes sigmoid(-z) = 1 - sigmoid(z)."""
import numpy as np


def sigmoid_forward(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    a = np.where(z <= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return a, a
