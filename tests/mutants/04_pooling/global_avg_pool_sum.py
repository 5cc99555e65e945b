"""global_avg_pool sums each map instead of averaging it."""
import numpy as np


def global_avg_pool(x):
    return np.asarray(x, dtype=np.float64).sum(axis=(2, 3))
