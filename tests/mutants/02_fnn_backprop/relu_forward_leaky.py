"""relu_forward is a leaky ReLU (slope 0.01 for z < 0), not the ReLU the docstring asks for."""
import numpy as np


def relu_forward(z):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, z, 0.01 * z), z
