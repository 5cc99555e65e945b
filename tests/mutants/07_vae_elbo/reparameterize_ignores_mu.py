"""returns sigma * eps: the mean forgotten."""
import numpy as np


def reparameterize(mu, logvar, eps):
    return np.exp(0.5 * np.asarray(logvar)) * np.asarray(eps)
