"""fold_batchnorm ignores the layer's bias b (as if every layer before BN had none)."""
import numpy as np


def fold_batchnorm(W, b, running_mean, running_var, gamma, beta, eps=1e-5):
    scale = gamma / np.sqrt(running_var + eps)
    W_folded = W * scale
    b_folded = beta - running_mean * scale
    return W_folded, b_folded
