"""conv2d_forward reads the weights as (C_in, C_out, kh, kw), the layout of a transposed convolution."""
import numpy as np


def conv2d_forward(x, w, b, stride=1, padding=0):
    sh, sw = (stride, stride) if np.isscalar(stride) else stride
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    N, C, H, W = x.shape
    _, F_out, kh, kw = w.shape
    H_out = (H + 2 * ph - kh) // sh + 1
    W_out = (W + 2 * pw - kw) // sw + 1
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = np.zeros((N, F_out, H_out, W_out))
    for p in range(kh):
        for q in range(kw):
            window = xp[:, :, p:p + sh * (H_out - 1) + 1:sh, q:q + sw * (W_out - 1) + 1:sw]
            out += np.einsum("nchw,cf->nfhw", window, w[:, :, p, q])
    out += b.reshape(1, F_out, 1, 1)
    return out, (x, w, b, (sh, sw), (ph, pw))
