"""binary_cross_entropy_with_logits via log(sigmoid(z)) with the naive sigmoid: overflow and log 0 at |z| = 1000."""
import numpy as np


def binary_cross_entropy_with_logits(z, y):
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    s = 1.0 / (1.0 + np.exp(-z))
    return float(np.mean(-(y * np.log(s) + (1 - y) * np.log(1 - s))))
