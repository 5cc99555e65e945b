"""entropy in nats divided by the base itself instead of by ln(base)."""
import numpy as np


def entropy(p, base=np.e):
    p = np.asarray(p, dtype=np.float64)
    safe_p = np.where(p > 0, p, 1.0)
    return -np.sum(p * np.log(safe_p), axis=-1) / base
