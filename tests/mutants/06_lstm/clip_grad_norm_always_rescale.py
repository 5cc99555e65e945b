"""clip_grad_norm rescaling to max_norm always, also when the global norm is already smaller."""
import numpy as np


def clip_grad_norm(grads, max_norm):
    total_norm = float(np.sqrt(sum(np.sum(g**2) for g in grads)))
    factor = max_norm / (total_norm + 1e-6)
    return [g * factor for g in grads], total_norm
