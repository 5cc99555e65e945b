"""conv2d_output_shape forgets the + 1: (n + 2p - k) / s counts the steps, not the positions."""
import numpy as np


def conv2d_output_shape(H, W, kh, kw, stride=1, padding=0):
    sh, sw = (stride, stride) if np.isscalar(stride) else stride
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    if kh > H + 2 * ph or kw > W + 2 * pw:
        raise ValueError("kernel too large")
    return (H + 2 * ph - kh) // sh, (W + 2 * pw - kw) // sw
