"""tanh_grad as 1 / cosh(z)**2: correct on paper, but cosh(1000) overflows with a RuntimeWarning."""
import numpy as np


def tanh_grad(z):
    return 1 / np.cosh(np.asarray(z, dtype=float)) ** 2
