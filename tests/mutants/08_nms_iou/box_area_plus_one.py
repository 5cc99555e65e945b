"""box_area uses the old pixel-index convention (x2 - x1 + 1) * (y2 - y1 + 1)."""
import numpy as np


def box_area(boxes):
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    return (boxes[:, 2] - boxes[:, 0] + 1) * (boxes[:, 3] - boxes[:, 1] + 1)
