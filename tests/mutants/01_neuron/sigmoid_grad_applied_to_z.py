"""sigmoid_grad as z * (1 - z): the s(1 - s) formula applied to z instead of s = sigmoid(z)."""
import numpy as np


def sigmoid_grad(z):
    z = np.asarray(z, dtype=float)
    return z * (1 - z)
