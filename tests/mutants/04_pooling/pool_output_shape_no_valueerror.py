"""pool_output_shape never raises: a window larger than the map gives a size of 0 or less."""


def pool_output_shape(H, W, pool_size=2, stride=None):
    stride = pool_size if stride is None else stride
    kh, kw = as_pair(pool_size)  # noqa: F821
    sh, sw = as_pair(stride)  # noqa: F821
    return (H - kh) // sh + 1, (W - kw) // sw + 1
