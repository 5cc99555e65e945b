"""the factor 1/2 missing in front of the sum."""
import numpy as np


def gaussian_log_likelihood(x, mean, logvar):
    x, mean, logvar = (np.asarray(a, dtype=np.float64) for a in (x, mean, logvar))
    return -np.sum(np.log(2 * np.pi) + logvar + (x - mean) ** 2 * np.exp(-logvar), axis=-1)
