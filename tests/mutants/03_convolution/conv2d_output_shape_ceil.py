"""conv2d_output_shape rounds up instead of down: counts a last step that does not fit."""
import math

import numpy as np


def conv2d_output_shape(H, W, kh, kw, stride=1, padding=0):
    sh, sw = (stride, stride) if np.isscalar(stride) else stride
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    if kh > H + 2 * ph or kw > W + 2 * pw:
        raise ValueError("kernel too large")
    return math.ceil((H + 2 * ph - kh) / sh) + 1, math.ceil((W + 2 * pw - kw) / sw) + 1
