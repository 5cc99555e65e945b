"""sigmoid as 1 / (1 + exp(-z)): np.exp overflows (RuntimeWarning) for z = -1000."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 1 / (1 + np.exp(-z))
