"""clip_grad_norm clipping every entry to [-max_norm, max_norm] (clipping by value)."""
import numpy as np


def clip_grad_norm(grads, max_norm):
    total_norm = float(np.sqrt(sum(np.sum(g**2) for g in grads)))
    return [np.clip(g, -max_norm, max_norm) for g in grads], total_norm
