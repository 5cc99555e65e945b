"""the evidence centred at 0 instead of b."""
import numpy as np


def linear_gaussian_log_evidence(x, w, b, s):
    x = np.asarray(x, dtype=np.float64)
    var = w**2 + s**2
    return -0.5 * (np.log(2 * np.pi * var) + x**2 / var)
