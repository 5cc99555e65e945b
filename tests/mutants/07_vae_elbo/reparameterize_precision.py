"""z = mu + exp(-logvar / 2) * eps: one over sigma instead of sigma."""
import numpy as np


def reparameterize(mu, logvar, eps):
    return np.asarray(mu) + np.exp(-0.5 * np.asarray(logvar)) * np.asarray(eps)
