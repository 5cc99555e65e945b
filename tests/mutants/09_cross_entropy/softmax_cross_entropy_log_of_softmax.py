"""softmax_cross_entropy as -log(stable softmax): the true class's probability underflows, loss inf."""
import numpy as np


def softmax_cross_entropy(logits, labels):
    logits = np.asarray(logits, dtype=np.float64)
    N = logits.shape[0]
    rows = np.arange(N)
    e = np.exp(logits - np.max(logits, axis=1, keepdims=True))
    probs = e / np.sum(e, axis=1, keepdims=True)
    loss = -np.mean(np.log(probs[rows, labels]))
    dlogits = probs.copy()
    dlogits[rows, labels] -= 1.0
    return float(loss), dlogits / N
