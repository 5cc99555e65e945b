"""sigmoid_forward as 1 / (1 + exp(-z)): overflows (RuntimeWarning) for z = -1000."""
import numpy as np


def sigmoid_forward(z):
    a = 1.0 / (1.0 + np.exp(-z))
    return a, a
