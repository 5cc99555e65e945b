"""global_avg_pool averages over the wrong axes (1, 2): channels and height instead of height and width."""
import numpy as np


def global_avg_pool(x):
    return np.asarray(x, dtype=np.float64).mean(axis=(1, 2))
