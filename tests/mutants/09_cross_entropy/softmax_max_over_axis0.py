"""softmax subtracting the max of each column (axis 0) while normalising along the rows."""
import numpy as np


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
