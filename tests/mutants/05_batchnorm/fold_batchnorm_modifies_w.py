"""fold_batchnorm scales W in place (W *= scale), changing the caller's weights."""
import numpy as np


def fold_batchnorm(W, b, running_mean, running_var, gamma, beta, eps=1e-5):
    scale = gamma / np.sqrt(running_var + eps)
    bias = np.zeros_like(running_mean) if b is None else b
    W *= scale
    b_folded = (bias - running_mean) * scale + beta
    return W, b_folded
