"""conv1d forgets to flip the kernel: it computes the cross-correlation, not the convolution."""
import numpy as np


def conv1d(x, h, mode="full"):
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    if len(h) > len(x):
        x, h = h, x
    n, m = len(x), len(h)
    padded = np.concatenate([np.zeros(m - 1), x, np.zeros(m - 1)])
    full = np.array([padded[k:k + m] @ h for k in range(n + m - 1)])
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2
        return full[start:start + n]
    return full[m - 1:n]
