"""clip_grad_norm scaling the given arrays in place, as torch's clip_grad_norm_ does."""
import numpy as np


def clip_grad_norm(grads, max_norm):
    total_norm = float(np.sqrt(sum(np.sum(g**2) for g in grads)))
    factor = min(1.0, max_norm / (total_norm + 1e-6))
    for g in grads:
        g *= factor
    return grads, total_norm
