"""conv2d_output_shape rounds (n + 2p - k) / s to the nearest integer instead of taking the floor."""
import numpy as np


def conv2d_output_shape(H, W, kh, kw, stride=1, padding=0):
    sh, sw = (stride, stride) if np.isscalar(stride) else stride
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    if kh > H + 2 * ph or kw > W + 2 * pw:
        raise ValueError("kernel too large")
    return int(round((H + 2 * ph - kh) / sh + 0.001)) + 1, int(round((W + 2 * pw - kw) / sw + 0.001)) + 1
