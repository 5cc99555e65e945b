"""max_pool_forward moves the window one pixel at a time whatever the stride."""
import numpy as np


def max_pool_forward(x, pool_size=2, stride=None):
    stride = pool_size if stride is None else stride
    x = np.asarray(x, dtype=np.float64)
    kh, kw = as_pair(pool_size)  # noqa: F821
    N, C, H, W = x.shape
    H_out, W_out = H - kh + 1, W - kw + 1
    out = np.empty((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = x[:, :, i:i + kh, j:j + kw].max(axis=(2, 3))
    return out, (x, (kh, kw), as_pair(stride))  # noqa: F821
