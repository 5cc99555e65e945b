"""tanh_backward applies 1 - t^2 to z itself: forward caches z and backward returns da * (1 - z**2)."""
import numpy as np


def tanh_forward(z):
    z = np.asarray(z, dtype=np.float64)
    return np.tanh(z), z


def tanh_backward(da, cache):
    z = cache
    return da * (1.0 - z**2)
