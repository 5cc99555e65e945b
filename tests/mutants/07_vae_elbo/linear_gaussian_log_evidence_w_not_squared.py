"""variance w + s^2: w not squared."""
import numpy as np


def linear_gaussian_log_evidence(x, w, b, s):
    x = np.asarray(x, dtype=np.float64)
    var = w + s**2
    with np.errstate(all="ignore"):
        return -0.5 * (np.log(2 * np.pi * var) + (x - b) ** 2 / var)
