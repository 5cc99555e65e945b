"""mse_loss's dpred forgets the factor 2 of d(e^2)/de."""
import numpy as np


def mse_loss(pred, target):
    pred = np.asarray(pred, dtype=np.float64)
    target = np.asarray(target, dtype=np.float64)
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    diff = pred - target
    return float(np.mean(diff**2)), diff / diff.size
