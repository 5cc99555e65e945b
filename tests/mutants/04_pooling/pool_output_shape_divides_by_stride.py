"""pool_output_shape as H // stride: ignores the window size (right only when it equals the stride)."""


def pool_output_shape(H, W, pool_size=2, stride=None):
    stride = pool_size if stride is None else stride
    kh, kw = as_pair(pool_size)  # noqa: F821
    sh, sw = as_pair(stride)  # noqa: F821
    if min(kh, kw, sh, sw) < 1:
        raise ValueError("pool_size and stride must be at least 1")
    if kh > H or kw > W:
        raise ValueError("the window does not fit")
    return H // sh, W // sw
