"""softplus as max(l, 0) + log1p(exp(-l)): wrong for negative logits, overflow at l = -1000."""
import numpy as np


def bernoulli_log_likelihood(x, logits):
    x = np.asarray(x, dtype=np.float64)
    logits = np.asarray(logits, dtype=np.float64)
    return np.sum(x * logits - (np.maximum(logits, 0) + np.log1p(np.exp(-logits))), axis=-1)
