"""soft_nms follows the original score order instead of re-selecting the highest current score after each decay."""
import numpy as np


def soft_nms(boxes, scores, sigma=0.5, score_threshold=0.001):
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    current = np.array(scores, dtype=np.float64)
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    order = np.argsort(-current, kind="stable")
    indices, new_scores = [], []
    for position, best in enumerate(order):
        if current[best] < score_threshold:
            continue
        indices.append(best)
        new_scores.append(current[best])
        rest = order[position + 1:]
        width = np.clip(np.minimum(boxes[best, 2], boxes[rest, 2]) - np.maximum(boxes[best, 0], boxes[rest, 0]), 0, None)
        height = np.clip(np.minimum(boxes[best, 3], boxes[rest, 3]) - np.maximum(boxes[best, 1], boxes[rest, 1]), 0, None)
        intersection = width * height
        union = areas[best] + areas[rest] - intersection
        iou = np.divide(intersection, union, out=np.zeros_like(intersection), where=union > 0)
        current[rest] *= np.exp(-iou ** 2 / sigma)
    return np.array(indices, dtype=np.int64), np.array(new_scores, dtype=np.float64)
