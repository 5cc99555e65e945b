"""average_precision uses the raw precision at each rank, without the interpolated envelope: 0.525 instead of 0.55."""
import numpy as np


def average_precision(scores, is_tp, n_ground_truth):
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    is_tp = np.asarray(is_tp, dtype=bool).reshape(-1)
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(is_tp[order]).astype(np.float64)
    precision = tp / np.arange(1, len(order) + 1)
    recall = tp / n_ground_truth
    return precision, recall, float(np.sum(np.diff(recall, prepend=0.0) * precision))
