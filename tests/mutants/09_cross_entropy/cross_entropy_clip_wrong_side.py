"""cross_entropy clipping q to [0, 1 - eps] (the wrong side): log 0 still happens."""
import numpy as np


def cross_entropy(p, q, base=np.e, eps=1e-12):
    p = np.asarray(p, dtype=np.float64)
    q = np.clip(np.asarray(q, dtype=np.float64), 0.0, 1.0 - eps)
    return -np.sum(p * np.log(q), axis=-1) / np.log(base)
