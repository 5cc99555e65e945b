"""fold_batchnorm scales the rows of W (PyTorch's nn.Linear layout, (M, D)) instead of its columns."""
import numpy as np


def fold_batchnorm(W, b, running_mean, running_var, gamma, beta, eps=1e-5):
    scale = gamma / np.sqrt(running_var + eps)
    bias = np.zeros_like(running_mean) if b is None else b
    W_folded = scale[:, None] * W
    b_folded = (bias - running_mean) * scale + beta
    return W_folded, b_folded
