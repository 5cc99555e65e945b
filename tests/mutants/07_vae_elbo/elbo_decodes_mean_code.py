"""averages the codes over the samples and decodes once: log p(x | mean z), not the mean of log p(x | z)."""
import numpy as np


def elbo(x, mu, logvar, decode, eps):
    x, mu, logvar, eps = (np.asarray(a, dtype=np.float64) for a in (x, mu, logvar, eps))
    z = (mu + np.exp(0.5 * logvar) * eps).mean(axis=0)
    logits = np.asarray(decode(z), dtype=np.float64)
    rec = np.sum(x * logits - (np.maximum(logits, 0) + np.log1p(np.exp(-np.abs(logits)))), axis=-1)
    kl = 0.5 * np.sum(mu**2 + np.exp(logvar) - 1 - logvar, axis=-1)
    return rec - kl, rec, kl
