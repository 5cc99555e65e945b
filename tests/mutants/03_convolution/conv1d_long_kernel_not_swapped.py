"""conv1d does not swap signal and kernel when the kernel is longer: 'same' and 'valid' disagree with numpy."""
import numpy as np


def conv1d(x, h, mode="full"):
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    n, m = len(x), len(h)
    full = np.array([sum(h[j] * x[k - j] for j in range(m) if 0 <= k - j < n) for k in range(n + m - 1)])
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2
        return full[start:start + n]
    return full[m - 1:n]
