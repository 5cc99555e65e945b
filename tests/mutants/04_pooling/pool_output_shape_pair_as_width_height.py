"""pool_output_shape reads a pair as (width, height) instead of (height, width)."""


def pool_output_shape(H, W, pool_size=2, stride=None):
    stride = pool_size if stride is None else stride
    kw, kh = as_pair(pool_size)  # noqa: F821
    sw, sh = as_pair(stride)  # noqa: F821
    if min(kh, kw, sh, sw) < 1:
        raise ValueError("pool_size and stride must be at least 1")
    if kh > H or kw > W:
        raise ValueError("the window does not fit")
    return (H - kh) // sh + 1, (W - kw) // sw + 1
