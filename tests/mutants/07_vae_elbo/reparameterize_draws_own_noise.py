"""ignores eps and draws fresh noise of the shape of mu."""
import numpy as np


def reparameterize(mu, logvar, eps):
    mu = np.asarray(mu, dtype=np.float64)
    return mu + np.exp(0.5 * np.asarray(logvar)) * np.random.standard_normal(mu.shape)
