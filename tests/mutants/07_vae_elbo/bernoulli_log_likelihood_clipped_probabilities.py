"""probabilities clipped into [1e-12, 1 - 1e-12]: a confidently wrong pixel costs 27.6, not 1000."""
import numpy as np


def bernoulli_log_likelihood(x, logits):
    x = np.asarray(x, dtype=np.float64)
    logits = np.asarray(logits, dtype=np.float64)
    p = np.clip(0.5 * (1 + np.tanh(0.5 * logits)), 1e-12, 1 - 1e-12)
    return np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=-1)
