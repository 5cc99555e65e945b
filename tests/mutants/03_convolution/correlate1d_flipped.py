"""correlate1d flips the kernel: it computes the convolution instead of the correlation."""
import numpy as np


def correlate1d(x, h, mode="valid"):
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    return np.convolve(np.asarray(x, dtype=np.float64), np.asarray(h, dtype=np.float64), mode)
