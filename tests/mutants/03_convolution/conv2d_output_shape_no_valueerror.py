"""conv2d_output_shape returns a zero or negative size instead of raising ValueError when the kernel does not fit."""
import numpy as np


def conv2d_output_shape(H, W, kh, kw, stride=1, padding=0):
    sh, sw = (stride, stride) if np.isscalar(stride) else stride
    ph, pw = (padding, padding) if np.isscalar(padding) else padding
    return (H + 2 * ph - kh) // sh + 1, (W + 2 * pw - kw) // sw + 1
