"""conv2d_forward flips the kernel (a true convolution) while torch's conv2d is a cross-correlation."""
import numpy as np


def conv2d_forward(x, w, b, stride=1, padding=0):
    sh, sw = (stride, stride) if np.isscalar(stride) else stride
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    out += b.reshape(1, F_out, 1, 1)
    N, C, H, W = x.shape
    F_out, _, kh, kw = w.shape
    H_out = (H + 2 * ph - kh) // sh + 1
    W_out = (W + 2 * pw - kw) // sw + 1
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = np.zeros((N, F_out, H_out, W_out))
    for p in range(kh):
        for q in range(kw):
            window = xp[:, :, p:p + sh * (H_out - 1) + 1:sh, q:q + sw * (W_out - 1) + 1:sw]
            out += np.einsum("nchw,fc->nfhw", window, w[:, :, kh - 1 - p, kw - 1 - q])

    return out, (x, w, b, (sh, sw), (ph, pw))
