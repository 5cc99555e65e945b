"""x log sigmoid(l) + (1 - x) log(1 - sigmoid(l)) with the naive sigmoid: -inf and warnings at |l| = 1000."""
import numpy as np


def bernoulli_log_likelihood(x, logits):
    x = np.asarray(x, dtype=np.float64)
    logits = np.asarray(logits, dtype=np.float64)
    p = 1.0 / (1.0 + np.exp(-logits))
    return np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=-1)
