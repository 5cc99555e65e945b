"""global_avg_pool takes the maximum of each map (global max pooling) instead of the mean."""
import numpy as np


def global_avg_pool(x):
    return np.asarray(x, dtype=np.float64).max(axis=(2, 3))
