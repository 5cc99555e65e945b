"""the -1 forgotten: KL of N(0, I) from itself comes out as L/2."""
import numpy as np


def gaussian_kl_standard_normal(mu, logvar):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    return 0.5 * np.sum(mu**2 + np.exp(logvar) - logvar, axis=-1)
