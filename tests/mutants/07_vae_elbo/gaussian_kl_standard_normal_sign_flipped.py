"""KL with the wrong sign: 0.5 * sum(1 + log sigma^2 - mu^2 - sigma^2), i.e. -KL."""
import numpy as np


def gaussian_kl_standard_normal(mu, logvar):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    return 0.5 * np.sum(1.0 + logvar - mu**2 - np.exp(logvar), axis=-1)
