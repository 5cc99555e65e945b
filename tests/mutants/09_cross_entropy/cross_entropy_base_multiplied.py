"""cross_entropy in nats multiplied by ln(base) instead of divided by it."""
import numpy as np


def cross_entropy(p, q, base=np.e, eps=1e-12):
    p = np.asarray(p, dtype=np.float64)
    q = np.clip(np.asarray(q, dtype=np.float64), eps, 1.0)
    return -np.sum(p * np.log(q), axis=-1) * np.log(base)
