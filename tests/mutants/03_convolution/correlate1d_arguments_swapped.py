"""correlate1d slides the signal over the kernel (np.correlate(h, x)): the result comes out reversed."""
import numpy as np


def correlate1d(x, h, mode="valid"):
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    return np.correlate(np.asarray(h, dtype=np.float64), np.asarray(x, dtype=np.float64), mode)
