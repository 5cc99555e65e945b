"""match_detections lets a ground-truth box be matched again: duplicates count as true positives."""
import numpy as np


def match_detections(det_boxes, det_scores, gt_boxes, iou_threshold=0.5):
    det_boxes = np.asarray(det_boxes, dtype=np.float64).reshape(-1, 4)
    gt_boxes = np.asarray(gt_boxes, dtype=np.float64).reshape(-1, 4)
    det_scores = np.asarray(det_scores, dtype=np.float64)
    matched = np.full(len(det_scores), -1, dtype=np.int64)
    if len(det_scores) == 0 or len(gt_boxes) == 0:
        return matched
    top_left = np.maximum(det_boxes[:, None, :2], gt_boxes[None, :, :2])
    bottom_right = np.minimum(det_boxes[:, None, 2:], gt_boxes[None, :, 2:])
    sides = np.clip(bottom_right - top_left, 0.0, None)
    inter = sides[..., 0] * sides[..., 1]
    area_d = (det_boxes[:, 2] - det_boxes[:, 0]) * (det_boxes[:, 3] - det_boxes[:, 1])
    area_g = (gt_boxes[:, 2] - gt_boxes[:, 0]) * (gt_boxes[:, 3] - gt_boxes[:, 1])
    union = area_d[:, None] + area_g[None, :] - inter
    iou = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    taken = np.zeros(len(gt_boxes), dtype=bool)
    for i in np.argsort(-det_scores, kind="stable"):
        best = int(np.argmax(iou[i]))
        if iou[i, best] >= iou_threshold:
            matched[i] = best
    return matched
