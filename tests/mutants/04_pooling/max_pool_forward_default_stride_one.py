"""max_pool_forward reads a stride left out (None) as 1, not as the window size."""
import numpy as np


def max_pool_forward(x, pool_size=2, stride=None):
    x = np.asarray(x, dtype=np.float64)
    kh, kw = as_pair(pool_size)  # noqa: F821
    sh, sw = as_pair(1 if stride is None else stride)  # noqa: F821
    N, C, H, W = x.shape
    H_out, W_out = (H - kh) // sh + 1, (W - kw) // sw + 1
    out = np.empty((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].max(axis=(2, 3))
    return out, (x, (kh, kw), (sh, sw))
