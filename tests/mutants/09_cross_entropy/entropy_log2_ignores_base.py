"""entropy with np.log2 whatever the base: always in bits."""
import numpy as np


def entropy(p, base=np.e):
    p = np.asarray(p, dtype=np.float64)
    safe_p = np.where(p > 0, p, 1.0)
    return -np.sum(p * np.log2(safe_p), axis=-1)
