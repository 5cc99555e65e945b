"""numerical_gradient restores x by arithmetic (+h, -2h, +h): rounding leaves x slightly changed."""
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        x[i] += h
        fp = f(x)
        x[i] -= 2 * h
        fm = f(x)
        x[i] += h
        grad[i] = (fp - fm) / (2 * h)
    return grad
