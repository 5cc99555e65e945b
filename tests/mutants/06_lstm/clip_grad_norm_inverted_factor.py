"""clip_grad_norm multiplying by total_norm / max_norm (the factor upside down) when clipping."""
import numpy as np


def clip_grad_norm(grads, max_norm):
    total_norm = float(np.sqrt(sum(np.sum(g**2) for g in grads)))
    factor = total_norm / max_norm if total_norm > max_norm else 1.0
    return [g * factor for g in grads], total_norm
