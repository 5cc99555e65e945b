"""KL estimated from the samples (mean of log q(z) - log p(z)) instead of the closed form."""
import numpy as np


def elbo(x, mu, logvar, decode, eps):
    x, mu, logvar, eps = (np.asarray(a, dtype=np.float64) for a in (x, mu, logvar, eps))
    z = mu + np.exp(0.5 * logvar) * eps
    logits = np.asarray(decode(z), dtype=np.float64)
    rec = np.sum(x * logits - (np.maximum(logits, 0) + np.log1p(np.exp(-np.abs(logits)))), axis=-1).mean(axis=0)
    log_q = -0.5 * np.sum(np.log(2 * np.pi) + logvar + eps**2, axis=-1)
    log_p = -0.5 * np.sum(np.log(2 * np.pi) + z**2, axis=-1)
    kl = (log_q - log_p).mean(axis=0)
    return rec - kl, rec, kl
