"""batched_nms sorts the final result with np.argsort(scores)[::-1], reversing tied scores."""
import numpy as np


def batched_nms(boxes, scores, labels, iou_threshold):
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels)
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    kept = np.zeros(len(scores), dtype=bool)
    per_class = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        order = members[np.argsort(-scores[members], kind="stable")]
        while order.size > 0:
            best, rest = order[0], order[1:]
            kept[best] = True
            per_class.append(best)
            width = np.clip(np.minimum(boxes[best, 2], boxes[rest, 2]) - np.maximum(boxes[best, 0], boxes[rest, 0]), 0, None)
            height = np.clip(np.minimum(boxes[best, 3], boxes[rest, 3]) - np.maximum(boxes[best, 1], boxes[rest, 1]), 0, None)
            intersection = width * height
            union = areas[best] + areas[rest] - intersection
            iou = np.divide(intersection, union, out=np.zeros_like(intersection), where=union > 0)
            order = rest[iou <= iou_threshold]
    by_score = np.argsort(scores, kind="stable")[::-1]
    return by_score[kept[by_score]].astype(np.int64)
