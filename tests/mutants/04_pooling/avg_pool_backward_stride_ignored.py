"""avg_pool_backward ignores the stride: places window (i, j) at (i * kh, j * kw)."""
import numpy as np


def avg_pool_backward(dout, cache):
    x_shape, (kh, kw), (sh, sw) = cache
    N, C, H_out, W_out = dout.shape
    dx = np.zeros(x_shape)
    for i in range(H_out):
        for j in range(W_out):
            dx[:, :, i * kh:i * kh + kh, j * kw:j * kw + kw] += dout[:, :, i, j, None, None] / (kh * kw)
    return dx
