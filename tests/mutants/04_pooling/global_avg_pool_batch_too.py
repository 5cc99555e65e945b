"""global_avg_pool averages over the batch as well (axes 0, 2, 3): one number per channel."""
import numpy as np


def global_avg_pool(x):
    return np.asarray(x, dtype=np.float64).mean(axis=(0, 2, 3))
