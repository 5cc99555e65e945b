"""softplus as log1p(exp(-|l|)) without the max(l, 0) term."""
import numpy as np


def bernoulli_log_likelihood(x, logits):
    x = np.asarray(x, dtype=np.float64)
    logits = np.asarray(logits, dtype=np.float64)
    return np.sum(x * logits - np.log1p(np.exp(-np.abs(logits))), axis=-1)
