"""conv2d_output_shape reads a stride or padding pair as (horizontal, vertical) instead of (vertical, horizontal)."""
import numpy as np


def conv2d_output_shape(H, W, kh, kw, stride=1, padding=0):
    sw, sh = (stride, stride) if np.isscalar(stride) else stride
    pw, ph = (padding, padding) if np.isscalar(padding) else padding
    if kh > H + 2 * ph or kw > W + 2 * pw:
        raise ValueError("kernel too large")
    return (H + 2 * ph - kh) // sh + 1, (W + 2 * pw - kw) // sw + 1
