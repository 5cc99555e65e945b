"""returns the standard deviation sqrt(s^2 / (w^2 + s^2)) instead of the variance."""
import numpy as np


def linear_gaussian_posterior(x, w, b, s):
    x = np.asarray(x, dtype=np.float64)
    return w * (x - b) / (w**2 + s**2), np.sqrt(s**2 / (w**2 + s**2))
