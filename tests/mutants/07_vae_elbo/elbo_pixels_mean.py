"""reconstruction averaged over the pixels instead of summed."""
import numpy as np


def elbo(x, mu, logvar, decode, eps):
    x, mu, logvar, eps = (np.asarray(a, dtype=np.float64) for a in (x, mu, logvar, eps))
    z = mu + np.exp(0.5 * logvar) * eps
    logits = np.asarray(decode(z), dtype=np.float64)
    rec = np.mean(x * logits - (np.maximum(logits, 0) + np.log1p(np.exp(-np.abs(logits)))), axis=-1).mean(axis=0)
    kl = 0.5 * np.sum(mu**2 + np.exp(logvar) - 1 - logvar, axis=-1)
    return rec - kl, rec, kl
