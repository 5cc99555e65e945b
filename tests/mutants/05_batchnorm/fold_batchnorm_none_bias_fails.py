"""fold_batchnorm uses b directly and fails for a layer without bias (b = None)."""
import numpy as np


def fold_batchnorm(W, b, running_mean, running_var, gamma, beta, eps=1e-5):
    scale = gamma / np.sqrt(running_var + eps)
    W_folded = W * scale
    b_folded = (b - running_mean) * scale + beta
    return W_folded, b_folded
