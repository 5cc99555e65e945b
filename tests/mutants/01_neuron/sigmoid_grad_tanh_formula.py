"""sigmoid_grad as 1 - sigmoid(z)**2: the tanh derivative pattern used for the sigmoid."""
import numpy as np


def sigmoid_grad(z):
    s = sigmoid(z)
    return 1 - s ** 2
