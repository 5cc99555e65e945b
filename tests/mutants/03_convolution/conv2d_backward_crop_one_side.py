"""conv2d_backward cuts the padding off at the bottom and right only: dxp[:, :, :H, :W]."""
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
            rows = slice(p, p + sh * (H_out - 1) + 1, sh)
            cols = slice(q, q + sw * (W_out - 1) + 1, sw)
            dw[:, :, p, q] = np.einsum("nfhw,nchw->fc", dout, xp[:, :, rows, cols])
            dxp[:, :, rows, cols] += np.einsum("nfhw,fc->nchw", dout, w[:, :, p, q])
    dx = dxp[:, :, ph:ph + H, pw:pw + W]
    db = dout.sum(axis=(0, 2, 3))
    return dxp[:, :, :H, :W], dw, db
