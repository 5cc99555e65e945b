"""correlate1d has the default mode 'full' instead of numpy.correlate's 'valid'."""
import numpy as np


def correlate1d(x, h, mode="full"):
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    return np.correlate(np.asarray(x, dtype=np.float64), np.asarray(h, dtype=np.float64), mode)
