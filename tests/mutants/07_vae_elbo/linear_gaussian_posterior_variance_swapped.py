"""posterior variance formula wrong: w^2 / (w^2 + s^2) instead of s^2 / (w^2 + s^2)."""
import numpy as np


def linear_gaussian_posterior(x, w, b, s):
    x = np.asarray(x, dtype=np.float64)
    return w * (x - b) / (w**2 + s**2), w**2 / (w**2 + s**2)
