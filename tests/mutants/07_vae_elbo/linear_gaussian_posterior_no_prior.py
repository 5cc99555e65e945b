"""the prior forgotten: mean (x - b) / w and variance s^2 / w^2 (least squares)."""
import numpy as np


def linear_gaussian_posterior(x, w, b, s):
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        return (x - b) / w, s**2 / w**2
