"""relu_backward multiplies da by relu(z) (the output) instead of by the derivative 1[z > 0]."""
import numpy as np


def relu_backward(da, cache):
    z = cache
    return da * np.maximum(z, 0.0)
