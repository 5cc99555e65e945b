"""entropy summed over axis 0 (over the samples) instead of over the classes."""
import numpy as np


def entropy(p, base=np.e):
    p = np.asarray(p, dtype=np.float64)
    safe_p = np.where(p > 0, p, 1.0)
    return -np.sum(p * np.log(safe_p), axis=0) / np.log(base)
