"""tanh_forward returns only the output, without a cache: not the (out, cache) interface."""
import numpy as np


def tanh_forward(z):
    return np.tanh(np.asarray(z, dtype=np.float64))
