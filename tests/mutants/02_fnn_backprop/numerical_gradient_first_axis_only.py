"""numerical_gradient loops over the first axis only: perturbs whole rows x[i] at once."""
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in range(x.shape[0]):
        old = x[i].copy()
        x[i] = old + h
        fp = f(x)
        x[i] = old - h
        fm = f(x)
        x[i] = old
        grad[i] = (fp - fm) / (2 * h)
    return grad
