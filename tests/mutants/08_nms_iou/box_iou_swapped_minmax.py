"""box_iou swaps max and min for the intersection corners, measuring the enclosing box."""
import numpy as np


def box_iou(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    width = max(0.0, max(a[2], b[2]) - min(a[0], b[0]))
    height = max(0.0, max(a[3], b[3]) - min(a[1], b[1]))
    intersection = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection
    if union <= 0:
        return 0.0
    return float(intersection / union)
