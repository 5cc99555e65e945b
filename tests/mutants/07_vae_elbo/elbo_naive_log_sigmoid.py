"""Bernoulli log-likelihood through log(sigmoid): overflow and -inf for logits of size 1000."""
import numpy as np


def elbo(x, mu, logvar, decode, eps):
    x, mu, logvar, eps = (np.asarray(a, dtype=np.float64) for a in (x, mu, logvar, eps))
    z = mu + np.exp(0.5 * logvar) * eps
    logits = np.asarray(decode(z), dtype=np.float64)
    p = 1.0 / (1.0 + np.exp(-logits))
    rec = np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=-1).mean(axis=0)
    kl = 0.5 * np.sum(mu**2 + np.exp(logvar) - 1 - logvar, axis=-1)
    return rec - kl, rec, kl
