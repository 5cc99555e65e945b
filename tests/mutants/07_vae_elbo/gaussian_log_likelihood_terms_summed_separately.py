"""sums logvar on its own: a shared float log-variance is counted once, not D times."""
import numpy as np


def gaussian_log_likelihood(x, mean, logvar):
    x, mean, logvar = (np.asarray(a, dtype=np.float64) for a in (x, mean, logvar))
    d = x.shape[-1]
    return -0.5 * (d * np.log(2 * np.pi) + np.sum(logvar, axis=-1)
                   + np.sum((x - mean) ** 2 * np.exp(-logvar), axis=-1))
