"""sigmoid with the sign of the exponent flipped: 1 / (1 + e^z) = sigmoid(-z)."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, e / (1 + e), 1 / (1 + e))
