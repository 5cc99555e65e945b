"""average_precision averages the interpolated precision at the 11 recalls 0, 0.1, ..., 1 (VOC 2007) instead of all points."""
import numpy as np


def average_precision(scores, is_tp, n_ground_truth):
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    is_tp = np.asarray(is_tp, dtype=bool).reshape(-1)
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(is_tp[order]).astype(np.float64)
    precision = tp / np.arange(1, len(order) + 1)
    recall = tp / n_ground_truth
    ap = 0.0
    for level in np.linspace(0.0, 1.0, 11):
        reached = precision[recall >= level]
        ap += (reached.max() if reached.size else 0.0) / 11
    return precision, recall, float(ap)
