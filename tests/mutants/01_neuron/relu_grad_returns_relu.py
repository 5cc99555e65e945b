"""relu_grad returns relu(z) itself instead of its slope."""
import numpy as np


def relu_grad(z):
    return np.maximum(np.asarray(z, dtype=float), 0.0)
