"""KL without the factor 1/2: sum(mu^2 + sigma^2 - 1 - log sigma^2)."""
import numpy as np


def gaussian_kl_standard_normal(mu, logvar):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    return np.sum(mu**2 + np.exp(logvar) - 1.0 - logvar, axis=-1)
