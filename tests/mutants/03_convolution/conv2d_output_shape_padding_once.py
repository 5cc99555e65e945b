"""conv2d_output_shape adds the padding once (n + p - k) instead of on both sides (n + 2p - k)."""
import numpy as np


def conv2d_output_shape(H, W, kh, kw, stride=1, padding=0):
    sh, sw = (stride, stride) if np.isscalar(stride) else stride
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    if kh > H + 2 * ph or kw > W + 2 * pw:
        raise ValueError("kernel too large")
    return (H + ph - kh) // sh + 1, (W + pw - kw) // sw + 1
