"""max_pool_backward forgets the window's offset: the argmax inside the window is used as a position in x."""
import numpy as np


def max_pool_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    n_idx, c_idx = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")
    for i in range(H_out):
        for j in range(W_out):
            first = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].reshape(N, C, kh * kw).argmax(axis=2)
            rows, cols = np.unravel_index(first, (kh, kw))
            np.add.at(dx, (n_idx, c_idx, rows, cols), dout[:, :, i, j])
    return dx
