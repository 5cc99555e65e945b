"""mean instead of sum over the latent dimensions."""
import numpy as np


def gaussian_kl_standard_normal(mu, logvar):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    return 0.5 * np.mean(mu**2 + np.exp(logvar) - 1.0 - logvar, axis=-1)
