"""cross_entropy computing -sum q log p (arguments swapped)."""
import numpy as np


def cross_entropy(p, q, base=np.e, eps=1e-12):
    q = np.asarray(q, dtype=np.float64)
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0)
    return -np.sum(q * np.log(p), axis=-1) / np.log(base)
