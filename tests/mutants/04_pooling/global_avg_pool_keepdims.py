"""global_avg_pool keeps the singleton axes: shape (N, C, 1, 1) instead of (N, C)."""
import numpy as np


def global_avg_pool(x):
    return np.asarray(x, dtype=np.float64).mean(axis=(2, 3), keepdims=True)
