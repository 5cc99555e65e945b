"""sigmoid_backward takes the sigmoid of the cached output a again: s(1 - s) with s = sigmoid(a)."""
import numpy as np


def sigmoid_backward(da, cache):
    s = 1.0 / (1.0 + np.exp(-cache))
    return da * s * (1.0 - s)
