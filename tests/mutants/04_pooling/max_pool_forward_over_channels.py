"""max_pool_forward takes the maximum over the channels as well as over the window."""
import numpy as np


def max_pool_forward(x, pool_size=2, stride=None):
    stride = pool_size if stride is None else stride
    x = np.asarray(x, dtype=np.float64)
    kh, kw = as_pair(pool_size)  # noqa: F821
    sh, sw = as_pair(stride)  # noqa: F821
    N, C, H, W = x.shape
    H_out, W_out = (H - kh) // sh + 1, (W - kw) // sw + 1
    out = np.empty((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]
            out[:, :, i, j] = window.max(axis=(1, 2, 3))[:, None]
    return out, (x, (kh, kw), (sh, sw))
