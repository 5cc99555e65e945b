"""the noise standard deviation s used as a variance: w^2 + s."""
import numpy as np


def linear_gaussian_log_evidence(x, w, b, s):
    x = np.asarray(x, dtype=np.float64)
    var = w**2 + s
    return -0.5 * (np.log(2 * np.pi * var) + (x - b) ** 2 / var)
