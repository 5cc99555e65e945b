"""conv1d's 'same' keeps the first n outputs of 'full' (no centring): the kernel's centre is not on the sample."""
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
        return full[:n]
    return full[m - 1:n]
