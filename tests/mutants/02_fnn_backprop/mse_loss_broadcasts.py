"""mse_loss does not check shapes: pred (N, 1) and target (N,) broadcast silently to (N, N)."""
import numpy as np


def mse_loss(pred, target):
    diff = np.asarray(pred, dtype=np.float64) - np.asarray(target, dtype=np.float64)
    return float(np.mean(diff**2)), 2.0 * diff / diff.size
