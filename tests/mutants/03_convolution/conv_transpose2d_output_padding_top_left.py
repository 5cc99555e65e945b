"""conv_transpose2d puts the output padding's extra rows and columns at the top and the left."""
import numpy as np


def conv_transpose2d(x, w, stride=1, padding=0, output_padding=0):
    sh, sw = (stride, stride) if np.isscalar(stride) else stride
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    oph, opw = (output_padding, output_padding) if np.isscalar(output_padding) else output_padding
    if not (0 <= oph < sh and 0 <= opw < sw):
        raise ValueError("output_padding must be smaller than the stride")
    N, _, H_in, W_in = x.shape
    _, C_out, kh, kw = w.shape
    H_out = (H_in - 1) * sh - 2 * ph + kh + oph
    W_out = (W_in - 1) * sw - 2 * pw + kw + opw
    canvas = np.zeros((N, C_out, H_out + 2 * ph, W_out + 2 * pw))
    for p in range(kh):
        for q in range(kw):
            rows = slice(p, p + sh * (H_in - 1) + 1, sh)
            cols = slice(q, q + sw * (W_in - 1) + 1, sw)
            canvas[:, :, rows, cols] += np.einsum("nchw,co->nohw", x, w[:, :, p, q])
    out = canvas[:, :, ph:ph + H_out - oph, pw:pw + W_out - opw]
    return np.pad(out, ((0, 0), (0, 0), (oph, 0), (opw, 0)))
