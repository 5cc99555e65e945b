"""squared error divided by sigma = exp(logvar / 2) instead of the variance."""
import numpy as np


def gaussian_log_likelihood(x, mean, logvar):
    x, mean, logvar = (np.asarray(a, dtype=np.float64) for a in (x, mean, logvar))
    return -0.5 * np.sum(np.log(2 * np.pi) + logvar + (x - mean) ** 2 / np.exp(0.5 * logvar), axis=-1)
