"""conv1d pads m - 2 zeros instead of m - 1 on each side: 'full' is two samples short and 'same' shifted."""
import numpy as np


def conv1d(x, h, mode="full"):
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    if len(h) > len(x):
        x, h = h, x
    n, m = len(x), len(h)
    pad = max(m - 2, 0)
    padded = np.concatenate([np.zeros(pad), x, np.zeros(pad)])
    full = np.array([padded[k:k + m] @ h[::-1] for k in range(len(padded) - m + 1)])
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2
        return full[start:start + n]
    return full[m - 1 - pad:n - pad]
