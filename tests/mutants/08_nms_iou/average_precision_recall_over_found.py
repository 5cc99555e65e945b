"""average_precision divides the recall by the true positives found instead of the number of ground-truth boxes."""
import numpy as np


def average_precision(scores, is_tp, n_ground_truth):
    scores = np.asarray(scores, dtype=np.float64).reshape(-1)
    is_tp = np.asarray(is_tp, dtype=bool).reshape(-1)
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(is_tp[order]).astype(np.float64)
    precision = tp / np.arange(1, len(order) + 1)
    recall = tp / max(tp[-1] if len(tp) else 0.0, 1.0)
    interpolated = np.maximum.accumulate(precision[::-1])[::-1]
    return precision, recall, float(np.sum(np.diff(recall, prepend=0.0) * interpolated))
