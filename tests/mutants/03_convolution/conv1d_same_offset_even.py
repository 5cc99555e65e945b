"""conv1d starts the 'same' slice at m // 2 instead of (m - 1) // 2: right for odd kernels, shifted for even ones."""
import numpy as np


def conv1d(x, h, mode="full"):
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    if len(h) > len(x):
        x, h = h, x
    n, m = len(x), len(h)
    full = np.array([sum(h[j] * x[k - j] for j in range(m) if 0 <= k - j < n) for k in range(n + m - 1)])
    if mode == "full":
        return full
    if mode == "same":
        start = m // 2
        return full[start:start + n]
    return full[m - 1:n]
