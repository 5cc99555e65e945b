"""mse_loss's dpred has the wrong sign: 2 * (target - pred) / size."""
import numpy as np


def mse_loss(pred, target):
    pred = np.asarray(pred, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    diff = pred - target
    return float(np.mean(diff**2)), -2.0 * diff / diff.size
