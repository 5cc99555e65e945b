"""entropy without masking p = 0: 0 * log 0 = 0 * (-inf) = nan, with RuntimeWarnings."""
import numpy as np


def entropy(p, base=np.e):
    p = np.asarray(p, dtype=np.float64)
    return -np.sum(p * np.log(p), axis=-1) / np.log(base)
