"""softmax_cross_entropy through an unshifted softmax: exp(1000) overflows, the loss is nan."""
import numpy as np


def softmax_cross_entropy(logits, labels):
    logits = np.asarray(logits, dtype=np.float64)
    N = logits.shape[0]
    rows = np.arange(N)
    e = np.exp(logits)
    probs = e / np.sum(e, axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[rows, labels]))
    dlogits = probs.copy()
    dlogits[rows, labels] -= 1.0
    return float(loss), dlogits / N
