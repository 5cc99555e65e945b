"""avg_pool_backward divides by the wrong count: kh ** 2, right only for square windows."""
import numpy as np


def avg_pool_backward(dout, cache):
    x_shape, (kh, kw), (sh, sw) = cache
    N, C, H_out, W_out = dout.shape
    dx = np.zeros(x_shape)
    for i in range(H_out):
        for j in range(W_out):
            dx[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw] += dout[:, :, i, j, None, None] / kh**2
    return dx
