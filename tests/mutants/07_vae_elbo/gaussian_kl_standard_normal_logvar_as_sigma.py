"""logvar read as sigma: sigma^2 = logvar^2 and log sigma^2 = log(logvar^2)."""
import numpy as np


def gaussian_kl_standard_normal(mu, logvar):
    mu = np.asarray(mu, dtype=np.float64)
    logvar = np.asarray(logvar, dtype=np.float64)
    with np.errstate(all="ignore"):
        return 0.5 * np.sum(mu**2 + logvar**2 - 1.0 - np.log(logvar**2), axis=-1)
