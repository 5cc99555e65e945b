"""soft_nms applies score_threshold only after a decay (as the authors' code does): a best box below it is still selected."""
import numpy as np


def soft_nms(boxes, scores, sigma=0.5, score_threshold=0.001):
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    current = np.array(scores, dtype=np.float64)
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    remaining = np.arange(len(current))
    indices, new_scores = [], []
    while remaining.size > 0:
        best = remaining[np.argmax(current[remaining])]
        indices.append(best)
        new_scores.append(current[best])
        remaining = remaining[remaining != best]
        width = np.clip(np.minimum(boxes[best, 2], boxes[remaining, 2]) - np.maximum(boxes[best, 0], boxes[remaining, 0]), 0, None)
        height = np.clip(np.minimum(boxes[best, 3], boxes[remaining, 3]) - np.maximum(boxes[best, 1], boxes[remaining, 1]), 0, None)
        intersection = width * height
        union = areas[best] + areas[remaining] - intersection
        iou = np.divide(intersection, union, out=np.zeros_like(intersection), where=union > 0)
        current[remaining] *= np.exp(-iou ** 2 / sigma)
        remaining = remaining[current[remaining] >= score_threshold]
    return np.array(indices, dtype=np.int64), np.array(new_scores, dtype=np.float64)
