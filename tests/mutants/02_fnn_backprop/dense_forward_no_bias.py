"""dense_forward forgets the bias: out = x @ W."""


def dense_forward(x, W, b):
    return x @ W, (x, W, b)
