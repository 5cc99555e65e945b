"""batched_nms uses torchvision's coordinate-offset trick, offset = largest coordinate + 1: too small once coordinates are negative."""
import numpy as np


def batched_nms(boxes, scores, labels, iou_threshold):
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels)
    if len(scores) == 0:
        return np.zeros(0, dtype=np.int64)
    shifted = boxes + (labels.astype(np.float64).reshape(-1) * (boxes.max() + 1.0))[:, None]
    areas = (shifted[:, 2] - shifted[:, 0]) * (shifted[:, 3] - shifted[:, 1])
    order = np.argsort(-scores, kind="stable")
    keep = []
    while order.size > 0:
        best, rest = order[0], order[1:]
        keep.append(best)
        width = np.clip(np.minimum(shifted[best, 2], shifted[rest, 2]) - np.maximum(shifted[best, 0], shifted[rest, 0]), 0, None)
        height = np.clip(np.minimum(shifted[best, 3], shifted[rest, 3]) - np.maximum(shifted[best, 1], shifted[rest, 1]), 0, None)
        intersection = width * height
        union = areas[best] + areas[rest] - intersection
        iou = np.divide(intersection, union, out=np.zeros_like(intersection), where=union > 0)
        order = rest[iou <= iou_threshold]
    return np.array(keep, dtype=np.int64)
