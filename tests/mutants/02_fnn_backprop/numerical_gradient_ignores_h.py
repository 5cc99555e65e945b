"""numerical_gradient ignores its argument h and always steps by 1e-5."""
import numpy as np


def numerical_gradient(f, x, h=1e-5):
    step = 1e-5
    grad = np.zeros(x.shape, dtype=np.float64)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + step
        fp = f(x)
        x[i] = old - step
        fm = f(x)
        x[i] = old
        grad[i] = (fp - fm) / (2 * step)
    return grad
