"""mean instead of sum over the pixels."""
import numpy as np


def bernoulli_log_likelihood(x, logits):
    x = np.asarray(x, dtype=np.float64)
    logits = np.asarray(logits, dtype=np.float64)
    softplus = np.maximum(logits, 0) + np.log1p(np.exp(-np.abs(logits)))
    return np.mean(x * logits - softplus, axis=-1)
