"""max_pool_backward ignores the stride: places window (i, j) at (i * kh, j * kw)."""
import numpy as np


def max_pool_backward(dout, cache):
    x, (kh, kw), _ = cache
    sh, sw = kh, kw
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw]
            h, w = window.shape[2:]
            if h == 0 or w == 0:
                continue
            flat = window.reshape(N, C, h * w)
            mask = np.zeros((N, C, h * w))
            np.put_along_axis(mask, flat.argmax(axis=2)[:, :, None], 1.0, axis=2)
            dx[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw] += (mask * dout[:, :, i, j, None]).reshape(N, C, h, w)
    return dx
