"""conv1d's 'valid' drops one output too many: full[m - 1 : n - 1], length n - m."""
import numpy as np


def conv1d(x, h, mode="full"):
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    if len(h) > len(x):
        x, h = h, x
    full = np.convolve(x, h, "full")
    n, m = len(x), len(h)
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2
        return full[start:start + n]
    return full[m - 1:n - 1]
