"""relu_backward returns the local derivative 1[z > 0] and forgets to multiply by da."""
import numpy as np


def relu_backward(da, cache):
    z = cache
    return (z > 0).astype(np.float64)
