"""tanh_forward caches z, but tanh_backward (as suggested) reads the output a from the cache."""
import numpy as np


def tanh_forward(z):
    z = np.asarray(z, dtype=np.float64)
    return np.tanh(z), z
