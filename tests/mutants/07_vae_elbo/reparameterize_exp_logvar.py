"""z = mu + exp(logvar) * eps: the variance used where the standard deviation exp(logvar / 2) belongs."""
import numpy as np


def reparameterize(mu, logvar, eps):
    return np.asarray(mu) + np.exp(np.asarray(logvar)) * np.asarray(eps)
