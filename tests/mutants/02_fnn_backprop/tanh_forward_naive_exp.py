"""tanh_forward from its definition (e^z - e^-z) / (e^z + e^-z): overflow and nan for |z| = 1000."""
import numpy as np


def tanh_forward(z):
    z = np.asarray(z, dtype=np.float64)
    a = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    return a, a
