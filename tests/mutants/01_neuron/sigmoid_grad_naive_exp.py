"""sigmoid_grad as e^-z / (1 + e^-z)^2: right on paper, but inf / inf = nan (and a warning) at z = -1000."""
import numpy as np


def sigmoid_grad(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-z)
    return e / (1 + e) ** 2
