"""log_softmax as log(softmax(z)): softmax underflows to 0, log 0 = -inf at z = (1000, 0)."""
import numpy as np


def log_softmax(z, axis=-1):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return np.log(e / np.sum(e, axis=axis, keepdims=True))
