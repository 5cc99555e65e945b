"""entropy with np.log10 whatever the base: right only for base 10 (the notes' mistake)."""
import numpy as np


def entropy(p, base=np.e):
    p = np.asarray(p, dtype=np.float64)
    safe_p = np.where(p > 0, p, 1.0)
    return -np.sum(p * np.log10(safe_p), axis=-1)
