"""binary_cross_entropy_with_logits with log(1 + e^(-z)) instead of e^(-|z|): overflow for z = -1000 and wrong for z < 0."""
import numpy as np


def binary_cross_entropy_with_logits(z, y):
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-z))))
