"""softmax shifting z in place (z -= max): the caller's float64 array is changed."""
import numpy as np


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    z -= np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)
