"""pool_output_shape keeps a default stride of 2 instead of PyTorch's stride = window size."""


def pool_output_shape(H, W, pool_size=2, stride=2):
    kh, kw = as_pair(pool_size)  # noqa: F821
    sh, sw = as_pair(2 if stride is None else stride)  # noqa: F821
    if min(kh, kw, sh, sw) < 1:
        raise ValueError("pool_size and stride must be at least 1")
    if kh > H or kw > W:
        raise ValueError("the window does not fit")
    return (H - kh) // sh + 1, (W - kw) // sw + 1
