"""global_avg_pool assumes square maps: divides the sum by H * H instead of H * W."""
import numpy as np


def global_avg_pool(x):
    x = np.asarray(x, dtype=np.float64)
    return x.sum(axis=(2, 3)) / x.shape[2] ** 2
