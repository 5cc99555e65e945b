"""conv2d_single flips the kernel upside down only (kernel[::-1]), not along both axes."""
import numpy as np


def conv2d_single(image, kernel, mode="valid"):
    image = np.asarray(image, dtype=np.float64)
    kernel = np.asarray(kernel, dtype=np.float64)
    if mode not in ("valid", "same", "full"):
        raise ValueError(mode)
    H, W = image.shape
    kh, kw = kernel.shape
    if mode == "valid" and (kh > H or kw > W):
        if kh >= H and kw >= W:
            image, kernel = kernel, image
            H, W, kh, kw = kh, kw, H, W
        else:
            raise ValueError("mixed sizes")
    padded = np.pad(image, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
    flipped = kernel[::-1, :]
    full = np.zeros((H + kh - 1, W + kw - 1))
    for p in range(kh):
        for q in range(kw):
            full += flipped[p, q] * padded[p:p + H + kh - 1, q:q + W + kw - 1]
    if mode == "full":
        return full
    if mode == "same":
        top, left = (kh - 1) // 2, (kw - 1) // 2
        return full[top:top + H, left:left + W]
    return full[kh - 1:H, kw - 1:W]
