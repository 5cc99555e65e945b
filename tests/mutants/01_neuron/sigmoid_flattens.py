"""sigmoid ravels its input to loop over entries and returns a 1-D array for 2-D input."""
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float).ravel()
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
