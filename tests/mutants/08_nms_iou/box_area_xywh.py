"""box_area reads the boxes as (x, y, width, height) and multiplies the last two columns."""
import numpy as np


def box_area(boxes):
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    return boxes[:, 2] * boxes[:, 3]
