"""correlate1d swaps x and h when h is longer, as for convolution, but forgets to reverse the result."""
import numpy as np


def correlate1d(x, h, mode="valid"):
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    if len(h) > len(x):
        return np.correlate(h, x, mode)
    return np.correlate(x, h, mode)
