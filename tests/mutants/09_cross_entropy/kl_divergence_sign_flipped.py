"""kl_divergence as H(p) - H(p, q): the right size with the wrong sign (never positive)."""
import numpy as np


def kl_divergence(p, q, base=np.e):
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    support = p > 0
    safe_p = np.where(support, p, 1.0)
    safe_q = np.where(q > 0, q, 1.0)
    terms = np.where(support, p * (np.log(safe_p) - np.log(safe_q)), 0.0)
    terms = np.where(support & (q <= 0), np.inf, terms)
    return -np.sum(terms, axis=-1) / np.log(base)
