"""conv2d_output_shape accepts only ints for stride and padding: a pair raises TypeError."""


def conv2d_output_shape(H, W, kh, kw, stride=1, padding=0):
    if kh > H + 2 * padding or kw > W + 2 * padding:
        raise ValueError("kernel too large")
    return (H + 2 * padding - kh) // stride + 1, (W + 2 * padding - kw) // stride + 1
