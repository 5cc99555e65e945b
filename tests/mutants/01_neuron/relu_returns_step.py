"""relu returns the step (z > 0), which is its derivative, instead of max(0, z)."""
import numpy as np


def relu(z):
    return (np.asarray(z, dtype=float) > 0).astype(float)
