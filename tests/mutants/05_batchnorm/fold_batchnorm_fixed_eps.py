"""fold_batchnorm ignores its eps argument and always uses 1e-5."""
import numpy as np


def fold_batchnorm(W, b, running_mean, running_var, gamma, beta, eps=1e-5):
    scale = gamma / np.sqrt(running_var + 1e-5)
    bias = np.zeros_like(running_mean) if b is None else b
    W_folded = W * scale
    b_folded = (bias - running_mean) * scale + beta
    return W_folded, b_folded
