"""max_pool_backward sends the gradient to every tied maximum (mask = window == window.max())."""
import numpy as np


def max_pool_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]
            mask = window == window.max(axis=(2, 3), keepdims=True)
            dx[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw] += mask * dout[:, :, i, j, None, None]
    return dx
