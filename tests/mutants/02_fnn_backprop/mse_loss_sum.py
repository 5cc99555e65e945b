"""mse_loss sums the squared errors instead of averaging them (loss and gradient N*K times too big)."""
import numpy as np


def mse_loss(pred, target):
    pred = np.asarray(pred, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    diff = pred - target
    return float(np.sum(diff**2)), 2.0 * diff
