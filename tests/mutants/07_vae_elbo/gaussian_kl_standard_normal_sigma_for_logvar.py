"""sigma used where log sigma^2 belongs: 0.5 * sum(mu^2 + sigma^2 - 1 - sigma)."""
import numpy as np


def gaussian_kl_standard_normal(mu, logvar):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    sigma = np.exp(0.5 * logvar)
    return 0.5 * np.sum(mu**2 + sigma**2 - 1.0 - sigma, axis=-1)
