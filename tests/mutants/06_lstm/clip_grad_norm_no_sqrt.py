"""clip_grad_norm using the sum of squares (the squared norm) as the global norm."""
import numpy as np


def clip_grad_norm(grads, max_norm):
    total_norm = float(sum(np.sum(g**2) for g in grads))
    factor = min(1.0, max_norm / (total_norm + 1e-6))
    return [g * factor for g in grads], total_norm
