"""box_area casts the coordinates to int, losing fractional coordinates."""
import numpy as np


def box_area(boxes):
    boxes = np.asarray(boxes).astype(int).reshape(-1, 4)
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
