"""sigmoid via np.where(z >= 0, ..., e^z / (1 + e^z)): np.where evaluates both branches, so exp(1000) still overflows."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
