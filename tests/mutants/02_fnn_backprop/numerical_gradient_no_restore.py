"""numerical_gradient forgets to restore x[i]: x is left at x - h after the call."""
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        fp = f(x)
        x[i] = old - h
        fm = f(x)
        grad[i] = (fp - fm) / (2 * h)
    return grad
