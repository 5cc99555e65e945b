"""conv1d has the default mode 'valid' instead of 'full'."""
import numpy as np


def conv1d(x, h, mode="valid"):
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    return np.convolve(np.asarray(x, dtype=np.float64), np.asarray(h, dtype=np.float64), mode)
