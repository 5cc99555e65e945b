"""conv_transpose2d accepts an output padding as large as the stride (PyTorch refuses it)."""
import numpy as np


def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    sh, sw = (stride, stride) if np.isscalar(stride) else stride
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    oph, opw = (output_padding, output_padding) if np.isscalar(output_padding) else output_padding
    N, _, H_in, W_in = x.shape
    _, C_out, kh, kw = w.shape
    H_out = (H_in - 1) * sh - 2 * ph + kh + oph
    W_out = (W_in - 1) * sw - 2 * pw + kw + opw
    canvas = np.zeros((N, C_out, max(H_out + 2 * ph, sh * (H_in - 1) + kh), max(W_out + 2 * pw, sw * (W_in - 1) + kw)))
    for p in range(kh):
        for q in range(kw):
            rows = slice(p, p + sh * (H_in - 1) + 1, sh)
            cols = slice(q, q + sw * (W_in - 1) + 1, sw)
            canvas[:, :, rows, cols] += np.einsum("nchw,co->nohw", x, w[:, :, p, q])
    return canvas[:, :, ph:ph + H_out, pw:pw + W_out]
