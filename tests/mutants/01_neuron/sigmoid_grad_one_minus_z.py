"""sigmoid_grad as sigmoid(z) * (1 - z): only half of the formula uses s = sigmoid(z)."""
import numpy as np


def sigmoid_grad(z):
    z = np.asarray(z, dtype=float)
    return sigmoid(z) * (1 - z)
