"""relu_forward uses np.minimum(z, 0) instead of np.maximum(z, 0)."""
import numpy as np


def relu_forward(z):
    z = np.asarray(z, dtype=np.float64)
    return np.minimum(z, 0.0), z
