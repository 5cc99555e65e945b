"""correlate1d's 'same' follows PyTorch (extra zero at the end) instead of numpy: shifted by one for even kernels."""
import numpy as np


def correlate1d(x, h, mode="valid"):
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    if len(h) > len(x):
        return correlate1d(h, x, mode)[::-1]
    n, m = len(x), len(h)
    full = np.correlate(x, h, "full")
    if mode == "full":
        return full
    if mode == "same":
        start = m // 2
        return full[start:start + n]
    return full[m - 1:n]
