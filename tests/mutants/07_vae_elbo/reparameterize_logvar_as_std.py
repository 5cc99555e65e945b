"""z = mu + logvar * eps: the log-variance used as the standard deviation."""
import numpy as np


def reparameterize(mu, logvar, eps):
    return np.asarray(mu) + np.asarray(logvar) * np.asarray(eps)
