"""max_pool_backward unravels the flat argmax with the axes swapped (row = idx % kw, col = idx // kw)."""
import numpy as np


def max_pool_backward(dout, cache):
    x, (kh, kw), (sh, sw) = cache
    N, C, H_out, W_out = dout.shape
    H, W = x.shape[2:]
    dx = np.zeros_like(x)
    n_idx, c_idx = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")
    for i in range(H_out):
        for j in range(W_out):
            first = x[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].reshape(N, C, kh * kw).argmax(axis=2)
            rows = np.minimum(i * sh + first % kw, H - 1)
            cols = np.minimum(j * sw + first // kw, W - 1)
            np.add.at(dx, (n_idx, c_idx, rows, cols), dout[:, :, i, j])
    return dx
