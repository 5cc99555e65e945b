"""sigma^2 computed as exp(logvar / 2) (that is sigma, not the variance)."""
import numpy as np


def gaussian_kl_standard_normal(mu, logvar):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    return 0.5 * np.sum(mu**2 + np.exp(0.5 * logvar) - 1.0 - logvar, axis=-1)
