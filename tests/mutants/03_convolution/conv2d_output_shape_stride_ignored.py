"""conv2d_output_shape ignores the stride: (n + 2p - k) + 1."""
import numpy as np


def conv2d_output_shape(H, W, kh, kw, stride=1, padding=0):
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    if kh > H + 2 * ph or kw > W + 2 * pw:
        raise ValueError("kernel too large")
    return H + 2 * ph - kh + 1, W + 2 * pw - kw + 1
