"""kl_divergence as sum p log(p / q) without masking p = 0: nan and RuntimeWarnings."""
import numpy as np


def kl_divergence(p, q, base=np.e):
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    return np.sum(p * np.log(p / q), axis=-1) / np.log(base)
