"""mse_loss divides by the number of rows N instead of the number of entries N*K."""
import numpy as np


def mse_loss(pred, target):
    pred = np.asarray(pred, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    diff = pred - target
    n = diff.shape[0]
    return float(np.sum(diff**2) / n), 2.0 * diff / n
