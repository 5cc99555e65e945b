"""batched_nms returns indices within each class subset (nms on the subset) instead of into the original arrays."""
import numpy as np


def batched_nms(boxes, scores, labels, iou_threshold):
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels)
    result, result_scores = [], []
    for label in np.unique(labels):
        b, s = boxes[labels == label], scores[labels == label]
        areas = (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1])
        order = np.argsort(-s, kind="stable")
        while order.size > 0:
            best, rest = order[0], order[1:]
            result.append(best)
            result_scores.append(s[best])
            width = np.clip(np.minimum(b[best, 2], b[rest, 2]) - np.maximum(b[best, 0], b[rest, 0]), 0, None)
            height = np.clip(np.minimum(b[best, 3], b[rest, 3]) - np.maximum(b[best, 1], b[rest, 1]), 0, None)
            intersection = width * height
            union = areas[best] + areas[rest] - intersection
            iou = np.divide(intersection, union, out=np.zeros_like(intersection), where=union > 0)
            order = rest[iou <= iou_threshold]
    order = np.argsort(-np.array(result_scores), kind="stable")
    return np.array(result, dtype=np.int64)[order]
