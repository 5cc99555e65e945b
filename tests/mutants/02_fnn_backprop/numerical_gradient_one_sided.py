"""numerical_gradient uses the one-sided difference (f(x+h) - f(x)) / h: error O(h), not O(h^2)."""
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        f0 = f(x)
        x[i] = old + h
        fp = f(x)
        x[i] = old
        grad[i] = (fp - f0) / h
    return grad
