"""mse_loss averages the loss but its dpred forgets the 1/(N*K) of the mean."""
import numpy as np


def mse_loss(pred, target):
    pred = np.asarray(pred, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    diff = pred - target
    return float(np.mean(diff**2)), 2.0 * diff
