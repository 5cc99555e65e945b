"""relu_grad as np.heaviside(z, 0.5): the value at z = 0 is 0.5, not 0."""
import numpy as np


def relu_grad(z):
    return np.heaviside(np.asarray(z, dtype=float), 0.5)
