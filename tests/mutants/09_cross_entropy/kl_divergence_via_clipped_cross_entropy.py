"""kl_divergence as cross_entropy(p, q) - entropy(p) with clipped q: finite (~27.6) where it must be inf."""
import numpy as np


def kl_divergence(p, q, base=np.e):
    p = np.asarray(p, dtype=np.float64)
    q = np.clip(np.asarray(q, dtype=np.float64), 1e-12, 1.0)
    safe_p = np.where(p > 0, p, 1.0)
    return np.sum(p * (np.log(safe_p) - np.log(q)), axis=-1) / np.log(base)
