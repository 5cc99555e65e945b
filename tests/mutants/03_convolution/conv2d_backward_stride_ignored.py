"""conv2d_backward ignores the stride: it reads and writes windows with step 1, as if stride were 1."""
import numpy as np


def conv2d_backward(dout, cache):
    x, w, b, (sh, sw), (ph, pw) = cache
    N, C, H, W = x.shape
    _, _, kh, kw = w.shape
    _, _, H_out, W_out = dout.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    dxp = np.zeros_like(xp)
    dw = np.zeros_like(w)
    for p in range(kh):
        for q in range(kw):
            rows = slice(p, p + H_out)
            cols = slice(q, q + W_out)
            dw[:, :, p, q] = np.einsum("nfhw,nchw->fc", dout, xp[:, :, rows, cols])
            dxp[:, :, rows, cols] += np.einsum("nfhw,fc->nchw", dout, w[:, :, p, q])
    dx = dxp[:, :, ph:ph + H, pw:pw + W]
    db = dout.sum(axis=(0, 2, 3))
    return dx, dw, db
