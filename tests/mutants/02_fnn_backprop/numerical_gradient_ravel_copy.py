"""numerical_gradient perturbs x.reshape(-1), a copy when x is a non-contiguous view: f never sees the change."""
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    flat = x.reshape(-1)
    grad = np.zeros(flat.size, dtype=np.float64)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        fp = f(x)
        flat[i] = old - h
        fm = f(x)
        flat[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad.reshape(x.shape)
