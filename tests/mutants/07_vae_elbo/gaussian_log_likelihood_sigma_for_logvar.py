"""sigma used where log sigma^2 belongs in the normaliser."""
import numpy as np


def gaussian_log_likelihood(x, mean, logvar):
    x, mean, logvar = (np.asarray(a, dtype=np.float64) for a in (x, mean, logvar))
    return -0.5 * np.sum(np.log(2 * np.pi) + np.exp(0.5 * logvar) + (x - mean) ** 2 * np.exp(-logvar), axis=-1)
