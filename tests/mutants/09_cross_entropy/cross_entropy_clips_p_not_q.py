"""cross_entropy clipping p instead of q: log 0 = -inf when q has a zero."""
import numpy as np


def cross_entropy(p, q, base=np.e, eps=1e-12):
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0)
    q = np.asarray(q, dtype=np.float64)
    return -np.sum(p * np.log(q), axis=-1) / np.log(base)
