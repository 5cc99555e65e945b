"""clip_grad_norm returning the global norm after clipping instead of before."""
import numpy as np


def clip_grad_norm(grads, max_norm):
    total_norm = float(np.sqrt(sum(np.sum(g**2) for g in grads)))
    factor = min(1.0, max_norm / (total_norm + 1e-6))
    return [g * factor for g in grads], total_norm * factor
