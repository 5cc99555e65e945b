"""kl_divergence with np.log10 whatever the base."""
import numpy as np


def kl_divergence(p, q, base=np.e):
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    support = p > 0
    safe_p = np.where(support, p, 1.0)
    safe_q = np.where(q > 0, q, 1.0)
    terms = np.where(support, p * (np.log10(safe_p) - np.log10(safe_q)), 0.0)
    terms = np.where(support & (q <= 0), np.inf, terms)
    return np.sum(terms, axis=-1)
