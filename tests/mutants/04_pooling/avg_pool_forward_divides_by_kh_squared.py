"""avg_pool_forward divides by the wrong count: kh ** 2, right only for square windows."""
import numpy as np


def avg_pool_forward(x, pool_size=2, stride=None):
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
            out[:, :, i, j] = window.sum(axis=(2, 3)) / kh**2
    return out, (x.shape, (kh, kw), as_pair(stride))  # noqa: F821
