"""conv2d_single swaps image and kernel in 'same' mode too when the kernel is larger (numpy's 1-D rule, not scipy's)."""
import numpy as np
import scipy.signal


def conv2d_single(image, kernel, mode="valid"):
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.shape[0] >= image.shape[0] and kernel.shape[1] >= image.shape[1]:
        image, kernel = kernel, image
    return scipy.signal.convolve2d(image, kernel, mode)
