"""relu_grad as np.sign(z): -1 for negative inputs instead of 0."""
import numpy as np


def relu_grad(z):
    return np.sign(np.asarray(z, dtype=float))
